import { describe, expect, it } from 'vitest';
import { balanceAt } from '../../../shared/loyalty/core/balance.js';
import { day, expectInvariants, lotsOf, order, orderRecord, program, refund, run } from './helpers.js';

const shipped = program();
const pointsOf = (r: ReturnType<typeof run>, key: string) => r.entries.find((e) => e.key === key)?.points;

describe('earning points on an order', () => {
  it('earns pointsPerUnit per unit of the total, rounded down once at the end', () => {
    const r = run(shipped, [order('o1', 99.99, day(1))]);
    expect(pointsOf(r, 'earn:order:o1')).toBe(99);
    expect(orderRecord(r, 'o1')?.order).toMatchObject({ total: 99.99, points: 99, refunded: 0, reversed: 0 });
    expectInvariants(shipped, r);
  });

  it('weights category multipliers by item value and applies them to the order total', () => {
    // Fragrance earns 2x: (60 x 2 + 40 x 1) / 100 = 1.6 on a total of 90 (after a discount) = 144.
    const items = [
      { price: 30, quantity: 2, category: 'Fragrance' },
      { price: 40, quantity: 1, category: 'Makeup' },
    ];
    const r = run(shipped, [order('o1', 90, day(1), { items })]);
    expect(pointsOf(r, 'earn:order:o1')).toBe(144);
  });

  it('multiplies the covered items by a promotion from its start (inclusive) to its end (exclusive)', () => {
    const items = [{ price: 100, quantity: 1, category: 'Fragrance' }];
    const at = (iso: string, id: string) =>
      pointsOf(run(shipped, [order(id, 100, iso, { items })]), `earn:order:${id}`);
    expect(at('2027-02-07T23:59:59Z', 'before')).toBe(200);
    expect(at('2027-02-08T00:00:00Z', 'first')).toBe(400);
    expect(at('2027-03-08T23:59:59Z', 'last')).toBe(400);
    expect(at('2027-03-09T00:00:00Z', 'after')).toBe(200);
  });

  it('does not multiply items outside the promotion categories, nor an order without items', () => {
    const during = '2027-02-20T12:00:00Z';
    const makeup = [{ price: 100, quantity: 1, category: 'Makeup' }];
    expect(pointsOf(run(shipped, [order('o1', 100, during, { items: makeup })]), 'earn:order:o1')).toBe(100);
    expect(pointsOf(run(shipped, [order('o2', 100, during)]), 'earn:order:o2')).toBe(100);
  });

  it('applies a promotion without categories to the whole order, and multiplies overlapping promotions', () => {
    const p = program((json) => {
      json.earn.promotions = [
        { id: 'weekend', from: '2027-01-01T00:00:00Z', to: '2027-01-03T00:00:00Z', multiplier: 3 },
        { id: 'new-year', from: '2027-01-01T00:00:00Z', to: '2027-01-02T00:00:00Z', multiplier: 1.5 },
      ];
    });
    expect(pointsOf(run(p, [order('o1', 10, day(0.5))]), 'earn:order:o1')).toBe(45);
    expect(pointsOf(run(p, [order('o2', 10, day(1.5))]), 'earn:order:o2')).toBe(30);
  });

  it.each([
    ['floor', 12],
    ['round', 13],
    ['ceil', 13],
  ] as const)('rounds with %s', (rounding, expected) => {
    const p = program((json) => {
      json.earn.rounding = rounding;
      json.earn.pointsPerUnit = 1.05;
    });
    expect(pointsOf(run(p, [order('o1', 12, day(1))]), 'earn:order:o1')).toBe(expected); // 12.6
  });

  it('does not let binary floating point push a whole number over the edge', () => {
    const p = program((json) => {
      json.earn.rounding = 'ceil';
      json.earn.pointsPerUnit = 1.1;
    });
    expect(pointsOf(run(p, [order('o1', 100, day(1))]), 'earn:order:o1')).toBe(110);
  });

  it('earns with the multiplier of the tier the customer has when the order is posted', () => {
    // 1000 SAR reaches silver (1.25x) with this order: it earns at bronze, the next one at silver.
    const r = run(shipped, [order('o1', 1000, day(1)), order('o2', 100, day(2))]);
    expect(pointsOf(r, 'earn:order:o1')).toBe(1000);
    expect(pointsOf(r, 'earn:order:o2')).toBe(125);
  });

  it('keeps the points pending for the return window, to the midnight after it, then spendable until they expire', () => {
    const r = run(shipped, [order('o1', 200, '2027-01-10T10:00:00Z')]);
    // Released at the first midnight (UTC) after 14 days; expiring at the start of the month after they turn 12
    // months: one lot per release day and per expiry month, however many orders there are.
    // The first-order bonus waits with the order's points.
    expect(r.account.lots).toEqual([
      { remaining: 250, expiresAt: '2028-02-01T00:00:00.000Z', availableAt: '2027-01-25T00:00:00.000Z' },
    ]);
    expect(lotsOf(r.account)).toEqual({ '2028-02-01@2027-01-25': 250 });
    expect(balanceAt(r.account, '2027-01-24T23:59:59Z')).toEqual({ available: 0, pending: 250, lifetime: 250 });
    expect(balanceAt(r.account, '2027-01-25T00:00:00Z')).toEqual({ available: 250, pending: 0, lifetime: 250 });
    expect(balanceAt(r.account, '2028-01-31T23:59:59Z')).toEqual({ available: 250, pending: 0, lifetime: 250 });
    expect(balanceAt(r.account, '2028-02-01T00:00:00Z')).toEqual({ available: 0, pending: 0, lifetime: 250 });
  });

  it('puts the orders of a day in one pending lot, which joins its expiry month at the first posting after', () => {
    const hourly = Array.from({ length: 48 }, (_, i) => order(`o${i}`, 10, day(10 + (i + 0.5) / 24)));
    const r = run(shipped, hourly);
    expect(lotsOf(r.account)).toEqual({
      '2028-02-01@2027-01-26': 240 + 550, // with the 1st and 5th order bonuses, pending like their orders' points
      '2028-02-01@2027-01-27': 240,
    });
    const later = run(shipped, [order('late', 10, day(25.5))], r);
    expect(lotsOf(later.account)).toEqual({
      '2028-02-01': 240 + 550, // released on 2027-01-26: joined at this posting
      '2028-02-01@2027-01-27': 240,
      '2028-02-01@2027-02-10': 10,
    });
    expectInvariants(shipped, {
      ...later,
      entries: [...r.entries, ...later.entries],
      events: [...r.events, ...later.events],
    });
  });

  it('publishes Points Awarded with when the points become available and when they expire', () => {
    const r = run(shipped, [order('o1', 200, '2027-01-10T10:00:00Z')]);
    expect(r.events[0]).toMatchObject({
      type: 'Points Awarded',
      key: 'earn:order:o1',
      detail: {
        customerId: 'cus_1',
        points: 200,
        reason: 'order',
        orderId: 'o1',
        occurredAt: '2027-01-10T10:00:00.000Z',
        availableAt: '2027-01-25T00:00:00.000Z',
        expiresAt: '2028-02-01T00:00:00.000Z',
      },
    });
    expect(r.events[0]?.detail.eventId).toMatch(/^[0-9a-f]{32}$/);
  });

  it('refuses an order in another currency without an exchange rate, naming the reason: never 0 points silently', () => {
    const r = run(shipped, [order('o1', 5000, day(1), { currency: 'USD' })]);
    expect(r.entries).toEqual([]);
    expect(r.last.outcome).toEqual({
      status: 'refused',
      reason: 'no-exchange-rate',
      message: 'no exchange rate from USD to SAR on 2027-01-02',
    });
    // Not recorded: the same order is posted once a rate is known, and a refund of it waits (held) until then.
    expect(r.last.records).toEqual([]);
    const held = run(shipped, [refund('r1', 'o1', 100, day(2))], r);
    expect(held.last.outcome).toEqual({ status: 'held' });
    expect(held.account).toMatchObject({ orderCount: 0, qualifying: [] });
  });

  it('earns on the converted amount of an order in another currency, at the rate of its date', () => {
    // 400 USD at 3.75 SAR: 1500 SAR, 1500 points and 1500 SAR of tier spend (silver); refunds at the order's rate.
    const r = run(shipped, [
      order('o1', 400, day(1), { currency: 'USD', rate: 3.75 }),
      refund('r1', 'o1', 200, day(3)),
    ]);
    expect(r.entries.map((e) => [e.key, e.points])).toEqual([
      ['earn:order:o1', 1500],
      ['bonus:nth:1:o1', 50],
      ['reverse:o1/r1', -750],
    ]);
    expect(orderRecord(r, 'o1')?.order).toMatchObject({ total: 400, currency: 'USD', rate: 3.75, points: 1500 });
    expect(r.account.qualifying.map((q) => q.amount)).toEqual([75000]);
    expect(r.results[0]?.account.tier).toBe('silver');
  });

  it('never expires points of a program without expiry', () => {
    const p = program((json) => {
      delete json.expiry;
    });
    const r = run(p, [order('o1', 100, day(1)), { kind: 'tick', now: day(3000) }]);
    expect(r.account.lots).toEqual([{ remaining: 150, expiresAt: null }]);
    expect(balanceAt(r.account, day(3000)).available).toBe(150);
  });
});
