import { describe, expect, it } from 'vitest';
import { balanceAt } from '../../../shared/loyalty/core/balance.js';
import { day, expectInvariants, order, program, run, signup } from './helpers.js';

const shipped = program();

describe('bonus points', () => {
  it('awards the signup bonus once, available at once, expiring like other points', () => {
    const r = run(shipped, [signup(day(0)), signup(day(1))]);
    expect(r.entries).toEqual([{ key: 'bonus:signup', at: day(0), type: 'bonus', points: 100, reason: 'signup' }]);
    expect(r.account.lots).toEqual([{ remaining: 100, expiresAt: '2028-01-01T00:00:00.000Z' }]);
    expect(r.last.outcome).toEqual({ status: 'duplicate' });
    expect(balanceAt(r.account, day(0))).toEqual({ available: 100, pending: 0, lifetime: 100 });
    expect(r.events.map((e) => [e.type, e.key, e.type === 'Points Awarded' && e.detail.reason])).toEqual([
      ['Points Awarded', 'bonus:signup', 'signup'],
    ]);
  });

  it('awards the birthday bonus once per year', () => {
    const birthday = (year: number, at: string) => ({ kind: 'birthday', year, at }) as const;
    const r = run(shipped, [birthday(2027, day(100)), birthday(2027, day(100)), birthday(2028, day(465))]);
    expect(r.entries.map((e) => [e.key, e.points])).toEqual([
      ['bonus:birthday:2027', 200],
      ['bonus:birthday:2028', 200],
    ]);
    expect(r.results.map((x) => x.outcome.status)).toEqual(['applied', 'duplicate', 'applied']);
  });

  it('awards the nth-order bonuses on the 1st and 5th distinct orders, whatever their size', () => {
    const orders = ['a', 'b', 'b', 'c', 'd', 'e', 'f'].map((id, i) => order(id, 10, day(i)));
    const r = run(shipped, orders);
    const bonuses = r.entries.filter((e) => e.type === 'bonus');
    expect(bonuses).toEqual([
      { key: 'bonus:nth:1', at: day(0), type: 'bonus', points: 50, orderId: 'a', reason: 'nthOrder' },
      { key: 'bonus:nth:5', at: day(5), type: 'bonus', points: 500, orderId: 'e', reason: 'nthOrder' },
    ]);
    expect(r.account.orderCount).toBe(6);
    expectInvariants(shipped, r);
  });

  it('records a bonus the program does not give, without entries', () => {
    const p = program((json) => {
      json.bonuses = { birthday: 200 };
    });
    const r = run(p, [signup(day(0)), signup(day(1))]);
    expect(r.entries).toEqual([]);
    expect(r.results.map((x) => x.outcome.status)).toEqual(['applied', 'duplicate']);
  });

  it('repays debt from a bonus before it adds to the balance', () => {
    // 1050 earned (order + first-order bonus), 1000 redeemed, the order refunded: 1000 reversed from the 50 left,
    // 950 owed; the signup bonus repays 100 of it.
    const r = run(shipped, [
      order('o1', 1000, day(0)),
      { kind: 'redeem', key: 'k1', points: 1000, at: day(20) },
      { kind: 'refund', refundId: 'r1', orderId: 'o1', amount: 1000, at: day(21) },
      signup(day(22)),
    ]);
    expect(r.account.debt).toBe(850);
    expect(r.account.lots).toEqual([]);
    expect(balanceAt(r.account, day(22)).available).toBe(-850);
    expect(r.entries.at(-1)).toMatchObject({ key: 'bonus:signup', points: 100 });
    expectInvariants(shipped, r);
  });
});
