import { addDays, epochDay, fromCalendarDate, isoDate, toCalendarDate, weekday } from './convert.js';
import { type Calendar, isOccasionId, type OccasionId } from './occasions.js';

/** Easter Sunday of a Gregorian year (the anonymous Gregorian computus, as in Meeus, Astronomical Algorithms). */
function easter(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const h = (19 * a + b - Math.floor(b / 4) - Math.floor((b - Math.floor((b + 8) / 25) + 1) / 3) + 15) % 30;
  const l = (32 + 2 * (b % 4) + 2 * Math.floor(c / 4) - h - (c % 4)) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const n = h + l - 7 * m + 114;
  return fromCalendarDate('gregorian', year, Math.floor(n / 31), (n % 31) + 1);
}

/** The `nth` (1-based) `day` of the week (0 = Sunday) in a Gregorian month. */
function nthWeekday(year: number, month: number, day: number, nth: number): string {
  const first = fromCalendarDate('gregorian', year, month, 1);
  return addDays(first, ((day - weekday(first) + 7) % 7) + 7 * (nth - 1));
}

/** Tuesday, the eve of the last Wednesday strictly before 1 Farvardin of `year + 1` (see occasions.ts). */
function chaharshanbeSuri(year: number): string {
  const nowruz = fromCalendarDate('persian', year + 1, 1, 1);
  const backToWednesday = (weekday(nowruz) - 3 + 7) % 7 || 7;
  return addDays(nowruz, -backToWednesday - 1);
}

const on =
  (calendar: Calendar, month: number, day: number) =>
  (year: number): string =>
    fromCalendarDate(calendar, year, month, day);

/** The occasion's Gregorian date in year `year` of its own calendar; it always falls within that calendar year. */
const rules: Record<OccasionId, (year: number) => string> = {
  'new-year': on('gregorian', 1, 1),
  valentines: on('gregorian', 2, 14),
  'mothers-day-uk': (year) => addDays(easter(year), -21),
  'black-friday': (year) => addDays(nthWeekday(year, 11, 4, 4), 1),
  christmas: on('gregorian', 12, 25),
  'islamic-new-year': on('hijri', 1, 1),
  ashura: on('hijri', 1, 10),
  mawlid: on('hijri', 3, 12),
  'ramadan-start': on('hijri', 9, 1),
  'eid-al-fitr': on('hijri', 10, 1),
  arafah: on('hijri', 12, 9),
  'eid-al-adha': on('hijri', 12, 10),
  nowruz: on('persian', 1, 1),
  'sizdah-bedar': on('persian', 1, 13),
  yalda: on('persian', 9, 30),
  'chaharshanbe-suri': chaharshanbeSuri,
};

/** Every Gregorian `YYYY-MM-DD` date of the occasion within [fromIso, toIso] (inclusive), in order. */
export function occasionDates<C extends Calendar>(
  calendar: C,
  id: OccasionId<C>,
  fromIso: string,
  toIso: string,
): string[] {
  if (!isOccasionId(calendar, id)) throw new RangeError(`${id} is not a ${calendar} occasion`);
  if (epochDay(fromIso) > epochDay(toIso)) return [];
  const dates: string[] = [];
  const last = toCalendarDate(toIso, calendar).year;
  for (let year = toCalendarDate(fromIso, calendar).year; year <= last; year++) {
    const date = rules[id](year);
    if (date >= fromIso && date <= toIso) dates.push(date);
  }
  return dates;
}

/**
 * The first date `occasion + offsetDays` strictly after `afterIso`: with offsetDays -3 and afterIso the day the
 * workflow last ran, the next "3 days before" date. Every occasion recurs within 400 days, so an 800-day search
 * window always holds the next one.
 */
export function nextOccasion<C extends Calendar>(
  calendar: C,
  id: OccasionId<C>,
  afterIso: string,
  offsetDays = 0,
): string {
  if (!Number.isInteger(offsetDays)) throw new RangeError(`offsetDays must be a whole number: ${offsetDays}`);
  const from = epochDay(afterIso) + 1 - offsetDays;
  const [next] = occasionDates(calendar, id, isoDate(from), isoDate(from + 800));
  if (next === undefined) throw new RangeError(`no ${id} within 800 days after ${isoDate(from - 1)}`);
  return addDays(next, offsetDays);
}
