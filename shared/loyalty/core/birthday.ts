import { localTimeToInstant } from '../../platform/calendar/local-time.js';

/** The customer's birthday as the loyalty account keeps it: the month-day, in the customer's time zone. */
export interface Birthday {
  /** `MM-DD`; 02-29 is celebrated on 02-28 in other years. */
  readonly monthDay: string;
  /** IANA time zone; `UTC` when the profile has none. */
  readonly timezone: string;
  /** When the account learnt it: no bonus for birthdays before. */
  readonly since: string;
}

/** `YYYY-MM-DD` or `--MM-DD` (the profile's formats) -> `MM-DD`. */
export const monthDayOf = (birthday: string): string => birthday.slice(-5);

/** The instant the birthday starts (local midnight in `timezone`) in `year`. */
export function birthdayStart(b: Pick<Birthday, 'monthDay' | 'timezone'>, year: number): string {
  const [month = 1, day = 1] = b.monthDay.split('-').map(Number);
  const leapless = month === 2 && day === 29 && new Date(Date.UTC(year, 1, 29)).getUTCMonth() !== 1;
  const date = new Date(Date.UTC(year, month - 1, leapless ? 28 : day)).toISOString().slice(0, 10);
  return localTimeToInstant(date, '00:00', b.timezone);
}

/** Birthday starts in (after, upTo], with their years: what a tick at `upTo` must award. */
export function birthdaysBetween(b: Birthday, after: string, upTo: string): { year: number; at: string }[] {
  const from = new Date(after).getUTCFullYear() - 1;
  const to = new Date(upTo).getUTCFullYear() + 1;
  const due: { year: number; at: string }[] = [];
  for (let year = from; year <= to; year++) {
    const at = birthdayStart(b, year);
    if (at > after && at <= upTo && at > b.since) due.push({ year, at });
  }
  return due;
}

/** The next birthday start after `now`. */
export function nextBirthday(b: Birthday, now: string): string {
  const year = new Date(now).getUTCFullYear();
  for (const y of [year - 1, year, year + 1, year + 2]) {
    const at = birthdayStart(b, y);
    if (at > now) return at;
  }
  return birthdayStart(b, year + 2);
}
