import { addDuration, parseDuration } from '../../platform/duration.js';
import { nextBirthday } from './birthday.js';
import type { Account } from './model.js';
import type { LoyaltyProgram } from './program.js';
import { minus } from './time.js';

/**
 * When the account next needs a tick: a lot expiring, a lot entering its reminder window, or the tier up for
 * review (minimum stay over, or a month of qualifying amounts leaving the rolling window), or a birthday to celebrate.
 * Only times after `now`, so a tick that changed nothing does not make the account due again at once. Null: nothing
 * will ever be due.
 */
export function nextDueAt(program: LoyaltyProgram, account: Account, now: string): string | null {
  const candidates: string[] = [];
  const remindBefore = program.expiry?.remindBefore;
  for (const lot of account.lots) {
    if (lot.remaining <= 0 || lot.expiresAt === null) continue;
    candidates.push(lot.expiresAt);
    if (remindBefore && !lot.remindedAt) {
      // Already inside its reminder window (e.g. points earned close to expiry): remind at the next sweep.
      const remindAt = minus(lot.expiresAt, remindBefore);
      if (remindAt <= now && now < lot.expiresAt) return now;
      candidates.push(remindAt);
    }
  }
  if (program.tiers) {
    const stay = program.tiers.downgrade?.minimumStay ? parseDuration(program.tiers.downgrade.minimumStay) : null;
    const lowest = program.tiers.levels[0]?.id;
    if (stay && account.tier !== lowest) candidates.push(addDuration(new Date(account.tierSince), stay).toISOString());
    // A month leaving the window may take the tier down; at the lowest tier, the tick still drops it (the account
    // keeps only the months that can count).
    for (const month of account.qualifying) candidates.push(month.until);
  }
  if (account.birthday && program.bonuses.birthday > 0) candidates.push(nextBirthday(account.birthday, now));
  const future = candidates.filter((t) => t > now).sort();
  return future[0] ?? null;
}
