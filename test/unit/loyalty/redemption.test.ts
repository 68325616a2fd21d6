import { describe, expect, it } from 'vitest';
import { balanceAt } from '../../../shared/loyalty/core/balance.js';
import { couponCode } from '../../../shared/loyalty/core/redeem.js';
import { customerId, day, expectInvariants, lotsOf, order, program, redeem, run, signup } from './helpers.js';

const shipped = program();
// 1050 spendable from day 14 (an order of 1000 and the first-order bonus).
const earned = run(shipped, [order('o1', 1000, day(0))]);

describe('redeeming points', () => {
  it('turns points into a coupon worth points x pointValue, valid for couponExpiry', () => {
    const r = run(shipped, [redeem('k1', 600, day(20))], earned);
    const code = couponCode(shipped, customerId, 'k1');
    expect(code).toMatch(/^RK-[A-Z2-7]{10}$/);
    const redemption = { key: 'k1', at: day(20), points: 600, code, value: 30, currency: 'SAR', expiresAt: day(110) };
    expect(r.last).toMatchObject({ outcome: { status: 'applied' }, redemption });
    // Kept on its own record, found by its code: a retry (same key, same code) is a duplicate, an order quoting the
    // code finds it.
    expect(r.last.records).toEqual([{ kind: 'coupon', record: redemption }]);
    expect(r.last.entries).toEqual([
      { key: 'redeem:k1', at: day(20), type: 'redeem', points: -600, redemptionKey: 'k1' },
    ]);
    expect(r.last.events[0]).toMatchObject({
      type: 'Points Redeemed',
      detail: { points: 600, code, value: 30, currency: 'SAR', expiresAt: day(110) },
    });
    expect(balanceAt(r.account, day(20))).toEqual({ available: 450, pending: 0, lifetime: 1050 });
  });

  it('is idempotent on the client key: a retry returns the same coupon and spends nothing', () => {
    const first = run(shipped, [redeem('k1', 600, day(20))], earned);
    const retry = run(shipped, [redeem('k1', 500, day(21))], first);
    expect(retry.last.outcome).toEqual({ status: 'duplicate' });
    expect(retry.last.redemption).toEqual(first.last.redemption);
    expect(retry.last.entries).toEqual([]);
    expect(retry.last.records).toEqual([]);
    expect(retry.account).toBe(first.account);
  });

  it('gives each customer and key its own code', () => {
    const codes = new Set([
      couponCode(shipped, 'cus_1', 'k1'),
      couponCode(shipped, 'cus_1', 'k2'),
      couponCode(shipped, 'cus_2', 'k1'),
      couponCode(shipped, 'cus_1k', '1'),
    ]);
    expect(codes.size).toBe(4);
    expect(couponCode(shipped, 'cus_1', 'k1')).toBe(couponCode(shipped, 'cus_1', 'k1'));
  });

  it.each([
    [0, 'invalid-points', 'points must be a positive whole number, got 0'],
    [-500, 'invalid-points', 'points must be a positive whole number, got -500'],
    [512.5, 'invalid-points', 'points must be a positive whole number, got 512.5'],
    [300, 'below-minimum', 'needs at least 500 points per redemption, got 300'],
    [550, 'not-a-step', 'points must be a multiple of 100, got 550'],
    [1100, 'insufficient-points', 'needs 1100 points, 1050 available'],
  ])('refuses %s points with a clear reason', (points, reason, message) => {
    const r = run(shipped, [redeem('k1', points, day(20))], earned);
    expect(r.last).toEqual({
      account: earned.account,
      entries: [],
      events: [],
      records: [],
      outcome: { status: 'refused', reason, message },
    });
  });

  it('cannot spend pending points', () => {
    const r = run(shipped, [redeem('k1', 500, day(13))], earned);
    expect(r.last.outcome).toMatchObject({ status: 'refused', message: 'needs 500 points, 0 available' });
  });

  it('does not record a refusal: the same key can succeed once there are points', () => {
    const refused = run(shipped, [redeem('k1', 500, day(13))], earned);
    const later = run(shipped, [redeem('k1', 500, day(14))], refused);
    expect(later.last.outcome).toEqual({ status: 'applied' });
  });

  it('cannot spend expired points, even before a tick records their expiry', () => {
    const r = run(shipped, [redeem('k1', 500, '2028-01-01T00:00:00Z')], earned);
    expect(r.last.outcome).toMatchObject({ status: 'refused', message: 'needs 500 points, 0 available' });
  });

  it('spends the soonest-expiring lots first', () => {
    const r = run(shipped, [
      signup(day(-10)),
      order('o1', 400, day(1)),
      order('o2', 400, day(35)),
      redeem('k1', 500, day(50)),
    ]);
    // signup (expires at the start of 2028-01) 100, then o1 and its first-order bonus (their lot: one expiry month)
    // 400, o2 (a month later: it expires a month later) untouched.
    expect(lotsOf(r.account)).toEqual({ '2028-02-01': 50, '2028-03-01': 400 });
    expectInvariants(shipped, r);
  });

  it('keeps never-expiring points in one lot once spendable', () => {
    const p = program((json) => {
      delete json.expiry;
      json.bonuses = {};
    });
    const r = run(p, [order('o2', 400, day(5)), order('o1', 400, day(0)), redeem('k1', 500, day(20))]);
    expect(lotsOf(r.account)).toEqual({ never: 300 });
  });
});
