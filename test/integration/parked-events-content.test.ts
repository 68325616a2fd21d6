import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import type { ParkedEvent } from '../../shared/platform/dynamodb/parked-events.js';
import { useLocalDynamo } from '../helpers/dynamo.js';

const dynamo = useLocalDynamo();

const parked = (eventId: string, event: unknown, overrides: Partial<ParkedEvent> = {}): ParkedEvent => ({
  route: 'track',
  eventId,
  detailType: 'Order Completed',
  source: 'shop.example',
  parkedAt: '2026-03-14T10:00:00.000Z',
  reason: 'detail.total: must be at most 1000000000000 (a trillion in the currency)',
  issues: [{ path: 'detail.total', message: 'must be at most 1000000000000 (a trillion in the currency)' }],
  attempts: 1,
  event,
  ...overrides,
});

/** `{"a":{"a":…{"a":1}…}}`, `levels` objects deep. */
const nested = (levels: number): unknown => JSON.parse(`${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`);

/** Parks one event in the test's own table and lists it back. */
async function parkAndList(event: ParkedEvent): Promise<ParkedEvent | undefined> {
  await dynamo().parked.park(event);
  const listed = await dynamo().parked.list();
  expect(listed).toHaveLength(1);
  return listed[0];
}

describe('parking an event never fails because of what the event holds', () => {
  it('keeps numbers a marshalled map refuses, exactly as JSON holds them', async () => {
    const detail = { total: 1e16, big: 2 ** 53, tiny: 1e-131, huge: 1e300, negative: -1e20 };
    const listed = await parkAndList(parked('e-numbers', { id: 'e-numbers', detail }));
    expect(listed?.event).toEqual({ id: 'e-numbers', detail });
  });

  it('keeps Infinity and NaN, which JSON cannot hold, as strings', async () => {
    const listed = await parkAndList(parked('e-infinite', { detail: { total: Infinity, low: -Infinity, x: NaN } }));
    expect(listed?.event).toEqual({ detail: { total: 'Infinity', low: '-Infinity', x: 'NaN' } });
  });

  it('keeps __proto__ and constructor keys as data, without touching any prototype', async () => {
    const event = JSON.parse('{"detail":{"consents":{"__proto__":{"polluted":true},"constructor":{"x":1}}}}');
    const listed = await parkAndList(parked('e-proto', event));
    expect(JSON.stringify(listed?.event)).toBe(JSON.stringify(event));
    expect(Object.hasOwn(Object.prototype, 'polluted')).toBe(false);
  });

  it('keeps nesting deeper than the 32 levels a DynamoDB map allows, up to the 1,000 EventBridge allows', async () => {
    const { parked: store } = dynamo();
    for (const levels of [33, 1000]) await store.park(parked(`e-deep-${levels}`, { detail: nested(levels) }));
    const listed = await store.list();
    for (const levels of [33, 1000]) {
      expect(listed.find((p) => p.eventId === `e-deep-${levels}`)?.event).toEqual({ detail: nested(levels) });
    }
  });

  it('parks an event too deep even to serialise, saying so', async () => {
    const listed = await parkAndList(parked('e-deeper', { detail: nested(20_000) }));
    expect(listed?.event).toEqual({ unserialisable: expect.stringMatching(/call stack/) });
  });

  it('cuts an event too large for one item and says how large it was', async () => {
    const detail = { note: 'é'.repeat(300_000) };
    const listed = await parkAndList(parked('e-large', { detail }));
    const bytes = Buffer.byteLength(JSON.stringify({ detail }));
    expect(listed?.event).toEqual({ truncated: true, bytes, json: expect.stringMatching(/^\{"detail":\{"note":"éé/) });
  });

  it('fits one item however many and long the reasons are, cutting the event to what they leave', async () => {
    const issues = Array.from({ length: 1_000 }, (_, i) => ({ path: `detail.k${i}`, message: '€'.repeat(10_000) }));
    const event = { detail: { note: '€'.repeat(400_000) } };
    const listed = await parkAndList(parked('e-wordy', event, { issues, reason: '€'.repeat(100_000) }));
    expect(listed?.issues).toHaveLength(20);
    expect(listed?.event).toMatchObject({ truncated: true, bytes: Buffer.byteLength(JSON.stringify(event)) });
  });

  it('caps texts taken from the event and replaces lone surrogates', async () => {
    const longId = 'x'.repeat(5_000);
    const listed = await parkAndList(
      parked(longId, { id: longId }, { reason: `bad key "\ud800" ${'y'.repeat(10_000)}`, detailType: 'T\udc00' }),
    );
    expect(listed?.eventId).toBe(`${'x'.repeat(300)}…`);
    expect(listed?.detailType).toBe('T\ufffd');
    expect(listed?.reason.startsWith('bad key "\ufffd" yyy')).toBe(true);
    expect(listed?.reason.length).toBeLessThan(2_100);
    expect(listed?.event).toEqual({ id: longId });
  });

  it('still lists events parked as a marshalled map before they were kept as JSON text', async () => {
    const { db, table, parked: store } = dynamo();
    const legacy = { ...parked('e-legacy', { id: 'e-legacy', detail: { total: 5 } }) };
    const sk = `T#${legacy.parkedAt}#track#e-legacy`;
    await db.send(new PutCommand({ TableName: table, Item: { pk: 'DLQ', sk, ...legacy } }));
    expect(await store.list()).toEqual([legacy]);
  });
});

describe('reading numbers back', () => {
  it('reads a sum DynamoDB made beyond 2^53 as a number, not a BigInt or an error', async () => {
    const { db, table } = dynamo();
    const Key = { pk: 'STATS', sk: 'revenue' };
    for (let i = 0; i < 2; i++) {
      await db.send(
        new UpdateCommand({
          TableName: table,
          Key,
          UpdateExpression: 'ADD revenue :amount',
          ExpressionAttributeValues: { ':amount': 9_000_000_000_000_000 },
        }),
      );
    }
    const { Item } = await db.send(new GetCommand({ TableName: table, Key }));
    expect(Item?.revenue).toBe(18_000_000_000_000_000);
  });
});
