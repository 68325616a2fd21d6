import type { LoyaltyProgram } from '../../schemas/loyalty-program.js';
import { addDuration, parseDuration } from '../duration.js';
import type { Account } from './model.js';

/**
 * When the account next needs a tick: a lot expiring, a lot entering its reminder window, or the tier up for
 * review (minimum stay over, or qualifying amounts leaving the rolling window). Only times after `now`, so a
 * tick that changed nothing does not make the account due again at once. Null: nothing will ever be due.
 */
export function nextDueAt(program: LoyaltyProgram, account: Account, now: string): string | null {
  const candidates: string[] = [];
  const remindBefore = program.expiry?.remindBefore ? parseDuration(program.expiry.remindBefore) : null;
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
  const future = candidates.filter((t) => t > now).sort();
  return future[0] ?? null;
}

/** `at` minus a duration: each part negated (calendar-aware like addDuration). */
function minus(at: string, d: NonNullable<ReturnType<typeof parseDuration>>): string {
  const negated = {
    years: -d.years,
    months: -d.months,
    weeks: -d.weeks,
    days: -d.days,
    hours: -d.hours,
    minutes: -d.minutes,
    seconds: -d.seconds,
  };
  return addDuration(new Date(at), negated).toISOString();
}
