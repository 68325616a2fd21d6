import type { PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { storefrontExamples } from '../../shared/schemas/examples.js';
import { type EngineHarness, startHarness } from './local-engine.js';
import { observe } from './observe.js';

// Some tests here live a year of engine time, visiting monthly: a few hundred clock stops, each running the due sweeps
// through the real servers. Their cost is work, not waiting (nothing polls or sleeps), so on this shared 2-core machine
// they get the room that work needs when another test run shares the cores.
vi.setConfig({ testTimeout: 120_000 });

// Loyalty on the whole local engine: real SDK in, admin API and the local bus out, time moved by POST /clock.
const customerId = 'cus_loyal';
const shop = (DetailType: string, detail: object): PutEventsRequestEntry => ({
  EventBusName: 'rekindle',
  Source: 'shop.example',
  DetailType,
  Detail: JSON.stringify(detail),
});
const order = {
  ...storefrontExamples['Order Completed'],
  customerId,
  anonymousId: undefined,
  orderId: 'ord_l1',
  occurredAt: '2026-11-01T09:00:00Z',
};

interface Points {
  available: number;
  pending: number;
  lifetime: number;
}
interface Entry {
  key: string;
  type: string;
  points: number;
}

describe('loyalty on the local engine', () => {
  let h: EngineHarness;
  const points = async (): Promise<Points> => {
    const { body } = await h.get(`/customers/${customerId}`);
    expect(body).toHaveProperty('points');
    return (body as { points: Points }).points;
  };
  const ledger = async (): Promise<Entry[]> =>
    ((await h.get(`/customers/${customerId}/ledger`)).body as { items: Entry[] }).items;
  // Events are at-least-once (a retried posting may publish again); consumers dedupe on detail.eventId.
  const busEvents = async (type: string): Promise<string[]> => {
    const { body } = await h.get(`/bus/events?type=${encodeURIComponent(type)}`);
    const items = (body as { items: { detail: { eventId: string } }[] }).items;
    return [...new Set(items.map((e) => e.detail.eventId))];
  };

  beforeAll(async () => {
    h = await startHarness(new Date('2026-11-01T09:00:00Z'));
    const registered = { ...storefrontExamples['Customer Registered'], customerId, anonymousId: undefined };
    await h.put([shop('Customer Registered', registered), shop('Order Completed', order)]);
    await h.settle();
  });
  afterAll(async () => h?.stop());

  it("awards the order once, held as pending for the return window with its order's bonus; signup bonus at once", async () => {
    await h.put([shop('Order Completed', order)]); // a redelivery
    await h.settle();
    const entries = await ledger();
    const earned = entries.filter((e) => e.type === 'earn');
    expect(earned).toHaveLength(1);
    const sum = (key: string) => entries.filter((e) => e.key.startsWith(key)).reduce((n, e) => n + e.points, 0);
    // The first-order bonus is the order's: it waits for the return window like the order's points.
    expect(sum('bonus:nth:1:')).toBe(50);
    expect(await points()).toMatchObject({
      pending: (earned[0]?.points ?? 0) + sum('bonus:nth:'),
      available: sum('bonus:signup'),
    });
    expect(await busEvents('Points Awarded')).toHaveLength(entries.length);
  });

  it('releases pending points when the clock passes the return window', async () => {
    // Points a workflow step gives on the way (the welcome series' gift, once its overdue timer fires) add to it.
    const granted = async () =>
      (await ledger()).filter((e) => e.key.startsWith('grant:')).reduce((n, e) => n + e.points, 0);
    await h.settle();
    const before = { ...(await points()), granted: await granted() };
    await h.post('/clock', { advance: 'P15D' });
    await h.settle();
    const gifts = (await granted()) - before.granted;
    expect(await points()).toMatchObject({ pending: 0, available: before.available + before.pending + gifts });
  });

  it('redeems points into a coupon, idempotent on the key, and refuses a short balance clearly', async () => {
    const before = await points();
    const first = await h.post(`/customers/${customerId}/redemptions`, { key: 'checkout-1', points: 500 });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ points: 500, code: expect.stringMatching(/^RK-/) });
    const again = await h.post(`/customers/${customerId}/redemptions`, { key: 'checkout-1', points: 500 });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect((await points()).available).toBe(before.available - 500);
    const short = await h.post(`/customers/${customerId}/redemptions`, { key: 'checkout-2', points: 1_000_000 });
    expect(short.status).toBe(409);
    expect(short.body).toMatchObject({ error: 'InsufficientPoints' });
    expect(JSON.stringify(short.body)).toContain(String(before.available - 500));
  });

  it('reverses points in proportion to a refund', async () => {
    const earned = (await ledger()).find((e) => e.type === 'earn')?.points ?? 0;
    const refund = { customerId, orderId: order.orderId, refundId: 'ref_l1', amount: order.total / 2 };
    await h.put([shop('Order Refunded', refund), shop('Order Refunded', refund)]);
    await h.settle();
    const reversed = (await ledger()).filter((e) => e.type === 'reverse');
    expect(reversed).toHaveLength(1);
    expect(reversed[0]?.points).toBe(-Math.round(earned / 2));
    expect(await busEvents('Points Reversed')).toHaveLength(1);
  });

  it('parks an order in a currency without an exchange rate with the reason, instead of giving it 0 points', async () => {
    const yen = { ...order, customerId: 'cus_yen', orderId: 'ord_yen', currency: 'JPY', total: 5000, items: [] };
    await h.put([shop('Order Completed', yen)]);
    await h.settle();
    const { body } = await h.get('/dlq?limit=100');
    const parked = (body as { items: { route: string; reason: string }[] }).items.filter((p) => p.route === 'loyalty');
    expect(parked.map((p) => p.reason)).toEqual([
      'detail.currency: no exchange rate from JPY to SAR on 2026-11-01 in workflows/currencies.json',
    ]);
    expect((await h.get('/customers/cus_yen/ledger')).body).toMatchObject({ items: [] });
  });

  it('reminds ahead of expiry, then expires points when the clock passes it, and says both on the bus', async () => {
    // A member who keeps visiting (a silent one would have been won back, then purged, by the shipped win-back).
    const o = observe(h);
    // The order's lot (2026-11-01) turns 12 months old on 2027-11-01 and expires at the start of the next month,
    // 2027-12-01; its 30-day reminder window opens 2027-11-01, so mid-November is inside it.
    await o.clockToVisiting('2027-11-15T09:00:00.000Z', [customerId]);
    expect((await busEvents('Points Expiring')).length).toBeGreaterThan(0);
    // On the way, the birthday (--09-23, Asia/Riyadh, from the registration) earned its bonus, once.
    const birthday = (await ledger()).filter((e) => e.key.startsWith('bonus:birthday:'));
    expect(birthday.map((e) => e.key)).toEqual(['bonus:birthday:2027']);
    expect(await busEvents('Points Expired')).toHaveLength(0);
    await o.clockToVisiting('2028-11-15T09:00:00.000Z', [customerId]); // 12 months on
    // Everything from 2026-27 has expired; only the 2028 birthday bonus (a year to live) is left.
    const entries = await ledger();
    const birthday2028 = entries.filter((e) => e.key === 'bonus:birthday:2028');
    expect(birthday2028).toHaveLength(1);
    expect(await points()).toMatchObject({ available: birthday2028[0]?.points, pending: 0 });
    expect((await ledger()).some((e) => e.type === 'expire')).toBe(true);
    expect((await busEvents('Points Expired')).length).toBeGreaterThan(0);
  });
});
