import { award } from './award.js';
import { birthdaysBetween, monthDayOf } from './birthday.js';
import { closeDraft, type Draft, openDraft, own } from './draft.js';
import type { Account, LoyaltyCommand, PostingOutcome, PostingResult, RedemptionState } from './model.js';
import { postOrder } from './order.js';
import type { LoyaltyProgram } from './program.js';
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
    orders: {},
    redemptions: {},
    heldRefunds: [],
    applied: [],
    orderCount: 0,
  };
}

/** The business key that makes a command a duplicate; ticks have none (a repeated tick finds nothing to do). */
export function postingKey(command: LoyaltyCommand): string | null {
  switch (command.kind) {
    case 'order':
      return `order:${command.orderId}`;
    case 'refund':
      return `refund:${command.refundId}`;
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
 * Applies one command to an account: pure and deterministic (the same account and command always give the same
 * result, so a posting re-run after a crash yields identical entries and events, whose keys come from the command).
 * The returned account is the commit point; entries and events are written after it.
 *
 * Invariants after every posting (asserted by the property tests):
 * - ledger = balance: the sum of `points` over every entry ever returned == sum of lots' `remaining` - `debt`;
 * - lifetime == the sum of `earn`, `bonus` and `reverse` entries (restored, redeemed and expired points do not
 *   change it);
 * - every lot has 0 <= remaining <= points; debt >= 0, so `balanceAt(...).available >= -debt`;
 * - debt is repaid from the next points credited, and set against lots as they expire (no entry: it nets out);
 * - `tier` is a level of the program; every posting's business key is in `applied`.
 * When nothing changes (`duplicate`, `refused`) the result's account is the very object passed in, so a caller can
 * skip the write with `result.account === account`; an `applied` or `held` posting always changed the account (e.g.
 * an order of 0 points is still recorded, a refund too small to reverse a point still adds to the refunded amount).
 * Outcomes: `duplicate` for a key already applied and for a tick not after the last one (nothing to write);
 * `held` for a refund of an order not seen yet; `refused` for a redemption that cannot be made (not recorded: the
 * same key may be tried again later).
 */
export function post(program: LoyaltyProgram, account: Account, command: LoyaltyCommand): PostingResult {
  const c = normalise(command);
  const key = postingKey(c);
  if (key !== null && account.applied.includes(key)) {
    const redemption = c.kind === 'redeem' ? own(account.redemptions, c.key) : undefined;
    return { account, entries: [], events: [], outcome: { status: 'duplicate' }, redemption };
  }
  const d = openDraft(program, account);
  const done = (outcome: PostingOutcome, redemption?: RedemptionState): PostingResult => {
    if (outcome.status === 'refused') return { account, entries: [], events: [], outcome };
    if (key !== null) d.applied.push(key);
    d.lots = d.lots.filter((lot) => lot.remaining > 0);
    pruneQualifying(d);
    return { account: closeDraft(d), entries: d.entries, events: d.events, outcome, redemption };
  };
  switch (c.kind) {
    case 'order':
      postOrder(d, c);
      raiseTier(d, `order:${c.orderId}`, c.at);
      return done({ status: 'applied' });
    case 'refund': {
      const refund = { refundId: c.refundId, orderId: c.orderId, amount: c.amount, at: c.at };
      if (!own(d.orders, c.orderId)) {
        d.heldRefunds.push(refund);
        return done({ status: 'held' });
      }
      applyRefund(d, refund);
      return done({ status: 'applied' });
    }
    case 'redeem': {
      const { outcome, redemption } = redeem(d, c);
      return done(outcome, redemption);
    }
    case 'signup':
      bonus(d, 'signup', program.bonuses.signup, c.at);
      return done({ status: 'applied' });
    case 'grant': {
      const key = `grant:${c.key}`;
      award(d, {
        type: 'bonus',
        reason: 'campaign',
        note: c.reason,
        key,
        lotKey: key,
        points: c.points,
        at: c.at,
        availableAt: c.at,
      });
      raiseTier(d, key, c.at);
      return done({ status: 'applied' });
    }
    case 'birthday':
      bonus(d, 'birthday', program.bonuses.birthday, c.at, `birthday:${c.year}`);
      return done({ status: 'applied' });
    case 'tick': {
      // Birthdays since the last tick, but never more than a week back: a late sweep still celebrates, while
      // importing years of history (or learning a birthday late) does not pay out birthdays long gone.
      const since = d.lastTickAt ?? d.birthday?.since;
      const weekAgo = minus(c.now, birthdayCatchUp);
      const after = since === undefined ? undefined : isBefore(since, weekAgo) ? weekAgo : since;
      if (!tick(d, c.now)) return { account, entries: [], events: [], outcome: { status: 'duplicate' } };
      if (d.birthday && after !== undefined && program.bonuses.birthday > 0) {
        for (const { year, at } of birthdaysBetween(d.birthday, after, c.now)) {
          const name = `birthday:${year}`;
          if (d.applied.includes(`bonus:${name}`)) continue;
          bonus(d, 'birthday', program.bonuses.birthday, at, name);
          d.applied.push(`bonus:${name}`);
        }
      }
      return done({ status: 'applied' });
    }
    case 'profile': {
      // Same birthday and zone as known: nothing to record (the account object is returned unchanged).
      const monthDay = monthDayOf(c.birthday);
      const timezone = c.timezone ?? d.birthday?.timezone ?? 'UTC';
      if (d.birthday?.monthDay === monthDay && d.birthday.timezone === timezone) {
        return { account, entries: [], events: [], outcome: { status: 'duplicate' } };
      }
      d.birthday = { monthDay, timezone, since: d.birthday?.since ?? c.at };
      return done({ status: 'applied' });
    }
  }
}

const birthdayCatchUp = 'P7D';

function bonus(d: Draft, reason: 'signup' | 'birthday', points: number, at: string, name: string = reason): void {
  const key = `bonus:${name}`;
  award(d, { type: 'bonus', reason, key, lotKey: key, points, at, availableAt: at });
  raiseTier(d, key, at);
}

/** Times as canonical UTC ISO strings, so stored times compare as strings too. */
function normalise(command: LoyaltyCommand): LoyaltyCommand {
  return command.kind === 'tick' ? { ...command, now: utc(command.now) } : { ...command, at: utc(command.at) };
}
