import { describe, expect, it } from 'vitest';
import { createAdminApi, handleAdminRequest } from '../../../shared/admin/admin.js';
import type { ParkedEvent } from '../../../shared/platform/dynamodb/parked-events.js';
import { useLocalDynamo } from '../../helpers/dynamo.js';

const dynamo = useLocalDynamo();

const parkedEvent = (eventId: string, parkedAt: string, overrides: Partial<ParkedEvent> = {}): ParkedEvent => ({
  route: 'track',
  eventId,
  detailType: 'Order Completed',
  source: 'shop.example',
  parkedAt,
  reason: 'ValidationError',
  issues: [{ path: 'detail.items[0].price', message: 'Too small: expected number to be >=0' }],
  attempts: 1,
  event: { id: eventId, detail: { orderId: 'o-1' } },
  ...overrides,
});

describe('parked events (DLQ)', () => {
  it('keeps everything about a parked event and lists it back', async () => {
    const event = parkedEvent('e-1', '2026-03-14T10:00:00.000Z');
    await dynamo().parked.park(event);
    expect(await dynamo().parked.list()).toEqual([event]);
  });

  it('lists newest first, up to the limit', async () => {
    const { parked } = dynamo();
    for (const [id, at] of [
      ['e-1', '2026-03-14T10:00:00.000Z'],
      ['e-3', '2026-03-14T12:00:00.000Z'],
      ['e-2', '2026-03-14T11:00:00.000Z'],
    ] as const) {
      await parked.park(parkedEvent(id, at));
    }
    expect((await parked.list()).map((p) => p.eventId)).toEqual(['e-3', 'e-2', 'e-1']);
    expect((await parked.list(2)).map((p) => p.eventId)).toEqual(['e-3', 'e-2']);
  });

  it('reads one page per request, newest first, with a cursor to the next (not the whole queue)', async () => {
    const { parked } = dynamo();
    for (let i = 0; i < 25; i++) {
      await parked.park(parkedEvent(`e-${i}`, `2026-03-14T10:${String(i).padStart(2, '0')}:00.000Z`));
    }
    const first = await parked.page(10);
    expect(first.items.map((p) => p.eventId)).toEqual(Array.from({ length: 10 }, (_, i) => `e-${24 - i}`));
    const seen = [...first.items];
    let cursor = first.nextCursor;
    while (cursor) {
      const next = await parked.page(10, cursor);
      expect(next.items.length).toBeLessThanOrEqual(10);
      seen.push(...next.items);
      cursor = next.nextCursor;
    }
    expect(seen.map((p) => p.eventId)).toEqual(Array.from({ length: 25 }, (_, i) => `e-${24 - i}`));
    await expect(parked.page(10, 'bm90LWEtY3Vyc29y')).rejects.toThrow(/query.cursor/);
  });

  it('parks a redelivered event once per route, keeping the latest attempt', async () => {
    const { parked } = dynamo();
    await parked.park(parkedEvent('e-1', '2026-03-14T10:00:00.000Z'));
    await parked.park(parkedEvent('e-1', '2026-03-14T10:05:00.000Z', { attempts: 3 }));
    await parked.park(parkedEvent('e-1', '2026-03-14T10:06:00.000Z', { route: 'engagement' }));
    const listed = await parked.list();
    expect(listed.map((p) => [p.route, p.eventId, p.attempts])).toEqual([
      ['engagement', 'e-1', 1],
      ['track', 'e-1', 3],
    ]);
  });

  it('is what GET /dlq lists', async () => {
    const { parked, reader } = dynamo();
    await parked.park(parkedEvent('e-1', '2026-03-14T10:00:00.000Z'));
    const router = createAdminApi({ customers: reader, parked });
    const response = await handleAdminRequest(router, {
      method: 'GET',
      path: '/dlq',
      query: new URLSearchParams('limit=10'),
      body: undefined,
    });
    expect(response).toEqual({
      status: 200,
      body: { items: [parkedEvent('e-1', '2026-03-14T10:00:00.000Z')], nextCursor: null },
    });
  });
});
