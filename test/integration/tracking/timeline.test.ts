import { describe, expect, it } from 'vitest';
import { createAdminApi, handleAdminRequest } from '../../../shared/admin/admin.js';
import type { TimelineQuery } from '../../../shared/customer/core/views.js';
import type { TimelineEntry } from '../../../shared/tracking/core/model.js';
import { trackEngagementEvent } from '../../../shared/tracking/core/track-engagement.js';
import { trackStorefrontEvent } from '../../../shared/tracking/core/track-storefront.js';
import { useLocalDynamo } from '../../helpers/dynamo.js';
import { sesEvent, sesMail, storefront } from '../../helpers/events.js';

const dynamo = useLocalDynamo();
const customerId = 'cus_tl';

/** 12 product views (web) and 12 engagement events (email), interleaved in time but tracked in a shuffled order. */
async function seed(): Promise<void> {
  const { store } = dynamo();
  const minute = (i: number) => `2026-03-14T10:${String(i).padStart(2, '0')}:00.000Z`;
  const mail = sesMail({ messageId: 'msg-tl', tags: { customerId: [customerId] } });
  const events = Array.from({ length: 24 }, (_, i) => {
    if (i % 2 === 0) {
      return () =>
        trackStorefrontEvent(
          store,
          storefront('Product Viewed', { customerId, occurredAt: minute(i), product: { productId: `p-${i}` } }),
        );
    }
    const type = i % 4 === 1 ? 'Email Clicked' : 'Email Opened';
    const part =
      type === 'Email Clicked' ? { timestamp: minute(i), link: `https://shop.example/${i}` } : { timestamp: minute(i) };
    return () => trackEngagementEvent(store, sesEvent(type, mail, part));
  });
  const shuffled = events.map((run, i) => ({ run, order: (i * 7) % 24 })).sort((a, b) => a.order - b.order);
  for (const { run } of shuffled) await run();
}

async function readAll(query: Omit<TimelineQuery, 'cursor'>): Promise<{ pages: number; items: TimelineEntry[] }> {
  const items: TimelineEntry[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await dynamo().reader.timeline(customerId, { ...query, cursor });
    expect(page.items.length).toBeLessThanOrEqual(query.limit);
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
    pages += 1;
  } while (cursor && pages < 50);
  return { pages, items };
}

const times = (items: readonly TimelineEntry[]) => items.map((e) => e.occurredAt);
const newestFirst = (items: readonly TimelineEntry[]) => [...times(items)].sort().reverse();

describe('the timeline', () => {
  it('lists every entry newest first', async () => {
    await seed();
    const { items } = await dynamo().reader.timeline(customerId, { limit: 100 });
    expect(items).toHaveLength(24);
    expect(times(items)).toEqual(newestFirst(items));
    expect(items[0]).toMatchObject({ occurredAt: '2026-03-14T10:23:00.000Z', type: 'Email Opened', channel: 'email' });
  });

  it('filters by channel', async () => {
    await seed();
    const web = await dynamo().reader.timeline(customerId, { channel: 'web', limit: 100 });
    expect(web.items).toHaveLength(12);
    expect(new Set(web.items.map((e) => e.channel))).toEqual(new Set(['web']));
    const sms = await dynamo().reader.timeline(customerId, { channel: 'sms', limit: 100 });
    expect(sms).toEqual({ items: [], nextCursor: null });
  });

  it('filters by type, alone and together with the channel', async () => {
    await seed();
    const clicks = await dynamo().reader.timeline(customerId, { type: 'Email Clicked', limit: 100 });
    expect(clicks.items.map((e) => e.type)).toEqual(Array(6).fill('Email Clicked'));
    expect(times(clicks.items)).toEqual(newestFirst(clicks.items));
    const none = await dynamo().reader.timeline(customerId, { channel: 'web', type: 'Email Clicked', limit: 100 });
    expect(none.items).toEqual([]);
  });

  it('pages with limit and cursor, returning every entry exactly once, in order', async () => {
    await seed();
    const { items: all } = await dynamo().reader.timeline(customerId, { limit: 100 });
    const { pages, items } = await readAll({ limit: 5 });
    expect(pages).toBeGreaterThanOrEqual(5);
    expect(items.map((e) => e.key)).toEqual(all.map((e) => e.key));
    expect(new Set(items.map((e) => e.key)).size).toBe(24);
  });

  it('pages a filtered timeline, filling each page and returning every match exactly once', async () => {
    await seed();
    const { pages, items } = await readAll({ channel: 'email', limit: 4 });
    expect(pages).toBeGreaterThanOrEqual(3);
    expect(items).toHaveLength(12);
    expect(new Set(items.map((e) => e.key)).size).toBe(12);
    expect(times(items)).toEqual(newestFirst(items));
    const first = await dynamo().reader.timeline(customerId, { channel: 'email', limit: 4 });
    expect(first.items).toHaveLength(4);
  });

  it('has no next page after the last entry', async () => {
    await seed();
    const page = await dynamo().reader.timeline(customerId, { limit: 100 });
    expect(page.nextCursor).toBeNull();
  });
});

describe('the timeline through the admin API', () => {
  const admin = () => {
    const { reader, parked } = dynamo();
    const router = createAdminApi({ customers: reader, parked });
    return (target: string) => {
      const url = new URL(target, 'http://admin.local');
      return handleAdminRequest(router, {
        method: 'GET',
        path: url.pathname,
        query: url.searchParams,
        body: undefined,
      });
    };
  };

  it('serves pages whose cursor leads to the next page', async () => {
    await seed();
    const get = admin();
    const first = await get(`/customers/${customerId}/timeline?limit=10&channel=web`);
    expect(first.status).toBe(200);
    const body = first.body;
    const cursor = typeof body === 'object' && body !== null && 'nextCursor' in body ? body.nextCursor : null;
    expect(typeof cursor).toBe('string');
    const second = await get(`/customers/${customerId}/timeline?limit=10&channel=web&cursor=${String(cursor)}`);
    expect(second.body).toMatchObject({ nextCursor: null });
    const rest = second.body;
    expect(
      rest !== null && typeof rest === 'object' && 'items' in rest && Array.isArray(rest.items) && rest.items.length,
    ).toBe(2);
  });

  it('answers a cursor that is not one it issued with a 400 naming query.cursor', async () => {
    await seed();
    const get = admin();
    for (const cursor of ['not-a-cursor', Buffer.from('{"pk":"CUST#someone-else"}').toString('base64url')]) {
      const response = await get(`/customers/${customerId}/timeline?cursor=${cursor}`).catch((error: unknown) => ({
        status: 500,
        body: String(error),
      }));
      expect(response.status, cursor).toBe(400);
      expect(JSON.stringify(response.body)).toContain('query.cursor');
    }
  });
});
