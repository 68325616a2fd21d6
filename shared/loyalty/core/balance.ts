import { isLive, isReleased } from './lots.js';
import type { Account, Balance } from './model.js';

/**
 * The balance as of `now`, read-side: a lot past its expiry counts for nothing even before a tick records it, and
 * the debt is first set against such lots, exactly as the tick will (so the balance does not jump at the tick), then
 * against the available points; what is left of it is shown as `debt`, never as a negative `available`.
 */
export function balanceAt(account: Account, now: string): Balance {
  let available = 0;
  let pending = 0;
  let expired = 0;
  for (const lot of account.lots) {
    if (!isLive(lot, now)) expired += lot.remaining;
    else if (isReleased(lot, now)) available += lot.remaining;
    else pending += lot.remaining;
  }
  const owed = Math.max(0, account.debt - expired);
  const debt = Math.max(0, owed - available);
  return {
    available: Math.max(0, available - owed),
    pending,
    lifetime: account.lifetime,
    ...(debt > 0 ? { debt } : {}),
  };
}
