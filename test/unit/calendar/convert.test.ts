import { describe, expect, it } from 'vitest';
import {
  addDays,
  type CalendarDate,
  epochDay,
  fromCalendarDate,
  isoDate,
  toCalendarDate,
  weekday,
} from '../../../shared/platform/calendar/convert.js';

const first = epochDay('2000-01-01');
const last = epochDay('2100-12-31');

/** Month lengths allowed by each calendar: Umm al-Qura months have 29 or 30 days; Persian 6x31, 5x30, Esfand 29/30. */
const monthLengths = {
  hijri: (_month: number) => [29, 30],
  persian: (month: number) => (month <= 6 ? [31] : month <= 11 ? [30] : [29, 30]),
};

describe.each(['hijri', 'persian'] as const)('%s dates', (calendar) => {
  it('round-trip every day 2000-2100, and run day by day through whole months and years', () => {
    let previous: CalendarDate | undefined;
    const mismatches: string[] = [];
    const badMonths: string[] = [];
    const yearLengths = new Map<number, number>();
    for (let day = first; day <= last; day++) {
      const iso = isoDate(day);
      const date = toCalendarDate(iso, calendar);
      if (fromCalendarDate(calendar, date.year, date.month, date.day) !== iso) mismatches.push(iso);
      yearLengths.set(date.year, (yearLengths.get(date.year) ?? 0) + 1);
      if (previous && date.day === 1) {
        const next = previous.month === 12 ? [previous.year + 1, 1] : [previous.year, previous.month + 1];
        const length = monthLengths[calendar](previous.month);
        if (date.year !== next[0] || date.month !== next[1] || !length.includes(previous.day)) badMonths.push(iso);
      } else if (previous) {
        if (date.year !== previous.year || date.month !== previous.month || date.day !== previous.day + 1) {
          badMonths.push(iso);
        }
      }
      previous = date;
    }
    expect(mismatches).toEqual([]);
    expect(badMonths).toEqual([]);
    const whole = [...yearLengths.values()].slice(1, -1); // the first and last years are cut by the window
    expect(new Set(whole)).toEqual(new Set(calendar === 'hijri' ? [354, 355] : [365, 366]));
  });
});

describe('known dates', () => {
  it('converts published dates both ways', () => {
    // Saudi Umm al-Qura calendar (ummulqura.org.sa) and Supreme Court announcements: Eid al-Fitr 1446 on
    // 2025-03-30, Eid al-Adha 1446 on 2025-06-06, Ramadan 1447 from 2026-02-18 (announced 2026-02-17).
    const fixtures: [string, 'hijri' | 'persian', number, number, number][] = [
      ['2025-03-30', 'hijri', 1446, 10, 1],
      ['2025-06-06', 'hijri', 1446, 12, 10],
      ['2026-02-18', 'hijri', 1447, 9, 1],
      ['2025-06-26', 'hijri', 1447, 1, 1],
      // Iranian calendar (Institute of Geophysics, University of Tehran): Nowruz 1404 = 2025-03-21,
      // Nowruz 1405 = 2026-03-21, Nowruz 1379 = 2000-03-20, and 1403 a leap year (30 Esfand = 2025-03-20).
      ['2025-03-21', 'persian', 1404, 1, 1],
      ['2026-03-21', 'persian', 1405, 1, 1],
      ['2000-03-20', 'persian', 1379, 1, 1],
      ['2025-03-20', 'persian', 1403, 12, 30],
    ];
    for (const [iso, calendar, year, month, day] of fixtures) {
      expect(toCalendarDate(iso, calendar)).toEqual({ year, month, day });
      expect(fromCalendarDate(calendar, year, month, day)).toBe(iso);
    }
  });

  it('passes Gregorian dates through', () => {
    expect(toCalendarDate('2024-02-29', 'gregorian')).toEqual({ year: 2024, month: 2, day: 29 });
    expect(fromCalendarDate('gregorian', 2024, 2, 29)).toBe('2024-02-29');
    expect(fromCalendarDate('gregorian', 987, 1, 5)).toBe('0987-01-05');
  });
});

describe('invalid dates', () => {
  it('rejects days the calendar does not have', () => {
    expect(() => fromCalendarDate('hijri', 1446, 9, 30)).toThrow(RangeError); // Ramadan 1446 had 29 days
    expect(fromCalendarDate('hijri', 1445, 9, 30)).toBe('2024-04-09'); // Ramadan 1445 had 30
    expect(() => fromCalendarDate('persian', 1404, 12, 30)).toThrow(RangeError); // 1404 is a common year
    expect(() => fromCalendarDate('persian', 1404, 7, 31)).toThrow(RangeError);
    expect(() => fromCalendarDate('gregorian', 2025, 2, 29)).toThrow(RangeError);
    expect(() => fromCalendarDate('persian', 1404, 13, 1)).toThrow(RangeError);
    expect(() => fromCalendarDate('hijri', 1446, 1, 0)).toThrow(RangeError);
    expect(() => fromCalendarDate('hijri', 1446.5, 1, 1)).toThrow(RangeError);
  });

  it('rejects hijri dates outside the Umm al-Qura table (1300-1600 AH)', () => {
    expect(fromCalendarDate('hijri', 1300, 1, 1)).toBe('1882-11-12');
    expect(() => fromCalendarDate('hijri', 1299, 12, 29)).toThrow(/Umm al-Qura/);
    expect(() => fromCalendarDate('hijri', 1601, 1, 1)).toThrow(/Umm al-Qura/);
    expect(() => toCalendarDate('1882-11-11', 'hijri')).toThrow(/Umm al-Qura/);
    expect(() => toCalendarDate('2200-01-01', 'hijri')).toThrow(/Umm al-Qura/);
  });

  it('rejects malformed Gregorian dates', () => {
    for (const bad of ['2025-02-30', '2025-1-01', '20250101', '2025-13-01', '']) {
      expect(() => toCalendarDate(bad, 'hijri')).toThrow(RangeError);
    }
  });
});

describe('day arithmetic', () => {
  it('adds days across months and leap days and knows the weekday', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-03-01', -1)).toBe('2025-02-28');
    expect(weekday('2025-03-30')).toBe(0); // a Sunday
    expect(weekday('1969-12-31')).toBe(3); // a Wednesday, before the epoch
  });
});
