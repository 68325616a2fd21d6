import { type Draft, eventBase } from './draft.js';
import { lotKey, spendOrder } from './lots.js';
import { reviewTier } from './tiers.js';
import { isAtOrBefore, isBefore, minus } from './time.js';

/**
 * The clock moved to `now`: record the expiry of lots past their date (debt is first set against them: points
 * about to vanish settle what the customer owes), remind about lots inside their reminder window, review the tier.
 * Returns false for a tick not after the last one: everything it would do is done. Entry and event keys carry the
 * tick's time: a lot of the same expiry may come again (a late order), and expire or be reminded of again.
 */
export function tick(d: Draft, now: string): boolean {
  if (d.lastTickAt !== undefined && !isBefore(d.lastTickAt, now)) return false;
  const expiring = d.lots.filter((l) => l.remaining > 0 && l.expiresAt !== null && isAtOrBefore(l.expiresAt, now));
  for (const lot of expiring.sort(spendOrder)) {
    const at = lot.expiresAt ?? now;
    const settled = Math.min(d.debt, lot.remaining);
    const points = lot.remaining - settled;
    d.debt -= settled;
    d.lots = d.lots.map((l) => (l === lot ? { ...l, remaining: 0 } : l));
    if (points === 0) continue;
    const key = `expire:${lotKey(lot)}@${now}`;
    d.entries.push({ key, at, type: 'expire', points: -points });
    d.events.push({ type: 'Points Expired', key, detail: { ...eventBase(d, key, at), points } });
  }
  const remindBefore = d.program.expiry?.remindBefore;
  if (remindBefore !== undefined) {
    d.lots = d.lots.map((lot) => {
      if (lot.remaining === 0 || lot.expiresAt === null || lot.remindedAt !== undefined) return lot;
      if (!isAtOrBefore(minus(lot.expiresAt, remindBefore), now)) return lot;
      const key = `expiring:${lotKey(lot)}@${now}`;
      const detail = { ...eventBase(d, key, now), points: lot.remaining, expiresAt: lot.expiresAt };
      d.events.push({ type: 'Points Expiring', key, detail });
      return { ...lot, remindedAt: now };
    });
  }
  reviewTier(d, now);
  d.lastTickAt = now;
  return true;
}
