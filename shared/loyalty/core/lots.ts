import type { Draft } from './draft.js';
import type { Lot } from './model.js';
import type { LoyaltyProgram } from './program.js';
import { ceilDay, ceilMonth, isAtOrBefore, isBefore, ms, plus } from './time.js';

/**
 * Lots are bounded by the program's windows, not by how often a customer buys: points expire at the start of the
 * month after the one they turn `expiry.after` old in (one lot per expiry month), and an order's points become
 * spendable at the midnight (UTC) after its return window (one pending lot per release day, which joins its expiry's
 * lot at the first posting once released). A customer has at most (expiry in months + 1) + (return window in days
 * + 1) lots, whether they buy once a year or every hour.
 */

/** When points credited at `at` expire: a month start, or null without expiry. */
export const expiryOf = (program: LoyaltyProgram, at: string): string | null =>
  program.expiry ? ceilMonth(plus(at, program.expiry.after)) : null;

/** When an order's points, earned at `at`, can be spent: at once without a return window, else the midnight after. */
export function releaseOf(program: LoyaltyProgram, at: string): string {
  const end = plus(at, program.pending);
  return ms(end) === ms(at) ? at : ceilDay(end);
}

const baseKey = (expiresAt: string | null): string => (expiresAt === null ? 'never' : expiresAt.slice(0, 10));
const pendingKey = (expiresAt: string | null, release: string): string =>
  `${baseKey(expiresAt)}@${release.slice(0, 10)}`;

/** A lot's name: `<expiry date>` (`never` without expiry), `<expiry date>@<release date>` while pending. */
export const lotKey = (lot: Pick<Lot, 'expiresAt' | 'availableAt'>): string =>
  lot.availableAt === undefined ? baseKey(lot.expiresAt) : pendingKey(lot.expiresAt, lot.availableAt);

/** The keys of the lot an order's points went to, while pending and once released (the same without a window). */
export function orderLotKeys(program: LoyaltyProgram, at: string): string[] {
  const expiresAt = expiryOf(program, at);
  const release = releaseOf(program, at);
  return ms(release) === ms(at) ? [baseKey(expiresAt)] : [pendingKey(expiresAt, release), baseKey(expiresAt)];
}

/** Not expired at `at` (an expired lot is worth nothing, even before a tick records it). */
export const isLive = (lot: Lot, at: string): boolean => lot.expiresAt === null || isBefore(at, lot.expiresAt);

/** Out of its pending window at `at` (a lot without a release date is spendable from its first credit). */
export const isReleased = (lot: Lot, at: string): boolean =>
  lot.availableAt === undefined || isAtOrBefore(lot.availableAt, at);

/** Out of its pending window and not expired at `at`. */
export const isSpendable = (lot: Lot, at: string): boolean => isReleased(lot, at) && isLive(lot, at);

/** Soonest-expiring first, never-expiring last; then by key (a lot before the pending lots of its expiry). */
export function spendOrder(a: Lot, b: Lot): number {
  const ea = a.expiresAt === null ? Number.POSITIVE_INFINITY : ms(a.expiresAt);
  const eb = b.expiresAt === null ? Number.POSITIVE_INFINITY : ms(b.expiresAt);
  if (ea !== eb) return ea < eb ? -1 : 1;
  const ka = lotKey(a);
  const kb = lotKey(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

export interface Credit {
  readonly points: number;
  readonly at: string;
  /** An order's points wait for the return window; bonuses and restored points can be spent at once. */
  readonly pending: boolean;
}

/**
 * Credits points to their lot: outstanding debt is repaid from them first, so the lot may grow by less than `points`.
 * Returns when they become spendable and when they expire.
 */
export function credit(d: Draft, c: Credit): { availableAt: string; expiresAt: string | null } {
  const expiresAt = expiryOf(d.program, c.at);
  const availableAt = c.pending ? releaseOf(d.program, c.at) : c.at;
  const repaid = Math.min(d.debt, c.points);
  d.debt -= repaid;
  // Without a return window there is nothing to wait for (a bonus re-dealt to an order later than the posting's time).
  const pending = c.pending && availableAt !== c.at && isBefore(d.now, availableAt);
  add(d, { remaining: c.points - repaid, expiresAt, ...(pending ? { availableAt } : {}) });
  return { availableAt, expiresAt };
}

/** Pending lots released by `at` join the lot of their expiry. */
export function mergeReleased(d: Draft, at: string): void {
  const released = d.lots.filter((lot) => lot.availableAt !== undefined && isAtOrBefore(lot.availableAt, at));
  if (released.length === 0) return;
  d.lots = d.lots.filter((lot) => !released.includes(lot));
  for (const { availableAt: _released, ...lot } of released) add(d, lot);
}

/** Adds `lot` to the lot with its key (that one may be reminded already: these points then go without a reminder). */
function add(d: Draft, lot: Lot): void {
  const key = lotKey(lot);
  const i = d.lots.findIndex((l) => lotKey(l) === key);
  const into = d.lots[i];
  if (into) d.lots[i] = { ...into, remaining: into.remaining + lot.remaining };
  else d.lots.push(lot);
}

/** Takes up to `points` from the lots with the given keys, in that order; returns how many it took. */
export function take(d: Draft, keys: readonly string[], points: number): number {
  let left = points;
  for (const key of keys) {
    if (left === 0) break;
    const i = d.lots.findIndex((lot) => lotKey(lot) === key);
    const lot = d.lots[i];
    if (!lot || lot.remaining === 0) continue;
    const taken = Math.min(lot.remaining, left);
    d.lots[i] = { ...lot, remaining: lot.remaining - taken };
    left -= taken;
  }
  return points - left;
}

/** Keys of the lots spendable at `at`, in spending order, except those in `exclude`. */
export function spendableKeys(d: Draft, at: string, exclude: readonly string[] = []): string[] {
  return d.lots
    .filter((lot) => lot.remaining > 0 && isSpendable(lot, at) && !exclude.includes(lotKey(lot)))
    .sort(spendOrder)
    .map(lotKey);
}

export const sumRemaining = (lots: readonly Lot[]): number => lots.reduce((n, lot) => n + lot.remaining, 0);
