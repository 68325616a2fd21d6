import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { balanceAt } from '../../../shared/loyalty/core/balance.js';
import { day, expectInvariants, lotsOf, order, orderRecord, program, redeem, refund, run, tick } from './helpers.js';

const shipped = program();
const flat = program((json) => {
  json.bonuses = {};
  for (const level of json.tiers?.levels ?? []) level.multiplier = 1;
});
const types = (r: { events: readonly { type: string; key: string }[] }) => r.events.map((e) => `${e.type} ${e.key}`);

describe('expiry and ticks', () => {
  it('reminds once per lot, within remindBefore of its expiry', () => {
    const earned = run(shipped, [order('o1', 200, day(0))]); // order and bonus expire on 2028-01-01
    const early = run(shipped, [tick('2027-12-01T23:59:59Z')], earned);
    expect(early.last.events).toEqual([]);
    const r = run(shipped, [tick('2027-12-02T00:00:00Z'), tick('2027-12-20T00:00:00Z')], earned);
    expect(types(r)).toEqual(['Points Expiring expiring:2028-01-01@2027-12-02T00:00:00.000Z']);
    expect(r.events[0]?.detail).toMatchObject({ points: 250, expiresAt: '2028-01-01T00:00:00.000Z' });
    expect(r.account.lots).toEqual([
      { remaining: 250, expiresAt: '2028-01-01T00:00:00.000Z', remindedAt: '2027-12-02T00:00:00.000Z' },
    ]);
  });

  it('expires what is left of a lot at its expiry, with an entry dated then', () => {
    const r = run(shipped, [order('o1', 200, day(0)), tick('2028-01-05T00:00:00Z')]);
    const key = 'expire:2028-01-01@2028-01-05T00:00:00.000Z';
    expect(r.last.entries).toEqual([{ key, at: '2028-01-01T00:00:00.000Z', type: 'expire', points: -250 }]);
    expect(types(r.last)).toEqual([`Points Expired ${key}`]);
    expect(r.account.lots).toEqual([]);
    expect(balanceAt(r.account, '2028-01-05T00:00:00Z')).toEqual({ available: 0, pending: 0, lifetime: 250 });
    expectInvariants(shipped, r);
  });

  it('expires points at the start of the month after the one they turn 12 months old in', () => {
    const r = run(shipped, [order('o1', 200, '2027-03-31T23:00:00Z')]);
    expect(r.account.lots.map((l) => l.expiresAt)).toEqual(['2028-04-01T00:00:00.000Z']);
    const first = run(shipped, [order('o2', 200, '2027-04-01T00:00:00Z')]);
    expect(first.account.lots.map((l) => l.expiresAt)).toEqual(['2028-04-01T00:00:00.000Z']);
  });

  it('counts an expired lot as nothing even before a tick records it', () => {
    const r = run(shipped, [order('o1', 200, day(0))]);
    expect(balanceAt(r.account, '2027-12-31T23:59:59Z').available).toBe(250);
    expect(balanceAt(r.account, '2028-01-01T00:00:00Z').available).toBe(0);
  });

  it('is idempotent: a repeated or older tick is a duplicate that changes nothing', () => {
    const r = run(shipped, [order('o1', 200, day(0)), tick('2028-01-05T00:00:00Z')]);
    for (const now of ['2028-01-05T00:00:00Z', '2028-01-04T00:00:00Z']) {
      const again = run(shipped, [tick(now)], r);
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
    const expiry = '2028-02-01T00:00:00.000Z'; // o2 was earned on 2027-01-26
    // The balance shown before the tick is already what the tick will leave.
    expect(balanceAt(r.account, expiry).available).toBe(0);
    const ticked = run(flat, [tick(expiry)], r);
    expect(ticked.last.entries).toEqual([
      { key: `expire:2028-02-01@${expiry}`, at: expiry, type: 'expire', points: -200 },
    ]);
    expect(ticked.account.debt).toBe(0);
    expectInvariants(flat, { ...ticked, entries: [...r.entries, ...ticked.entries] });
  });

  it('keeps the item small: spent lots and tier months out of the window are dropped, orders are records', () => {
    const r = run(flat, [order('o1', 1000, day(0)), order('o2', 500, day(300)), tick(day(400))]);
    expect(lotsOf(r.account)).toEqual({ '2028-11-01': 500 });
    expect(r.account.qualifying).toEqual([{ until: '2028-11-01T00:00:00.000Z', from: day(300), amount: 50000 }]);
    // Refunds may still come: what they need is on the orders' own records.
    expect([orderRecord(r, 'o1')?.order?.points, orderRecord(r, 'o2')?.order?.points]).toEqual([1000, 500]);
  });

  it('stays the same size however many orders come: two a day for two years, swept when due', () => {
    const commands = [];
    for (let i = 0; i < 1460; i++) {
      commands.push(order(`ord_01HZX3K9Q8V7T6S5R4P${String(i).padStart(7, '0')}`, 250, day(i / 2)));
      if (i % 2 === 1) commands.push(tick(day(i / 2 + 0.75))); // the sweep, daily
    }
    const r = run(shipped, commands);
    // As stored: gzipped JSON.
    const sizes = r.results.map((x) => gzipSync(JSON.stringify(x.account)).length);
    const [firstYear, secondYear] = [sizes.slice(0, sizes.length / 2), sizes.slice(sizes.length / 2)];
    // At most one lot per expiry month and per pending release day, one tier amount per month.
    expect(r.account.lots.length).toBeLessThanOrEqual(13 + 15);
    expect(r.account.qualifying.length).toBeLessThanOrEqual(13);
    // The earliest orders, as many as the largest nth-order bonus (5): which order is nth, by time.
    expect(r.account.firstOrders?.length).toBe(5);
    // The second year costs what the first did (a few bytes for longer numbers), well inside 1 KB with the outbox.
    expect(Math.max(...secondYear)).toBeLessThanOrEqual(Math.max(...firstYear) + 16);
    expect(Math.max(...sizes)).toBeLessThan(750);
    expectInvariants(shipped, r);
  });
});
