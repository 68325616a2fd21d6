import type { Draft } from './draft.js';
import type { Lot } from './model.js';
import { isAtOrBefore, isBefore, ms } from './time.js';

/** Not expired at `at` (an expired lot is worth nothing, even before a tick records its expiry). */
export const isLive = (lot: Lot, at: string): boolean => lot.expiresAt === null || isBefore(at, lot.expiresAt);

/** Out of its pending window and not expired at `at`. */
export const isSpendable = (lot: Lot, at: string): boolean => isAtOrBefore(lot.availableAt, at) && isLive(lot, at);

/** Soonest-expiring first, never-expiring last; then oldest first; then by key, so the order is total. */
export function spendOrder(a: Lot, b: Lot): number {
  const ea = a.expiresAt === null ? Number.POSITIVE_INFINITY : ms(a.expiresAt);
  const eb = b.expiresAt === null ? Number.POSITIVE_INFINITY : ms(b.expiresAt);
  if (ea !== eb) return ea < eb ? -1 : 1;
  const diff = ms(a.earnedAt) - ms(b.earnedAt);
  if (diff !== 0) return diff;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/** Adds a lot; outstanding debt is repaid from it first, so it may start with less than its points. */
export function credit(d: Draft, lot: Omit<Lot, 'remaining'>): void {
  const repaid = Math.min(d.debt, lot.points);
  d.debt -= repaid;
  d.lots.push({ ...lot, remaining: lot.points - repaid });
}

/** Takes up to `points` from the lots with the given keys, in that order; returns how many it took. */
export function take(d: Draft, keys: readonly string[], points: number): number {
  let left = points;
  for (const key of keys) {
    if (left === 0) break;
    const i = d.lots.findIndex((lot) => lot.key === key);
    const lot = d.lots[i];
    if (!lot || lot.remaining === 0) continue;
    const taken = Math.min(lot.remaining, left);
    d.lots[i] = { ...lot, remaining: lot.remaining - taken };
    left -= taken;
  }
  return points - left;
}

/** Keys of the lots spendable at `at`, in spending order, except `exclude`. */
export function spendableKeys(d: Draft, at: string, exclude?: string): string[] {
  return d.lots
    .filter((lot) => lot.key !== exclude && lot.remaining > 0 && isSpendable(lot, at))
    .sort(spendOrder)
    .map((lot) => lot.key);
}

export const sumRemaining = (lots: readonly Lot[]): number => lots.reduce((n, lot) => n + lot.remaining, 0);
