import { epochDay } from './convert.js';

/**
 * Wall-clock time in an IANA time zone -> UTC instant, with the zone rules (tzdata) built into Node's `Intl`.
 *
 * The offsets a day either side of the wall time give at most two candidate instants; those whose wall clock in the
 * zone reads back as the requested time are the answers. Where clocks change:
 * - Gap (spring forward: 02:30 on the last Sunday of March in Europe/Amsterdam never happens): the next valid
 *   instant, i.e. the end of the gap (03:00 CEST = 01:00Z), found by bisecting to the second. Temporal's
 *   'compatible' disambiguation would instead shift by the gap's length (03:30); we do not.
 * - Overlap (fall back: 02:30 on the last Sunday of October happens twice): the first of the two (still CEST).
 * Assumes the zone changes offset at most once within a day either side, true of every zone in current tzdata.
 */
const minuteMs = 60_000;
const dayMs = 86_400_000;
const timePattern = /^([01]\d|2[0-3]):([0-5]\d)$/;
const formatters = new Map<string, Intl.DateTimeFormat>();

/** The zone's wall clock at `utcMs`, read as if it were UTC (whole seconds). */
export function wallClock(timeZone: string, utcMs: number): number {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US-u-nu-latn', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  const parts = f.formatToParts(utcMs);
  const n = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((p) => p.type === type)?.value);
  return Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second'));
}

/** The UTC instant (`...T..:..:00.000Z`) at which the clocks in `timeZone` show `localTime` (`HH:MM`) on `dateIso`. */
export function localTimeToInstant(dateIso: string, localTime: string, timeZone: string): string {
  const time = timePattern.exec(localTime);
  if (!time) throw new RangeError(`not an HH:MM time: ${localTime}`);
  const wall = epochDay(dateIso) * dayMs + (Number(time[1]) * 60 + Number(time[2])) * minuteMs;
  const offsetAt = (utcMs: number): number => wallClock(timeZone, utcMs) - utcMs;
  const candidates = [wall - offsetAt(wall - dayMs), wall - offsetAt(wall + dayMs)].sort((a, b) => a - b);
  const exact = candidates.find((utcMs) => wallClock(timeZone, utcMs) === wall);
  if (exact !== undefined) return new Date(exact).toISOString();
  // In a gap: the earlier candidate is before the change, the later after it; bisect to the change.
  let [before = wall, after = wall] = candidates;
  const offsetBefore = offsetAt(before);
  while (after - before > 1000) {
    const middle = before + Math.floor((after - before) / 2000) * 1000;
    if (offsetAt(middle) === offsetBefore) before = middle;
    else after = middle;
  }
  return new Date(after).toISOString();
}
