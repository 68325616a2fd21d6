import { award } from './award.js';
import { birthdaysBetween, monthDayOf } from './birthday.js';
import { closeDraft, type Draft, openDraft } from './draft.js';
import { mergeReleased, spendOrder } from './lots.js';
import type {
  Account,
  CouponRecord,
  Known,
  LoyaltyCommand,
  LoyaltyRecord,
  PostingOutcome,
  PostingResult,
  RedemptionState,
} from './model.js';
import { postOrder } from './order.js';
import type { LoyaltyProgram } from './program.js';
import { appliedIn, needed } from './records.js';
import { redeem } from './redeem.js';
import { applyRefund } from './refund.js';
import { tick } from './tick.js';
import { levelsOf, pruneQualifying, raiseTier } from './tiers.js';
import { isBefore, minus, utc } from './time.js';

/** A new account: no points, the lowest tier since `at`. */
export function emptyAccount(customerId: string, program: LoyaltyProgram, at: string): Account {
  return {
    customerId,
    version: 0,
    lots: [],
    debt: 0,
    lifetime: 0,
    tier: levelsOf(program)[0]?.id ?? 'member',
    tierSince: utc(at),
    qualifying: [],
    orderCount: 0,
    birthdayYears: [],
  };
}

/** The business key that makes a command a duplicate; ticks have none (a repeated tick finds nothing to do). */
export function postingKey(command: LoyaltyCommand): string | null {
  switch (command.kind) {
    case 'order':
      return `order:${command.orderId}`;
    case 'refund':
      return `refund:${command.orderId}/${command.refundId}`;
    case 'redeem':
      return `redeem:${command.key}`;
    case 'signup':
      return 'bonus:signup';
    case 'grant':
      return `grant:${command.key}`;
    case 'birthday':
      return `bonus:birthday:${command.year}`;
    case 'tick':
    case 'profile':
      return null;
  }
}

/**
 * Applies one command to an account, given the records it needs (`Known`, see records.ts): pure and deterministic
 * (the same account, records and command always give the same result, so a posting re-run after a crash yields
 * identical entries, events and records, whose keys come from the command). The returned account is the commit point;
 * entries, events and records are written after it, the posting's own record last.
 *
 * Invariants after every posting (asserted by the property tests):
 * - ledger = balance: the sum of `points` over every entry ever returned == sum of lots' `remaining` - `debt`;
 * - lifetime == the sum of `earn`, `bonus` and `reverse` entries (restored, redeemed and expired points do not
 *   change it);
 * - every lot has remaining > 0 and one key per expiry (and release day); debt >= 0, so `available >= -debt`;
 * - debt is repaid from the next points credited, and set against lots as they expire (no entry: it nets out);
 * - `tier` is a level of the program; the account is bounded by the program's windows, not by history.
 * When nothing changes (`duplicate`, `refused`) the result's account is the very object passed in and there are no
 * records, so a caller can skip the write; an `applied` or `held` posting always writes (an order of 0 points is
 * still recorded, a held refund is recorded on its order's record).
 * Outcomes: `duplicate` for a command its records show applied, and for a tick not after the last one; `held` for a
 * refund of an order not posted yet; `refused` for a redemption that cannot be made, and for an order in another
 * currency without an exchange rate (not recorded: the same key may be tried again later, e.g. once a rate is added).
 */
export function post(program: LoyaltyProgram, account: Account, command: LoyaltyCommand, known: Known): PostingResult {
  const c = normalise(command);
  const unchanged = (outcome: PostingOutcome): PostingResult => ({
    account,
    entries: [],
    events: [],
    records: [],
    outcome,
    ...(c.kind === 'redeem' && known.coupon && outcome.status === 'duplicate'
      ? { redemption: redemptionOf(known.coupon) }
      : {}),
  });
  if (isDuplicate(account, c, known)) return unchanged({ status: 'duplicate' });
  const d = openDraft(program, account, c.kind === 'tick' ? c.now : c.at);
  mergeReleased(d, d.now);
  const done = (outcome: PostingOutcome, own?: LoyaltyRecord): PostingResult => {
    if (outcome.status === 'refused') return unchanged(outcome);
    if (own) d.records.push(own);
    d.lots = d.lots.filter((lot) => lot.remaining > 0).sort(spendOrder);
    pruneQualifying(d);
    const account = closeDraft(d);
    const result = { account, entries: d.entries, events: d.events, records: d.records, outcome };
    return own?.kind === 'coupon' ? { ...result, redemption: redemptionOf(own.record) } : result;
  };
  switch (c.kind) {
    case 'order': {
      if (c.currency !== program.currency && !(c.rate !== undefined && Number.isFinite(c.rate) && c.rate > 0)) {
        const message = `no exchange rate from ${c.currency} to ${program.currency} on ${c.at.slice(0, 10)}`;
        return done({ status: 'refused', reason: 'no-exchange-rate', message });
      }
      const coupon = c.coupon === undefined ? null : needed(known.coupon, 'coupon');
      const record = postOrder(d, c, needed(known.order, 'order'), coupon);
      raiseTier(d, `order:${c.orderId}`, c.at);
      return done({ status: 'applied' }, { kind: 'order', record });
    }
    case 'refund': {
      const record = needed(known.order, 'order');
      const refund = { refundId: c.refundId, orderId: c.orderId, amount: c.amount, at: c.at };
      const refunds = [...(record?.refunds ?? []), c.refundId];
      if (!record?.order) {
        const held = { orderId: c.orderId, refunds, held: [...(record?.held ?? []), refund] };
        return done({ status: 'held' }, { kind: 'order', record: held });
      }
      const order = applyRefund(d, record.order, refund);
      return done({ status: 'applied' }, { kind: 'order', record: { ...record, order, refunds } });
    }
    case 'redeem': {
      needed(known.coupon, 'coupon');
      const { outcome, redemption } = redeem(d, c);
      return done(outcome, redemption ? { kind: 'coupon', record: redemption } : undefined);
    }
    case 'signup':
      bonus(d, 'signup', program.bonuses.signup, c.at);
      return done({ status: 'applied' }, { kind: 'posting', key: 'bonus:signup' });
    case 'grant': {
      const key = `grant:${c.key}`;
      award(d, { type: 'bonus', reason: 'campaign', note: c.reason, key, points: c.points, at: c.at, pending: false });
      raiseTier(d, key, c.at);
      return done({ status: 'applied' }, { kind: 'posting', key });
    }
    case 'birthday':
      birthday(d, c.year, c.at);
      return done({ status: 'applied' }, { kind: 'posting', key: `bonus:birthday:${c.year}` });
    case 'tick': {
      // Birthdays since the last tick, but never more than a week back: a late sweep still celebrates, while
      // importing years of history (or learning a birthday late) does not pay out birthdays long gone.
      const since = d.lastTickAt ?? d.birthday?.since;
      const weekAgo = minus(c.now, birthdayCatchUp);
      const after = since === undefined ? undefined : isBefore(since, weekAgo) ? weekAgo : since;
      if (!tick(d, c.now)) return unchanged({ status: 'duplicate' });
      if (d.birthday && after !== undefined && program.bonuses.birthday > 0) {
        for (const { year, at } of birthdaysBetween(d.birthday, after, c.now)) {
          if (d.birthdayYears.includes(year)) continue;
          birthday(d, year, at);
          d.records.push({ kind: 'posting', key: `bonus:birthday:${year}` });
        }
      }
      return done({ status: 'applied' });
    }
    case 'profile': {
      // Same birthday and zone as known: nothing to record (the account object is returned unchanged).
      const monthDay = monthDayOf(c.birthday);
      const timezone = c.timezone ?? d.birthday?.timezone ?? 'UTC';
      if (d.birthday?.monthDay === monthDay && d.birthday.timezone === timezone) {
        return unchanged({ status: 'duplicate' });
      }
      d.birthday = { monthDay, timezone, since: d.birthday?.since ?? c.at };
      return done({ status: 'applied' });
    }
  }
}

const birthdayCatchUp = 'P7D';

/** A coupon's record as the redemption it is (without the order that used it). */
const redemptionOf = ({ usedBy: _usedBy, ...redemption }: CouponRecord): RedemptionState => redemption;

/** Whether the records (or, for a birthday, the account) show the command applied already. */
const isDuplicate = (account: Account, c: LoyaltyCommand, known: Known): boolean =>
  appliedIn(c, known) || (c.kind === 'birthday' && account.birthdayYears.includes(c.year));

function bonus(d: Draft, reason: 'signup' | 'birthday', points: number, at: string, name: string = reason): void {
  const key = `bonus:${name}`;
  award(d, { type: 'bonus', reason, key, points, at, pending: false });
  raiseTier(d, key, at);
}

/** The birthday bonus of `year`; the account remembers the latest two years paid (a tick looks a week back). */
function birthday(d: Draft, year: number, at: string): void {
  bonus(d, 'birthday', d.program.bonuses.birthday, at, `birthday:${year}`);
  const years = [...d.birthdayYears, year].sort((a, b) => a - b);
  d.birthdayYears = years.filter((y) => y >= (years.at(-1) ?? year) - 1);
}

/** Times as canonical UTC ISO strings, so stored times compare as strings too. */
function normalise(command: LoyaltyCommand): LoyaltyCommand {
  return command.kind === 'tick' ? { ...command, now: utc(command.now) } : { ...command, at: utc(command.at) };
}
