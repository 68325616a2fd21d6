import { DeleteCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BusEvent, type RunningServer, startEventBridgeServer } from '../../../infra/local/eventbridge-server.js';
import { addDays, type InactivityThreshold, sweepInactivity } from '../../../shared/lifecycle/core/inactivity.js';
import { DynamoInactivityStore } from '../../../shared/lifecycle/store/inactivity-store.js';
import { keys } from '../../../shared/platform/dynamodb/keys.js';
import { EventBridgePublisher } from '../../../shared/platform/eventbridge/publisher.js';
import { customerBecameInactive } from '../../../shared/schemas/lifecycle-events.js';
import { useLocalDynamo } from '../../helpers/dynamo.js';
import { metered } from '../../helpers/metered-dynamo.js';

const dynamo = useLocalDynamo();

// 1,000 customers, 10 last active on each of 100 days from `firstDay`, at a time of day that differs per customer.
const firstDay = '2026-01-01';
const customers = 1_000;
const spreadDays = 100;
const thresholds: InactivityThreshold[] = [30, 60, 90].map((days) => ({ basis: 'activity', days }));
const idOf = (i: number) => `cus_${String(i).padStart(4, '0')}`;
const activeAt = (i: number) =>
  `${addDays(firstDay, i % spreadDays)}T${String(i % 24).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:00.000Z`;
const detailOf = (e: BusEvent) => e.event.detail as { eventId?: string; customerId?: string };
const midnight = (day: string) => new Date(`${day}T00:00:00.000Z`);

describe('inactivity sweep over DynamoDB and the local PutEvents endpoint', () => {
  let eventBridge: RunningServer;
  const published: BusEvent[] = [];
  beforeAll(async () => {
    eventBridge = await startEventBridgeServer({
      port: 0,
      buses: ['rekindle'],
      now: () => new Date(),
      onEvents: (events) => {
        published.push(...events);
      },
    });
  });
  afterAll(async () => eventBridge?.close());

  async function seed(): Promise<void> {
    const { profiles } = dynamo();
    for (let i = 0; i < customers; i += 50) {
      await Promise.all(
        Array.from({ length: Math.min(50, customers - i) }, (_, k) => profiles.touch(idOf(i + k), activeAt(i + k))),
      );
    }
  }

  function sweeper(sweptThresholds: readonly InactivityThreshold[] = thresholds) {
    const { db, meter } = metered(dynamo().url);
    const store = new DynamoInactivityStore(db, dynamo().table);
    const publisher = EventBridgePublisher.create('rekindle', eventBridge.url);
    const sweep = (at: Date) => sweepInactivity(store, publisher, sweptThresholds, at, 30);
    return { sweep, meter, close: () => db.destroy() };
  }

  /** The crossings of `day`: every customer last active N days before it, for each N. */
  function expectedOn(day: string): string[] {
    const ids: string[] = [];
    for (const { days } of thresholds) {
      for (let i = 0; i < customers; i++) {
        const at = activeAt(i);
        if (at.slice(0, 10) !== addDays(day, -days)) continue;
        ids.push(`inactive:${idOf(i)}:activity:${days}:${at.slice(0, 10)}`);
      }
    }
    return ids.sort();
  }

  const eventIds = (events: readonly BusEvent[]) => events.map((e) => String(detailOf(e).eventId)).sort();

  it('reads only the customers crossing a threshold that day and announces exactly those, at the crossing instant', async () => {
    await seed();
    const s = sweeper();
    const before = published.length;
    // At midnight on day 101, day 100 (index 99 + 1) is complete: customers last active on days 10, 40 and 70 cross.
    const day = addDays(firstDay, 100);
    const result = await s.sweep(midnight(addDays(day, 1)));
    const events = published.slice(before);

    expect(result).toEqual({ days: [day], published: 30 });
    expect(eventIds(events)).toEqual(expectedOn(day));
    for (const e of events) expect(customerBecameInactive.safeParse(e.event.detail).success).toBe(true);
    expect(s.meter.queryItems).toBe(30); // 30 of 1,000 profiles read through the index
    expect(s.meter.requests).toEqual({ GetItem: 1, Query: 3, BatchGetItem: 3, UpdateItem: 1 });
    const one = events.find((e) => detailOf(e).customerId === idOf(10));
    expect(one?.event).toMatchObject({
      source: 'rekindle',
      'detail-type': 'Customer Became Inactive',
      detail: {
        customerId: idOf(10),
        eventId: `inactive:${idOf(10)}:activity:90:${addDays(firstDay, 10)}`,
        occurredAt: `${day}T10:10:00.000Z`, // 90 days after 10:10 on its last active day
        basis: 'activity',
        days: 90,
      },
    });
    s.close();
  });

  it('running again publishes nothing new; sweeping a day again gives the same eventIds', async () => {
    await seed();
    const s = sweeper();
    const day = addDays(firstDay, 100);
    const before = published.length;
    await s.sweep(midnight(addDays(day, 1)));
    const first = eventIds(published.slice(before));
    const again = await s.sweep(new Date(`${addDays(day, 1)}T15:00:00.000Z`));
    expect(again).toEqual({ days: [], published: 0 });
    expect(published.length - before).toBe(first.length);
    // Even with the progress record lost (a crash before it was written), the redelivery carries the same ids.
    await dynamo().db.send(
      new DeleteCommand({
        TableName: dynamo().table,
        Key: { pk: 'SWEEP#inactivity', sk: 'SWEEP' },
      }),
    );
    const mid = published.length;
    await s.sweep(midnight(addDays(day, 1)));
    expect(eventIds(published.slice(mid))).toEqual(first);
    s.close();
  });

  it('a customer active again is not announced for the old silence; the new silence is a new crossing', async () => {
    await seed();
    const s = sweeper();
    const day = addDays(firstDay, 100);
    await s.sweep(midnight(day)); // up to date through the day before
    // idOf(40) was last active on day 40 and would cross 60 days on day 100; it comes back on day 90.
    await dynamo().profiles.touch(idOf(40), `${addDays(firstDay, 90)}T08:00:00.000Z`);
    const before = published.length;
    await s.sweep(midnight(addDays(day, 1)));
    const ids = eventIds(published.slice(before));
    expect(ids).toHaveLength(29);
    expect(ids.some((id) => id.startsWith(`inactive:${idOf(40)}:`))).toBe(false);
    const later = published.length;
    await s.sweep(midnight(addDays(firstDay, 121))); // 30 days after day 90, among those of days 91 to 120
    expect(eventIds(published.slice(later))).toContain(`inactive:${idOf(40)}:activity:30:${addDays(firstDay, 90)}`);
    s.close();
  });

  it('catches up the days it missed: after 3 missed days, one run sweeps all four, one Query per threshold and day', async () => {
    await seed();
    const s = sweeper();
    const day = addDays(firstDay, 100);
    await s.sweep(midnight(day));
    const before = published.length;
    const queries = s.meter.requests.Query ?? 0;
    const items = s.meter.queryItems;
    const result = await s.sweep(midnight(addDays(day, 4)));
    const days = [0, 1, 2, 3].map((d) => addDays(day, d));
    expect(result.days).toEqual(days);
    expect(eventIds(published.slice(before))).toEqual(days.flatMap(expectedOn).sort());
    expect((s.meter.requests.Query ?? 0) - queries).toBe(12);
    expect(s.meter.queryItems - items).toBe(result.published);
    s.close();
  });

  describe('no purchase in N days (basis purchase, the byOrderDay index)', () => {
    // Every third customer ordered, 20 days before their last activity (an order is activity too; they browsed since).
    const orders = (i: number) => (i % 3 === 0 ? [orderAt(i)] : []);
    const orderAt = (i: number) => new Date(Date.parse(activeAt(i)) - 20 * 86_400_000).toISOString();
    const withPurchase: InactivityThreshold[] = [...thresholds, { basis: 'purchase', days: 90 }];

    async function seedOrders(): Promise<void> {
      const { profiles } = dynamo();
      for (let i = 0; i < customers; i += 3) {
        for (const at of orders(i)) {
          await profiles.addOrder(idOf(i), { orderId: `o-${i}-${at}`, at, total: 50, currency: 'SAR', itemCount: 1 });
        }
      }
    }

    /** The purchase crossings of `day`: every customer whose last order was 90 days before it. */
    function purchaseExpectedOn(day: string): string[] {
      const last = addDays(day, -90);
      return Array.from({ length: customers }, (_, i) => i)
        .filter((i) => orders(i).at(-1)?.slice(0, 10) === last)
        .map((i) => `inactive:${idOf(i)}:purchase:90:${last}`);
    }

    it('reads only the customers whose last order was N days before, beside the activity crossings, with ids of their own', async () => {
      await seed();
      await seedOrders();
      const s = sweeper(withPurchase);
      const before = published.length;
      const day = addDays(firstDay, 100);
      const result = await s.sweep(midnight(addDays(day, 1)));
      const events = published.slice(before);
      const purchase = events.filter((e) => (e.event.detail as { basis?: string }).basis === 'purchase');

      // Ordered on day 10 (last active on day 30): customers 30, 330, 630 and 930; 30 activity crossings as before.
      expect(eventIds(purchase)).toEqual(purchaseExpectedOn(day).sort());
      expect(purchase).toHaveLength(4);
      expect(result).toEqual({ days: [day], published: 34 });
      expect(eventIds(events.filter((e) => !purchase.includes(e)))).toEqual(expectedOn(day));
      expect(s.meter.byIndex.byOrderDay).toEqual({ queries: 1, items: 4 });
      expect(s.meter.batchGetKeys).toBe(34);
      for (const e of purchase) expect(customerBecameInactive.safeParse(e.event.detail).success).toBe(true);
      expect(purchase.find((e) => detailOf(e).customerId === idOf(330))?.event.detail).toEqual({
        customerId: idOf(330),
        eventId: `inactive:${idOf(330)}:purchase:90:${addDays(firstDay, 10)}`,
        occurredAt: `${day}T18:30:00.000Z`, // 90 days after the order at 18:30 on day 10
        basis: 'purchase',
        days: 90,
      });
      s.close();
    });

    it('announces only customers who ordered: over 30 days of catch-up, every purchase event is an order 90 days old', async () => {
      await seed();
      await seedOrders();
      const s = sweeper([{ basis: 'purchase', days: 90 }]);
      const first = addDays(firstDay, 80);
      await s.sweep(midnight(first));
      const before = published.length;
      const result = await s.sweep(midnight(addDays(first, 30)));
      const expected = result.days.flatMap(purchaseExpectedOn).sort();
      expect(result.days).toHaveLength(30);
      expect(expected.length).toBeGreaterThan(90);
      expect(eventIds(published.slice(before))).toEqual(expected);
      const announced = new Set(published.slice(before).map((e) => detailOf(e).customerId));
      for (let i = 1; i < customers; i += 3) expect(announced.has(idOf(i))).toBe(false); // never ordered
      s.close();
    });

    it('a new order resets it (an older one arriving late does not); an anonymous visitor is never indexed', async () => {
      await seed();
      await seedOrders();
      const { profiles, db, table } = dynamo();
      const s = sweeper([{ basis: 'purchase', days: 90 }]);
      const day = addDays(firstDay, 100);
      await s.sweep(midnight(day));
      // idOf(330) last ordered on day 10 and would cross 90 days on day 100; it orders again on day 50, and an
      // order of day 5 is delivered after that.
      const again = `${addDays(firstDay, 50)}T09:00:00.000Z`;
      await profiles.addOrder(idOf(330), { orderId: 'o-again', at: again, total: 10, currency: 'SAR', itemCount: 1 });
      const late = `${addDays(firstDay, 5)}T09:00:00.000Z`;
      await profiles.addOrder(idOf(330), { orderId: 'o-late', at: late, total: 10, currency: 'SAR', itemCount: 1 });
      await profiles.addOrder('anon:visitor-1', {
        orderId: 'o-anon',
        at: late,
        total: 10,
        currency: 'SAR',
        itemCount: 1,
      });
      const before = published.length;
      await s.sweep(midnight(addDays(day, 1)));
      expect(eventIds(published.slice(before))).toEqual(
        purchaseExpectedOn(day).filter((id) => !id.startsWith(`inactive:${idOf(330)}:`)),
      );
      const later = published.length;
      await s.sweep(midnight(addDays(firstDay, 141))); // 90 days after day 50
      expect(eventIds(published.slice(later))).toContain(`inactive:${idOf(330)}:purchase:90:${addDays(firstDay, 50)}`);
      const { Item } = await db.send(new GetCommand({ TableName: table, Key: keys.profile('anon:visitor-1') }));
      expect(Item).toMatchObject({ lastOrderAt: late });
      expect(Item?.orderDay).toBeUndefined();
      s.close();
    });
  });
});
