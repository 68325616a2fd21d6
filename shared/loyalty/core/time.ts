import { addDuration, type Duration, parseDuration } from '../../platform/duration.js';

/** Times in the loyalty domain: UTC ISO strings, compared as instants (an input may carry an offset). */

export const ms = (at: string): number => Date.parse(at);

/** `at` as a canonical UTC ISO string (`2027-01-01T10:00:00.000Z`), so equal instants compare equal as strings. */
export const utc = (at: string): string => new Date(at).toISOString();

/** The program's durations were validated when it was parsed: a bad one here is a programming error. */
function duration(text: string): Duration {
  const d = parseDuration(text);
  if (!d) throw new Error(`not an ISO-8601 duration: ${text}`);
  return d;
}

export const plus = (at: string, text: string): string => addDuration(new Date(at), duration(text)).toISOString();

/** `at` minus a duration: each part negated, calendar-aware like `plus` (the scheduler computes due times alike). */
export function minus(at: string, text: string): string {
  const d = duration(text);
  const negated: Duration = {
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

export const isBefore = (a: string, b: string): boolean => ms(a) < ms(b);
export const isAtOrBefore = (a: string, b: string): boolean => ms(a) <= ms(b);

const dayMs = 86_400_000;

/** The first midnight (UTC) at or after `at`: when a return window ends, its points become spendable. */
export function ceilDay(at: string): string {
  const t = ms(at);
  return new Date(Math.ceil(t / dayMs) * dayMs).toISOString();
}

/** The first start of a month (UTC) at or after `at`: lots expire, and tier amounts leave, at month boundaries. */
export function ceilMonth(at: string): string {
  const d = new Date(at);
  const start = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  return new Date(start === d.getTime() ? start : Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1)).toISOString();
}
