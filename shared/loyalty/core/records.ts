import type { CouponRecord, Known, LoyaltyCommand, LoyaltyRecord, OrderRecord, RecordKey } from './model.js';
import type { LoyaltyProgram } from './program.js';
import { couponCode } from './redeem.js';

/**
 * The records beside the account: which ones a command reads (its own first: the record that proves it applied),
 * how they are named, and what a stored one says about a redelivered command.
 */

/** The records `post` needs for `command`, its own first; none for ticks and profile changes. */
export function recordKeys(program: LoyaltyProgram, customerId: string, command: LoyaltyCommand): RecordKey[] {
  switch (command.kind) {
    case 'order': {
      const own: RecordKey = { kind: 'order', orderId: command.orderId };
      return command.coupon === undefined ? [own] : [own, { kind: 'coupon', code: normaliseCode(command.coupon) }];
    }
    case 'refund':
      return [{ kind: 'order', orderId: command.orderId }];
    case 'redeem':
      return [{ kind: 'coupon', code: couponCode(program, customerId, command.key) }];
    case 'signup':
      return [{ kind: 'posting', key: 'bonus:signup' }];
    case 'grant':
      return [{ kind: 'posting', key: `grant:${command.key}` }];
    case 'birthday':
      return [{ kind: 'posting', key: `bonus:birthday:${command.year}` }];
    case 'tick':
    case 'profile':
      return [];
  }
}

/** A coupon code as customers type it: any case, stray spaces. */
export const normaliseCode = (coupon: string): string => coupon.trim().toUpperCase();

/** A record's name, unique among one customer's records. */
export function recordId(key: RecordKey): string {
  switch (key.kind) {
    case 'order':
      return `order:${key.orderId}`;
    case 'coupon':
      return `coupon:${key.code}`;
    case 'posting':
      return `posting:${key.key}`;
  }
}

export function keyOf(record: LoyaltyRecord): RecordKey {
  switch (record.kind) {
    case 'order':
      return { kind: 'order', orderId: record.record.orderId };
    case 'coupon':
      return { kind: 'coupon', code: record.record.code };
    case 'posting':
      return { kind: 'posting', key: record.key };
  }
}

/** The records found for `keys`, as `post` takes them (`find` answers null for a record not stored). */
export function knownOf(
  command: LoyaltyCommand,
  keys: readonly RecordKey[],
  find: (key: RecordKey) => LoyaltyRecord | null,
): Known {
  const [own, coupon] = keys;
  const found = own ? find(own) : null;
  switch (command.kind) {
    case 'order':
      return { order: orderOf(found), coupon: coupon ? couponOf(find(coupon)) : undefined };
    case 'refund':
      return { order: orderOf(found) };
    case 'redeem':
      return { coupon: couponOf(found) };
    case 'signup':
    case 'grant':
    case 'birthday':
      return { applied: found !== null };
    case 'tick':
    case 'profile':
      return {};
  }
}

/**
 * Whether the command's own record shows it applied already: a redelivery answered from one read. (Its own record is
 * the last write of a posting, so once it is stored the posting's entries and events are too.)
 */
export function appliedBy(command: LoyaltyCommand, own: LoyaltyRecord | null): boolean {
  switch (command.kind) {
    case 'order':
    case 'refund':
      return appliedIn(command, { order: orderOf(own) });
    case 'redeem':
      return appliedIn(command, { coupon: couponOf(own) });
    case 'signup':
    case 'grant':
    case 'birthday':
      return appliedIn(command, { applied: own !== null });
    case 'tick':
    case 'profile':
      return false;
  }
}

/** Whether the records show the command applied already (ticks and profile changes: never; see `post`). */
export function appliedIn(command: LoyaltyCommand, known: Known): boolean {
  switch (command.kind) {
    case 'order':
      return needed(known.order, 'order')?.order !== undefined;
    case 'refund':
      return needed(known.order, 'order')?.refunds.includes(command.refundId) ?? false;
    case 'redeem':
      return needed(known.coupon, 'coupon')?.key === command.key;
    case 'signup':
    case 'grant':
    case 'birthday':
      return needed(known.applied, 'applied');
    case 'tick':
    case 'profile':
      return false;
  }
}

/** A record the command needs; the service loads them (`recordKeys`), so a missing one is a programming error. */
export function needed<T>(value: T | undefined, name: keyof Known): T {
  if (value === undefined) throw new Error(`post: the ${name} record was not loaded (see recordKeys)`);
  return value;
}

const orderOf = (r: LoyaltyRecord | null): OrderRecord | null => (r?.kind === 'order' ? r.record : null);
const couponOf = (r: LoyaltyRecord | null): CouponRecord | null => (r?.kind === 'coupon' ? r.record : null);
