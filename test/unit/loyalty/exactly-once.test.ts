import { describe, expect, it } from 'vitest';
import { emptyAccount, post, postingKey } from '../../../shared/loyalty/core/post.js';
import {
  type Book,
  customerId,
  day,
  order,
  orderRecord,
  postTo,
  program,
  redeem,
  refund,
  run,
  signup,
  tick,
} from './helpers.js';

const shipped = program();

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

describe('exactly once', () => {
  it('awards an order once however often it is delivered', () => {
    const r = run(shipped, [order('o1', 100, day(0)), order('o1', 100, day(0)), order('o1', 999, day(3))]);
    expect(r.results.map((x) => x.outcome.status)).toEqual(['applied', 'duplicate', 'duplicate']);
    expect(r.entries.map((e) => e.key)).toEqual(['earn:order:o1', 'bonus:nth:1:o1']);
    // What makes it a duplicate is the order's record, not the account.
    expect(r.results[0]?.records).toEqual([{ kind: 'order', record: orderRecord(r, 'o1') }]);
    expect(r.results.slice(1).map((x) => x.records)).toEqual([[], []]);
  });

  it('applies a refund once, whether it was held or not', () => {
    const held = run(shipped, [refund('r1', 'o1', 10, day(1)), refund('r1', 'o1', 10, day(1))]);
    expect(held.results.map((x) => x.outcome.status)).toEqual(['held', 'duplicate']);
    expect(orderRecord(held, 'o1')?.held).toHaveLength(1);
    const r = run(shipped, [order('o1', 100, day(0)), refund('r1', 'o1', 10, day(1))], held);
    expect(r.results.map((x) => x.outcome.status)).toEqual(['applied', 'duplicate']);
    expect(r.entries.filter((e) => e.type === 'reverse').map((e) => e.points)).toEqual([-10]);
  });

  it('returns the very account it was given, and no records, when nothing changes: there is nothing to write', () => {
    const r = run(shipped, [order('o1', 1000, day(0)), tick(day(1))]);
    for (const command of [order('o1', 1000, day(0)), tick(day(1)), redeem('k1', 5000, day(30))]) {
      const again = postTo(shipped, r, command);
      expect(again.account).toBe(r.account);
      expect(again.records).toEqual([]);
    }
  });

  it('is deterministic: the same account, records and command give the same entries, events and event ids', () => {
    const start = run(shipped, [signup(day(0)), order('o1', 2000, day(1))]);
    for (const command of [refund('r1', 'o1', 500, day(20)), redeem('k1', 500, day(20)), tick(day(400))]) {
      expect(postTo(shipped, start, command)).toEqual(postTo(shipped, start, command));
    }
    const other: Book = { ...start, account: { ...start.account, customerId: 'cus_2' } };
    const ids = (b: Book) => postTo(shipped, b, order('o2', 10, day(30))).events.map((e) => e.detail.eventId);
    expect(ids(start)).toEqual(ids(start));
    expect(ids(other)).not.toEqual(ids(start));
  });

  it('throws when a command comes without the records it needs, rather than award twice', () => {
    const start = run(shipped, [order('o1', 100, day(0))]);
    expect(() => post(shipped, start.account, order('o1', 100, day(0)), {})).toThrow(/order record was not loaded/);
    expect(() => post(shipped, start.account, signup(day(0)), {})).toThrow(/applied record was not loaded/);
  });

  it('never changes the account or the records it is given', () => {
    const frozen = run(shipped, [signup(day(0)), order('o1', 2000, day(1)), refund('r0', 'o9', 5, day(2))]);
    for (const record of frozen.records.values()) deepFreeze(record);
    const start: Book = { account: deepFreeze(frozen.account), records: frozen.records };
    const commands = [
      order('o9', 100, day(3)),
      refund('r1', 'o1', 500, day(20)),
      redeem('k1', 500, day(20)),
      tick(day(340)),
      tick(day(400)),
    ];
    for (const command of commands) expect(() => postTo(shipped, start, command)).not.toThrow();
  });

  it('keys each posting by its business key', () => {
    expect(
      [
        order('o1', 1, day(0)),
        refund('r1', 'o1', 1, day(0)),
        redeem('k1', 1, day(0)),
        signup(day(0)),
        { kind: 'birthday', year: 2027, at: day(0) } as const,
        tick(day(0)),
      ].map(postingKey),
    ).toEqual(['order:o1', 'refund:o1/r1', 'redeem:k1', 'bonus:signup', 'bonus:birthday:2027', null]);
  });

  it('starts an account in the lowest tier with nothing in it', () => {
    expect(emptyAccount(customerId, shipped, '2027-01-01T03:00:00+03:00')).toEqual({
      customerId,
      version: 0,
      lots: [],
      debt: 0,
      lifetime: 0,
      tier: 'bronze',
      tierSince: '2027-01-01T00:00:00.000Z',
      qualifying: [],
      orderCount: 0,
      birthdayYears: [],
    });
  });

  it('does not mistake ids that name Object.prototype members for known orders', () => {
    const r = run(shipped, [refund('r1', 'constructor', 10, day(0)), order('__proto__', 100, day(1))]);
    expect(r.results.map((x) => x.outcome)).toEqual([{ status: 'held' }, { status: 'applied' }]);
    expect(orderRecord(r, '__proto__')?.order).toMatchObject({ points: 100 });
  });
});
