import { describe, expect, it } from 'vitest';
import { balanceAt } from '../../../shared/loyalty/core/balance.js';
import { day, expectInvariants, order, program, redeem, refund, run, tick } from './helpers.js';

const shipped = program();
const flat = program((json) => {
  json.bonuses = {};
  for (const level of json.tiers?.levels ?? []) level.multiplier = 1;
});
const types = (r: { events: readonly { type: string; key: string }[] }) => r.events.map((e) => `${e.type} ${e.key}`);

describe('expiry and ticks', () => {
  it('reminds once, within remindBefore of a lot expiring', () => {
    const earned = run(shipped, [order('o1', 200, day(0))]).account; // expires 2028-01-01
    const early = run(shipped, [tick('2027-12-01T23:59:59Z')], earned);
    expect(early.last.events).toEqual([]);
    const r = run(shipped, [tick('2027-12-02T00:00:00Z'), tick('2027-12-20T00:00:00Z')], earned);
    expect(types(r)).toEqual(['Points Expiring expiring:order:o1', 'Points Expiring expiring:bonus:nth:1']);
    expect(r.events[0]?.detail).toMatchObject({ points: 200, expiresAt: '2028-01-01T00:00:00.000Z' });
    expect(r.account.lots.every((l) => l.remindedAt === '2027-12-02T00:00:00.000Z')).toBe(true);
  });

  it('expires what is left of a lot at its expiry, with an entry dated then', () => {
    const r = run(shipped, [order('o1', 200, day(0)), tick('2028-01-05T00:00:00Z')]);
    expect(r.last.entries).toEqual([
      { key: 'expire:bonus:nth:1', at: '2028-01-01T00:00:00.000Z', type: 'expire', points: -50, orderId: 'o1' },
      { key: 'expire:order:o1', at: '2028-01-01T00:00:00.000Z', type: 'expire', points: -200, orderId: 'o1' },
    ]);
    expect(types(r.last)).toEqual(['Points Expired expire:bonus:nth:1', 'Points Expired expire:order:o1']);
    expect(r.account.lots).toEqual([]);
    expect(balanceAt(r.account, '2028-01-05T00:00:00Z')).toEqual({ available: 0, pending: 0, lifetime: 250 });
    expectInvariants(shipped, r);
  });

  it('counts an expired lot as nothing even before a tick records it', () => {
    const r = run(shipped, [order('o1', 200, day(0))]);
    expect(balanceAt(r.account, '2027-12-31T23:59:59Z').available).toBe(250);
    expect(balanceAt(r.account, '2028-01-01T00:00:00Z').available).toBe(0);
  });

  it('is idempotent: a repeated or older tick is a duplicate that changes nothing', () => {
    const r = run(shipped, [order('o1', 200, day(0)), tick('2028-01-05T00:00:00Z')]);
    for (const now of ['2028-01-05T00:00:00Z', '2028-01-04T00:00:00Z']) {
      const again = run(shipped, [tick(now)], r.account);
      expect(again.last.outcome).toEqual({ status: 'duplicate' });
      expect(again.account).toBe(r.account);
    }
    expect(r.account.lastTickAt).toBe('2028-01-05T00:00:00.000Z');
  });

  it('sets debt against a lot about to expire, and expires only the rest', () => {
    const r = run(flat, [
      order('o1', 1000, day(0)),
      redeem('k1', 1000, day(20)),
      order('o2', 1200, day(25)), // pending when o1 is refunded
      refund('r1', 'o1', 1000, day(26)), // 1000 owed
    ]);
    expect(r.account.debt).toBe(1000);
    const expiry = '2028-01-26T00:00:00.000Z'; // o2 was earned on 2027-01-26
    // The balance shown before the tick is already what the tick will leave.
    expect(balanceAt(r.account, expiry).available).toBe(0);
    const ticked = run(flat, [tick(expiry)], r.account);
    expect(ticked.last.entries).toEqual([
      { key: 'expire:order:o2', at: expiry, type: 'expire', points: -200, orderId: 'o2' },
    ]);
    expect(ticked.account.debt).toBe(0);
    expectInvariants(flat, { ...ticked, entries: [...r.entries, ...ticked.entries] });
  });

  it('keeps the item small: spent lots and tier amounts out of the window are dropped', () => {
    const r = run(flat, [order('o1', 1000, day(0)), order('o2', 500, day(300)), tick(day(400))]);
    expect(r.account.lots.map((l) => l.key)).toEqual(['order:o2']);
    expect(r.account.qualifying.map((q) => q.key)).toEqual(['order:o2']);
    expect(Object.keys(r.account.orders)).toEqual(['o1', 'o2']); // refunds may still come
  });
});
