import { addDuration, parseDuration } from '../../platform/duration.js';
import { nextBirthday } from './birthday.js';
import type { Account } from './model.js';
import type { LoyaltyProgram } from './program.js';
import { minus } from './time.js';

/**
 * When the account next needs a tick: a lot expiring, a lot entering its reminder window, or the tier up for
 * review (minimum stay over, or qualifying amounts leaving the rolling window), or a birthday to celebrate. Only times after `now`, so a
 * tick that changed nothing does not make the account due again at once. Null: nothing will ever be due.
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
  const lowest = program.tiers?.levels[0]?.id;
  if (program.tiers && account.tier !== lowest) {
    const window = parseDuration(program.tiers.window);
    const stay = program.tiers.downgrade?.minimumStay ? parseDuration(program.tiers.downgrade.minimumStay) : null;
    if (stay) candidates.push(addDuration(new Date(account.tierSince), stay).toISOString());
    if (window) for (const q of account.qualifying) candidates.push(addDuration(new Date(q.at), window).toISOString());
  }
  if (account.birthday && program.bonuses.birthday > 0) candidates.push(nextBirthday(account.birthday, now));
  const future = candidates.filter((t) => t > now).sort();
  return future[0] ?? null;
}
