import { describe, expect, it } from 'vitest';
import { balanceAt } from '../../../shared/loyalty/core/balance.js';
import { day, expectInvariants, lotsOf, order, program, redeem, refund, run, signup } from './helpers.js';

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
      { key: 'bonus:nth:1:a', at: day(0), type: 'bonus', points: 50, orderId: 'a', reason: 'nthOrder' },
      { key: 'bonus:nth:5:e', at: day(5), type: 'bonus', points: 500, orderId: 'e', reason: 'nthOrder' },
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
    // 1050 earned (order + first-order bonus), 1000 redeemed, the order refunded in full: 1050 reversed from the 50
    // left, 1000 owed; the signup bonus repays 100 of it.
    const r = run(shipped, [
      order('o1', 1000, day(0)),
      { kind: 'redeem', key: 'k1', points: 1000, at: day(20) },
      { kind: 'refund', refundId: 'r1', orderId: 'o1', amount: 1000, at: day(21) },
      signup(day(22)),
    ]);
    expect(r.account.debt).toBe(900);
    expect(r.account.lots).toEqual([]);
    expect(balanceAt(r.account, day(22))).toMatchObject({ available: 0, debt: 900 });
    expect(r.entries.at(-1)).toMatchObject({ key: 'bonus:signup', points: 100 });
    expectInvariants(shipped, r);
  });
});

describe('nth-order bonuses', () => {
  const reversedBonuses = (r: ReturnType<typeof run>) =>
    r.entries.filter((e) => e.key.startsWith('reverse:nth:')).map((e) => [e.key, e.points]);
  const netByOrder = (r: ReturnType<typeof run>) => {
    const net: Record<string, number> = {};
    for (const e of r.entries) if (e.orderId) net[e.orderId] = (net[e.orderId] ?? 0) + e.points;
    return net;
  };

  it("wait with the order's points for the return window, and are released with them", () => {
    const r = run(shipped, [order('o1', 100, '2027-01-10T10:00:00Z')]);
    expect(r.events.find((e) => e.key === 'bonus:nth:1:o1')?.detail).toMatchObject({
      availableAt: '2027-01-25T00:00:00.000Z',
    });
    expect(balanceAt(r.account, '2027-01-24T23:59:59Z')).toMatchObject({ available: 0, pending: 150 });
    expect(balanceAt(r.account, '2027-01-25T00:00:00Z')).toMatchObject({ available: 150, pending: 0 });
  });

  it('pay for no coupon when the orders that earned them are refunded: five 1 SAR orders, all refunded', () => {
    const orders = [0, 1, 2, 3, 4].map((i) => order(`o${i}`, 1, day(i)));
    const refunds = [0, 1, 2, 3, 4].map((i) => refund(`r${i}`, `o${i}`, 1, day(5)));
    const r = run(shipped, [...orders, ...refunds, redeem('k1', 500, day(30))]);
    expect(reversedBonuses(r)).toEqual([
      ['reverse:nth:1:o0', -50],
      ['reverse:nth:5:o4', -500],
    ]);
    expect(r.last.outcome).toMatchObject({ status: 'refused', reason: 'insufficient-points' });
    expect(balanceAt(r.account, day(30))).toEqual({ available: 0, pending: 0, lifetime: 0 });
    expectInvariants(shipped, r);
  });

  it('are taken back by the refund that completes a full refund of their order, not by a partial one', () => {
    const partly = run(shipped, [order('o1', 100, day(0)), refund('r1', 'o1', 60, day(1))]);
    expect(reversedBonuses(partly)).toEqual([]);
    const fully = run(shipped, [refund('r2', 'o1', 40, day(2))], partly);
    expect(fully.last.entries.map((e) => [e.key, e.points, e.refundId])).toEqual([
      ['reverse:o1/r2', -40, 'r2'],
      ['reverse:nth:1:o1', -50, 'r2'],
    ]);
    // A refund that arrived before its order: the order comes, earns, and gives everything back at once.
    const early = run(shipped, [refund('r1', 'o1', 100, day(1)), order('o1', 100, day(0))]);
    expect(netByOrder(early)).toEqual({ o1: 0 });
  });

  it('go to the nth order by its own time, whichever arrives first: a late earlier order takes the bonus over', () => {
    const inTime = run(shipped, [order('o1', 100, day(1)), order('o2', 100, day(2))]);
    const late = run(shipped, [order('o2', 100, day(2)), order('o1', 100, day(1))]);
    expect(late.last.entries.map((e) => [e.key, e.points, e.refundId])).toEqual([
      ['earn:order:o1', 100, undefined],
      ['bonus:nth:1:o1', 50, undefined],
      ['reverse:nth:1:o2', -50, 'reranked'],
    ]);
    expect(netByOrder(late)).toEqual(netByOrder(inTime));
    expect(lotsOf(late.account)).toEqual(lotsOf(inTime.account));
    // The fifth by time, too: the late first order pushes the one that was fifth to sixth.
    const five = [2, 3, 4, 5, 6].map((i) => order(`o${i}`, 10, day(i)));
    const r = run(shipped, [...five, order('o1', 10, day(1))]);
    expect(netByOrder(r)).toEqual(netByOrder(run(shipped, [order('o1', 10, day(1)), ...five])));
    expect(r.account.firstOrders?.map((o) => [o.orderId, o.bonus?.n])).toEqual([
      ['o1', 1],
      ['o2', undefined],
      ['o3', undefined],
      ['o4', undefined],
      ['o5', 5],
    ]);
  });

  it('keep the rank of a fully refunded order: the next order does not become the first', () => {
    const r = run(shipped, [order('o1', 100, day(1)), refund('r1', 'o1', 100, day(2)), order('o2', 100, day(3))]);
    expect(netByOrder(r)).toEqual({ o1: 0, o2: 100 });
    // Nor does a refunded order win a bonus back when a late order changes its rank.
    const late = run(shipped, [order('o0', 100, day(0))], r);
    expect(netByOrder({ ...late, entries: [...r.entries, ...late.entries] })).toEqual({ o0: 150, o1: 0, o2: 100 });
  });
});

describe('nth-order bonuses on an account stored before orders were ranked by time', () => {
  it('go on by arrival: no second first-order bonus, the fifth order to arrive gets the fifth', () => {
    const earlier = run(
      shipped,
      [0, 1, 2, 3].map((i) => order(`o${i}`, 10, day(i))),
    );
    const { firstOrders: _ranked, ...stored } = earlier.account;
    const r = run(shipped, [order('old', 10, day(-5)), order('o5', 10, day(6))], { ...earlier, account: stored });
    expect(r.entries.filter((e) => e.type === 'bonus').map((e) => [e.key, e.points])).toEqual([
      ['bonus:nth:5:old', 500],
    ]);
    expect(r.account.orderCount).toBe(6);
  });
});
