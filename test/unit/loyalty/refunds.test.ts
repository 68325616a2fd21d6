import { describe, expect, it } from 'vitest';
import { balanceAt } from '../../../shared/loyalty/core/balance.js';
import { couponCode } from '../../../shared/loyalty/core/redeem.js';
import {
  customerId,
  day,
  expectInvariants,
  lotsOf,
  order,
  orderRecord,
  program,
  redeem,
  refund,
  run,
  tick,
} from './helpers.js';

// No bonuses and flat tier multipliers: the numbers below are the orders' totals.
const noBonus = program((json) => {
  json.bonuses = {};
  for (const level of json.tiers?.levels ?? []) level.multiplier = 1;
});
const reversed = (r: ReturnType<typeof run>) => r.entries.filter((e) => e.type === 'reverse').map((e) => e.points);

describe('refunds', () => {
  it('reverse points in proportion to the refunded amount', () => {
    const r = run(noBonus, [order('o1', 200, day(0)), refund('r1', 'o1', 50, day(3))]);
    expect(r.last.entries).toEqual([
      { key: 'reverse:o1/r1', at: day(3), type: 'reverse', points: -50, orderId: 'o1', refundId: 'r1' },
    ]);
    expect(r.last.events[0]).toMatchObject({
      type: 'Points Reversed',
      key: 'reverse:o1/r1',
      detail: { points: 50, orderId: 'o1', refundId: 'r1', occurredAt: day(3) },
    });
    // What the order earned and what its refunds took back are on its own record, not in the account.
    expect(orderRecord(r, 'o1')).toEqual({
      orderId: 'o1',
      order: { at: day(0), total: 200, points: 200, refunded: 50, reversed: 50, restored: 0 },
      refunds: ['r1'],
      held: [],
    });
    expect(balanceAt(r.account, day(3))).toEqual({ available: 0, pending: 150, lifetime: 150 });
    expectInvariants(noBonus, r);
  });

  it('round cumulatively, so partial refunds add up to the whole order exactly', () => {
    const p = program((json) => {
      json.bonuses = {};
      json.earn.pointsPerUnit = 3.4; // 3 SAR earn 10 points
    });
    const r = run(p, [order('o1', 3, day(0)), ...['r1', 'r2', 'r3'].map((id, i) => refund(id, 'o1', 1, day(1 + i)))]);
    expect(reversed(r)).toEqual([-3, -4, -3]); // round(10/3), round(20/3) - 3, 10 - 7
    expect(r.account.lifetime).toBe(0);
    expect(r.account.lots).toEqual([]);
  });

  it('cap at the order total', () => {
    const r = run(noBonus, [
      order('o1', 200, day(0)),
      refund('r1', 'o1', 150, day(1)),
      refund('r2', 'o1', 150, day(2)),
    ]);
    expect(reversed(r)).toEqual([-150, -50]);
    const more = run(noBonus, [refund('r3', 'o1', 10, day(3))], r);
    expect(more.last).toMatchObject({ outcome: { status: 'applied' }, entries: [] });
    expect(orderRecord(more, 'o1')?.order).toMatchObject({ refunded: 310, reversed: 200 });
    // Nor does the tier spend go below what the order added: 250 refunded on 100 takes 100 off, not 250.
    const over = run(noBonus, [order('o1', 100, day(0)), order('o2', 900, day(0)), refund('r1', 'o1', 250, day(1))]);
    expect(over.account.qualifying.map((q) => q.amount)).toEqual([90000]);
    expect(reversed(over)).toEqual([-100]);
  });

  it('of an order that never comes are held, and count for nothing: no points, no tier spend', () => {
    const r = run(noBonus, [order('o1', 1000, day(0)), refund('r1', 'ghost', 400, day(1)), tick(day(30))]);
    expect(r.results[1]?.outcome).toEqual({ status: 'held' });
    expect(reversed(r)).toEqual([]);
    expect(r.account.qualifying.map((q) => q.amount)).toEqual([100000]);
    expect(orderRecord(r, 'ghost')).toEqual({ orderId: 'ghost', refunds: ['r1'], held: [expect.any(Object)] });
  });

  it('are held when they arrive before their order, and applied when it arrives, in time order', () => {
    const early = run(noBonus, [refund('r2', 'o1', 30, day(5)), refund('r1', 'o1', 20, day(4))]);
    expect(early.results.map((x) => [x.outcome.status, x.entries.length])).toEqual([
      ['held', 0],
      ['held', 0],
    ]);
    // Held on the order's record (the account does not change: nothing is earned yet).
    expect(orderRecord(early, 'o1')?.held.map((h) => h.refundId)).toEqual(['r2', 'r1']);
    expect(balanceAt(early.account, day(5))).toEqual({ available: 0, pending: 0, lifetime: 0 });
    const r = run(noBonus, [order('o1', 100, day(1))], early);
    expect(r.last.entries.map((e) => [e.key, e.points, e.at])).toEqual([
      ['earn:order:o1', 100, day(1)],
      ['reverse:o1/r1', -20, day(4)],
      ['reverse:o1/r2', -30, day(5)],
    ]);
    expect(orderRecord(r, 'o1')).toMatchObject({ refunds: ['r2', 'r1'], held: [] });
    expect(balanceAt(r.account, day(20)).available).toBe(50);
  });

  it('take reversed points from the order first, then other spendable lots soonest-expiring first, then debt', () => {
    const r = run(noBonus, [
      order('o1', 1000, day(0)),
      order('o2', 300, day(1)),
      order('o3', 400, day(30)), // still pending when o1 is refunded: not touched
      redeem('k1', 900, day(20)), // from o1 (expires first): 100 left
      refund('r1', 'o1', 1000, day(31)),
    ]);
    expect(reversed(r)).toEqual([-1000]);
    expect(lotsOf(r.account)).toEqual({ '2028-02-01@2027-02-14': 400 });
    expect(r.account.debt).toBe(600); // 1000 - 100 (o1) - 300 (o2)
    // What is owed is never shown as spendable below zero: it is set against the available points, the rest is debt.
    expect(balanceAt(r.account, day(31))).toEqual({ available: 0, pending: 400, lifetime: 700, debt: 600 });
    expect(balanceAt(r.account, day(44))).toEqual({ available: 0, pending: 0, lifetime: 700, debt: 200 });
    expectInvariants(noBonus, r);
  });

  it("take reversed points from the order's own month whether its points still wait or arrived released", () => {
    const o0 = order('o0', 500, day(0));
    const o1 = order('o1', 1000, day(40.25));
    const o2 = order('o2', 300, day(40.5));
    const o9 = order('o9', 200, day(100));
    const r1 = refund('r1', 'o1', 1000, day(45));
    const inTime = run(noBonus, [o0, o1, o2, r1, o9, tick(day(200))]);
    // o9 arrives before o2 and releases o1's points, while o2 (same day) waits: the refund must not reach o0's lot.
    const late = run(noBonus, [o0, o1, o9, o2, r1, tick(day(200))]);
    expect(lotsOf(inTime.account)).toEqual({ '2028-01-01': 500, '2028-03-01': 300, '2028-05-01': 200 });
    expect(lotsOf(late.account)).toEqual(lotsOf(inTime.account));
    expect(late.account.debt).toBe(0);
  });

  it('do not take from the order lot once it has expired: those points are gone already', () => {
    const r = run(noBonus, [order('o1', 100, day(0)), order('o2', 500, day(200)), refund('r1', 'o1', 100, day(370))]);
    expect(lotsOf(r.account)).toEqual({ '2028-01-01': 100, '2028-08-01': 400 });
  });

  it('restore the points a redeemed coupon paid for, in proportion, as a new lot available at once', () => {
    const code = couponCode(noBonus, customerId, 'k1');
    const r = run(noBonus, [
      order('o1', 1000, day(0)),
      redeem('k1', 600, day(20)),
      order('o2', 200, day(25), { coupon: code.toLowerCase() }),
      refund('r1', 'o2', 50, day(26)),
      refund('r2', 'o2', 150, day(27)),
    ]);
    expect(orderRecord(r, 'o2')?.order?.redemption).toEqual({ key: 'k1', points: 600 });
    const restores = r.entries.filter((e) => e.type === 'restore');
    expect(restores).toEqual([
      {
        key: 'restore:o2/r1',
        at: day(26),
        type: 'restore',
        points: 150,
        orderId: 'o2',
        refundId: 'r1',
        reason: 'restore',
      },
      {
        key: 'restore:o2/r2',
        at: day(27),
        type: 'restore',
        points: 450,
        orderId: 'o2',
        refundId: 'r2',
        reason: 'restore',
      },
    ]);
    // Spendable at once, in the lot of their expiry (o2's pending points are all reversed).
    expect(lotsOf(r.account)).toEqual({ '2028-01-01': 400, '2028-02-01': 600 });
    const awarded = r.events.flatMap((e) =>
      e.type === 'Points Awarded' && e.detail.reason === 'restore' ? [[e.key, e.detail.availableAt]] : [],
    );
    expect(awarded).toEqual([
      ['restore:o2/r1', day(26)],
      ['restore:o2/r2', day(27)],
    ]);
    // Restored points were earned once already: lifetime is what the orders earned net of reversals.
    expect(r.account.lifetime).toBe(1000);
    expect(balanceAt(r.account, day(27)).available).toBe(1000);
    expectInvariants(noBonus, r);
  });

  it('restore a coupon once, even if two orders quote its code', () => {
    const code = couponCode(noBonus, customerId, 'k1');
    const r = run(noBonus, [
      order('o1', 1000, day(0)),
      redeem('k1', 500, day(20)),
      order('o2', 100, day(21), { coupon: code }),
      order('o3', 100, day(22), { coupon: code }),
      refund('r1', 'o2', 100, day(23)),
      refund('r2', 'o3', 100, day(24)),
    ]);
    expect(r.entries.filter((e) => e.type === 'restore').map((e) => e.points)).toEqual([500]);
  });

  it('of an order whose points were spent leave a debt, never a negative balance; the coupon stays valid', () => {
    // 1000 earned with the first-order bonus of 50; 1000 redeemed; the order refunded in full: 1050 taken back, the
    // 50 left cover part of it, 1000 is owed.
    const shipped = program();
    const r = run(shipped, [order('o1', 1000, day(0)), redeem('k1', 1000, day(20)), refund('r1', 'o1', 1000, day(21))]);
    expect(r.account.debt).toBe(1000);
    expect(balanceAt(r.account, day(21))).toEqual({ available: 0, pending: 0, lifetime: 0, debt: 1000 });
    // The coupon was issued and may be in a customer's basket: it is not voided; the debt records what it cost.
    const coupon = couponCode(shipped, customerId, 'k1');
    expect([...r.records.values()].find((x) => x.kind === 'coupon')).toMatchObject({ record: { code: coupon } });
    // A redemption needs points beyond the debt.
    const again = run(shipped, [redeem('k2', 500, day(22))], r);
    expect(again.last.outcome).toMatchObject({ status: 'refused', reason: 'insufficient-points' });
    // The next points earned repay it first (1875: silver's 1.25x, the tier kept until a tick reviews it).
    const later = run(shipped, [order('o2', 1500, day(23))], again);
    expect(later.account.debt).toBe(0);
    expect(balanceAt(later.account, day(40))).toEqual({ available: 875, pending: 0, lifetime: 1875 });
    expectInvariants(shipped, { ...later, entries: [...r.entries, ...later.entries], events: [] });
  });

  it('repay debt from the next points earned, before they add to the balance', () => {
    const r = run(noBonus, [
      order('o1', 1000, day(0)),
      redeem('k1', 1000, day(20)),
      refund('r1', 'o1', 500, day(21)),
      order('o2', 800, day(22)),
    ]);
    expect(r.account.debt).toBe(0);
    expect(lotsOf(r.account)).toEqual({ '2028-02-01@2027-02-06': 300 });
    expect(r.last.entries[0]).toMatchObject({ key: 'earn:order:o2', points: 800 });
    expectInvariants(noBonus, r);
  });

  it('reduce the spend of their order for the tier: its month counts net of the refund', () => {
    const r = run(noBonus, [order('o1', 1200, day(0)), refund('r1', 'o1', 300, day(5))]);
    expect(r.account.tier).toBe('silver'); // kept until a tick reviews it
    expect(r.account.qualifying).toEqual([{ until: '2028-01-01T00:00:00.000Z', from: day(0), amount: 90000 }]);
  });

  it('are told apart by order: the same refund id on two orders is two refunds', () => {
    const r = run(noBonus, [order('o1', 100, day(0)), order('o2', 100, day(0)), refund('r1', 'o1', 10, day(1))]);
    const again = run(noBonus, [refund('r1', 'o2', 10, day(1)), refund('r1', 'o1', 10, day(1))], r);
    expect(again.results.map((x) => x.outcome.status)).toEqual(['applied', 'duplicate']);
    expect([...r.entries, ...again.entries].filter((e) => e.type === 'reverse').map((e) => e.key)).toEqual([
      'reverse:o1/r1',
      'reverse:o2/r1',
    ]);
  });
});
