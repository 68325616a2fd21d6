import { describe, expect, it } from 'vitest';
import { nextOccasion, occasionDates } from '../../../shared/platform/calendar/occasion-dates.js';
import { calendars, isOccasionId, type OccasionId, occasionIds } from '../../../shared/platform/calendar/occasions.js';

describe('Gregorian occasions', () => {
  it('fixed days', () => {
    expect(occasionDates('gregorian', 'new-year', '2025-01-01', '2026-12-31')).toEqual(['2025-01-01', '2026-01-01']);
    expect(occasionDates('gregorian', 'valentines', '2025-02-15', '2026-02-14')).toEqual(['2026-02-14']);
    expect(occasionDates('gregorian', 'christmas', '2025-12-24', '2025-12-26')).toEqual(['2025-12-25']);
  });

  it('Black Friday: the day after the fourth Thursday of November (US Thanksgiving, timeanddate.com)', () => {
    expect(occasionDates('gregorian', 'black-friday', '2023-01-01', '2026-12-31')).toEqual([
      '2023-11-24',
      '2024-11-29', // November 2024 starts on a Friday: its Thursdays are the 7th, 14th, 21st and 28th
      '2025-11-28',
      '2026-11-27',
    ]);
  });

  it('Mothering Sunday: three weeks before Easter (UK dates per timeanddate.com)', () => {
    expect(occasionDates('gregorian', 'mothers-day-uk', '2024-01-01', '2027-12-31')).toEqual([
      '2024-03-10',
      '2025-03-30',
      '2026-03-15',
      '2027-03-07',
    ]);
    expect(occasionDates('gregorian', 'mothers-day-uk', '2038-01-01', '2038-12-31')).toEqual(['2038-04-04']); // Easter 25 April
  });
});

describe('Hijri occasions (Umm al-Qura)', () => {
  // Saudi Supreme Court announcements / Umm al-Qura calendar: Ramadan 1446 from 2025-03-01, Eid al-Fitr 1446 on
  // 2025-03-30, Arafah 1446 on 2025-06-05, Eid al-Adha 1446 on 2025-06-06, 1 Muharram 1447 on 2025-06-26.
  // 2025-07-05 (Ashura) and 2025-09-04 (Mawlid) are the Umm al-Qura table dates.
  it.each([
    ['ramadan-start', '2025-03-01'],
    ['eid-al-fitr', '2025-03-30'],
    ['arafah', '2025-06-05'],
    ['eid-al-adha', '2025-06-06'],
    ['islamic-new-year', '2025-06-26'],
    ['ashura', '2025-07-05'],
    ['mawlid', '2025-09-04'],
  ] as const)('%s 2025 is %s', (id, date) => {
    expect(occasionDates('hijri', id, '2025-01-01', '2025-12-31')).toEqual([date]);
  });

  it('lists both when a Gregorian year holds two (Eid al-Fitr 1420 and 1421 in 2000)', () => {
    expect(occasionDates('hijri', 'eid-al-fitr', '2000-01-01', '2000-12-31')).toEqual(['2000-01-08', '2000-12-27']);
  });

  it('includes both ends of the window, and nothing for an empty or reversed one', () => {
    expect(occasionDates('hijri', 'eid-al-adha', '2025-06-06', '2025-06-06')).toEqual(['2025-06-06']);
    expect(occasionDates('hijri', 'eid-al-adha', '2025-06-07', '2026-05-26')).toEqual([]);
    expect(occasionDates('hijri', 'eid-al-adha', '2025-12-31', '2025-01-01')).toEqual([]);
  });
});

describe('Persian occasions', () => {
  it('Nowruz, Sizdah Bedar and Yalda (Iranian official calendar)', () => {
    expect(occasionDates('persian', 'nowruz', '2024-01-01', '2026-12-31')).toEqual([
      '2024-03-20',
      '2025-03-21',
      '2026-03-21',
    ]);
    expect(occasionDates('persian', 'sizdah-bedar', '2025-01-01', '2025-12-31')).toEqual(['2025-04-02']);
    // Yalda is the night of 30 Azar: 2024-12-20 after the leap year 1403 shifted it, 2025-12-21.
    expect(occasionDates('persian', 'yalda', '2024-01-01', '2025-12-31')).toEqual(['2024-12-20', '2025-12-21']);
  });

  it('Chaharshanbe Suri: the Tuesday evening before the last Wednesday before Nowruz', () => {
    // Reported celebrations: 2021-03-16 (Sputnik), 2023-03-14 (EPA, Tehran). In 2024 Nowruz fell on a Wednesday
    // (2024-03-20), so the last Wednesday before it was 2024-03-13 and the fire festival the 12th.
    expect(occasionDates('persian', 'chaharshanbe-suri', '2021-01-01', '2026-12-31')).toEqual([
      '2021-03-16',
      '2022-03-15',
      '2023-03-14',
      '2024-03-12',
      '2025-03-18',
      '2026-03-17',
    ]);
  });
});

describe('next occasion with an offset', () => {
  it('3 days before Eid al-Fitr 1447 (Umm al-Qura 1 Shawwal 1447 = 2026-03-20)', () => {
    expect(nextOccasion('hijri', 'eid-al-fitr', '2026-01-01', -3)).toBe('2026-03-17');
    expect(nextOccasion('hijri', 'eid-al-fitr', '2026-03-16', -3)).toBe('2026-03-17');
    // Strictly after: once 2026-03-17 has run, the next is 3 days before Eid al-Fitr 1448 (2027-03-09).
    expect(nextOccasion('hijri', 'eid-al-fitr', '2026-03-17', -3)).toBe('2027-03-06');
  });

  it('on the day and after it', () => {
    expect(nextOccasion('persian', 'nowruz', '2025-03-20')).toBe('2025-03-21');
    expect(nextOccasion('persian', 'nowruz', '2025-03-21')).toBe('2026-03-21');
    expect(nextOccasion('gregorian', 'christmas', '2025-12-20', 7)).toBe('2026-01-01');
    expect(nextOccasion('gregorian', 'christmas', '2026-01-01', 7)).toBe('2027-01-01');
  });

  it('rejects fractional offsets', () => {
    expect(() => nextOccasion('persian', 'nowruz', '2025-03-20', 0.5)).toThrow(RangeError);
  });
});

describe('occasion ids', () => {
  it('are unique across calendars and each yields exactly one date per year of its calendar', () => {
    const all: string[] = calendars.flatMap((c) => [...occasionIds[c]]);
    expect(new Set(all).size).toBe(all.length);
    for (const calendar of calendars) {
      for (const id of occasionIds[calendar]) {
        const dates = occasionDates(calendar, id, '2030-01-01', '2039-12-31');
        expect(dates.length, id).toBeGreaterThanOrEqual(10);
        expect(dates.length, id).toBeLessThanOrEqual(11);
        expect([...dates].sort(), id).toEqual(dates);
      }
    }
  });

  it('rejects an occasion of another calendar (input that bypassed the types)', () => {
    expect(isOccasionId('persian', 'nowruz')).toBe(true);
    expect(isOccasionId('hijri', 'nowruz')).toBe(false);
    const unchecked = 'nowruz' as OccasionId<'hijri'>;
    expect(() => occasionDates('hijri', unchecked, '2025-01-01', '2025-12-31')).toThrow(/not a hijri occasion/);
  });
});
