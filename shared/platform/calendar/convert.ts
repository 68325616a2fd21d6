import type { Calendar } from './occasions.js';

/**
 * Gregorian <-> Hijri (Umm al-Qura) / Persian (Solar Hijri) dates, with the ICU calendars built into Node's `Intl`
 * (`en-u-ca-islamic-umalqura`, `en-u-ca-persian`); no tables of our own.
 *
 * - Hijri: ICU tabulates Umm al-Qura for 1300-1600 AH (1882-2174) and silently falls back to arithmetic months
 *   outside it, so hijri dates outside those years are rejected with a RangeError.
 * - Persian: ICU uses the arithmetic 33-year leap cycle. For 2000-2100 its Nowruz agrees with Iran's astronomical
 *   rule (the year starts on the day of the March equinox if it falls before noon Tehran time, else the next day).
 *
 * `toCalendarDate` formats the day at 00:00 UTC in the calendar. `fromCalendarDate` has no ICU counterpart, so it
 * estimates the day from mean year/month lengths, formats the estimate, corrects it by the remaining difference
 * (or by one day when the means round it away) and repeats until the formatter returns exactly the requested date
 * (1-3 rounds). A date that does not exist (30 Ramadan in a 29-day Ramadan, 30 Esfand in a common year) makes the
 * search oscillate around the gap and is rejected after 8 rounds.
 * The test suite checks the round trip for every day 2000-2100.
 */
export interface CalendarDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

export const umalquraYears = { first: 1300, last: 1600 } as const;

const dayMs = 86_400_000;
const isoPattern = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `YYYY-MM-DD` of a day counted from 1970-01-01. */
export const isoDate = (epochDay: number): string => new Date(epochDay * dayMs).toISOString().slice(0, 10);

/** Days from 1970-01-01 to a Gregorian `YYYY-MM-DD` date; RangeError unless it is a real date (years 0100-9999). */
export function epochDay(iso: string): number {
  const m = isoPattern.exec(iso);
  const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : Number.NaN;
  if (Number.isNaN(ms) || isoDate(ms / dayMs) !== iso) throw new RangeError(`not a YYYY-MM-DD date: ${iso}`);
  return ms / dayMs;
}

export const addDays = (iso: string, days: number): string => isoDate(epochDay(iso) + days);

/** 0 = Sunday ... 6 = Saturday (1970-01-01 was a Thursday). */
export const weekday = (iso: string): number => (((epochDay(iso) + 4) % 7) + 7) % 7;

const numeric: Intl.DateTimeFormatOptions = { timeZone: 'UTC', year: 'numeric', month: 'numeric', day: 'numeric' };
const formatters = {
  hijri: new Intl.DateTimeFormat('en-u-ca-islamic-umalqura-nu-latn', numeric),
  persian: new Intl.DateTimeFormat('en-u-ca-persian-nu-latn', numeric),
};

function ofDay(day: number, calendar: 'hijri' | 'persian'): CalendarDate {
  const parts = formatters[calendar].formatToParts(day * dayMs);
  const value = (type: Intl.DateTimeFormatPartTypes): number =>
    Number(parts.find((p) => p.type === type)?.value ?? Number.NaN);
  const date = { year: value('year'), month: value('month'), day: value('day') };
  if (calendar === 'hijri' && (date.year < umalquraYears.first || date.year > umalquraYears.last)) {
    throw new RangeError(`${isoDate(day)} is outside the Umm al-Qura table (${date.year} AH)`);
  }
  return date;
}

export function toCalendarDate(gregorianIsoDate: string, calendar: Calendar): CalendarDate {
  const day = epochDay(gregorianIsoDate);
  if (calendar !== 'gregorian') return ofDay(day, calendar);
  const [year = 0, month = 0, date = 0] = gregorianIsoDate.split('-').map(Number);
  return { year, month, day: date };
}

/** Mean lengths and a known 1 Muharram / 1 Farvardin to estimate from. */
const models = {
  hijri: { year: 1420, start: epochDay('1999-04-17'), yearDays: 354.367, monthStart: (m: number) => (m - 1) * 29.53 },
  persian: {
    year: 1379,
    start: epochDay('2000-03-20'),
    yearDays: 365.2422,
    monthStart: (m: number) => (m - 1) * 30 + Math.min(m - 1, 6), // 6 months of 31 days, then 30 (Esfand 29/30)
  },
};

/** The Gregorian `YYYY-MM-DD` of a date in `calendar`; RangeError when that date does not exist. */
export function fromCalendarDate(calendar: Calendar, year: number, month: number, day: number): string {
  const label = `${calendar} ${year}-${month}-${day}`;
  const whole = [year, month, day].every(Number.isInteger);
  if (!whole || month < 1 || month > 12 || day < 1 || day > 31) throw new RangeError(`no such date: ${label}`);
  if (calendar === 'gregorian') {
    const iso = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    epochDay(iso);
    return iso;
  }
  if (calendar === 'hijri' && (year < umalquraYears.first || year > umalquraYears.last)) {
    throw new RangeError(`${label} is outside the Umm al-Qura table (${umalquraYears.first}-${umalquraYears.last})`);
  }
  const model = models[calendar];
  const offset = (y: number, m: number, d: number): number =>
    (y - model.year) * model.yearDays + model.monthStart(m) + d;
  let guess = model.start + Math.round(offset(year, month, day - 1));
  for (let round = 0; round < 8; round++) {
    const found = ofDay(guess, calendar);
    if (found.year === year && found.month === month && found.day === day) return isoDate(guess);
    const later = found.year - year || found.month - month || found.day - day;
    guess += Math.round(offset(year, month, day) - offset(found.year, found.month, found.day)) || -Math.sign(later);
  }
  throw new RangeError(`no such date: ${label}`);
}
