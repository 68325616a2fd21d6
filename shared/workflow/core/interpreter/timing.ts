import { localTimeToInstant } from '../../../platform/calendar/local-time.js';
import { addDuration, parseDuration } from '../../../platform/duration.js';
import type { StepOf } from '../schema/workflow.js';

/** When waits end. All instants are ISO strings in UTC; `now` is passed in, never read. */

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** `now` plus an ISO-8601 duration (validated by the schema). */
export function after(now: string, duration: string): string {
  const parts = parseDuration(duration);
  if (parts === null) throw new RangeError(`not an ISO-8601 duration: ${duration}`);
  return addDuration(new Date(now), parts).toISOString();
}

/** The zone to use: the customer's when Node knows it, else UTC. */
export function zoneOrUtc(timeZone: string | null | undefined): string {
  if (!timeZone) return 'UTC';
  try {
    dateFormat(timeZone);
    return timeZone;
  } catch {
    return 'UTC';
  }
}

function dateFormat(timeZone: string): Intl.DateTimeFormat {
  let f = dateFormats.get(timeZone);
  if (!f) {
    // en-CA formats as YYYY-MM-DD.
    f = new Intl.DateTimeFormat('en-CA-u-nu-latn', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dateFormats.set(timeZone, f);
  }
  return f;
}

/** The first instant strictly after `now` at which the clocks in `timeZone` show `localTime` (HH:MM). */
export function nextLocalTime(now: string, localTime: string, timeZone: string): string {
  const nowMs = Date.parse(now);
  // Today's local date in the zone (not in UTC), else the next calendar day: counted on the date, not as +24 h,
  // which lands on the wrong day across a 23- or 25-hour DST day.
  const today = dateFormat(timeZone).format(nowMs);
  for (const date of [today, nextDate(today)]) {
    const candidate = localTimeToInstant(date, localTime, timeZone);
    if (Date.parse(candidate) > nowMs) return candidate;
  }
  throw new RangeError(`no ${localTime} in ${timeZone} within a day of ${now}`);
}

/** `YYYY-MM-DD` -> the next calendar day. */
function nextDate(date: string): string {
  const [y = 0, m = 1, d = 1] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

/** When a wait step that starts at `now` ends; at or before `now` means it is already over. */
export function waitEnds(step: StepOf<'wait'>, now: string, timeZone: string | null | undefined): string {
  if ('duration' in step) return after(now, step.duration);
  if ('localTime' in step.until) return nextLocalTime(now, step.until.localTime, zoneOrUtc(timeZone));
  return new Date(step.until.date).toISOString();
}
