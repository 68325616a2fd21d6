import { describe, expect, it } from 'vitest';
import { addDays } from '../../../shared/platform/calendar/convert.js';
import { localTimeToInstant } from '../../../shared/platform/calendar/local-time.js';

describe('local time to instant', () => {
  it('Europe/Amsterdam: CET (+01:00) before the last Sunday of March 2025, CEST (+02:00) after', () => {
    expect(localTimeToInstant('2025-03-29', '09:00', 'Europe/Amsterdam')).toBe('2025-03-29T08:00:00.000Z');
    expect(localTimeToInstant('2025-03-30', '01:59', 'Europe/Amsterdam')).toBe('2025-03-30T00:59:00.000Z');
    expect(localTimeToInstant('2025-03-30', '03:00', 'Europe/Amsterdam')).toBe('2025-03-30T01:00:00.000Z');
    expect(localTimeToInstant('2025-03-30', '09:00', 'Europe/Amsterdam')).toBe('2025-03-30T07:00:00.000Z');
  });

  it('a time in the spring-forward gap (02:00-02:59 never happens) is the end of the gap, 03:00 CEST', () => {
    expect(localTimeToInstant('2025-03-30', '02:00', 'Europe/Amsterdam')).toBe('2025-03-30T01:00:00.000Z');
    expect(localTimeToInstant('2025-03-30', '02:30', 'Europe/Amsterdam')).toBe('2025-03-30T01:00:00.000Z');
    expect(localTimeToInstant('2025-03-09', '02:30', 'America/New_York')).toBe('2025-03-09T07:00:00.000Z');
    // Lord Howe Island moves by 30 minutes (+10:30 -> +11:00) at 02:00 on the first Sunday of October.
    expect(localTimeToInstant('2025-10-05', '02:15', 'Australia/Lord_Howe')).toBe('2025-10-04T15:30:00.000Z');
  });

  it('a time that happens twice on the last Sunday of October is the first (still summer time)', () => {
    expect(localTimeToInstant('2025-10-26', '02:30', 'Europe/Amsterdam')).toBe('2025-10-26T00:30:00.000Z');
    expect(localTimeToInstant('2025-10-26', '03:00', 'Europe/Amsterdam')).toBe('2025-10-26T02:00:00.000Z');
    expect(localTimeToInstant('2025-10-26', '01:59', 'Europe/Amsterdam')).toBe('2025-10-25T23:59:00.000Z');
    expect(localTimeToInstant('2025-11-02', '01:30', 'America/New_York')).toBe('2025-11-02T05:30:00.000Z');
    expect(localTimeToInstant('2025-11-02', '02:00', 'America/New_York')).toBe('2025-11-02T07:00:00.000Z');
  });

  it('fixed zones: Asia/Riyadh +03:00, Asia/Tehran +03:30 (no DST since 2022, +04:30 in summer before)', () => {
    expect(localTimeToInstant('2025-03-30', '09:00', 'Asia/Riyadh')).toBe('2025-03-30T06:00:00.000Z');
    expect(localTimeToInstant('2025-03-30', '00:00', 'Asia/Riyadh')).toBe('2025-03-29T21:00:00.000Z');
    expect(localTimeToInstant('2025-03-21', '00:00', 'Asia/Tehran')).toBe('2025-03-20T20:30:00.000Z');
    expect(localTimeToInstant('2025-07-01', '09:00', 'Asia/Tehran')).toBe('2025-07-01T05:30:00.000Z');
    expect(localTimeToInstant('2021-07-01', '09:00', 'Asia/Tehran')).toBe('2021-07-01T04:30:00.000Z');
    expect(localTimeToInstant('2025-12-31', '23:59', 'UTC')).toBe('2025-12-31T23:59:00.000Z');
  });

  it('rejects malformed times and unknown zones', () => {
    for (const bad of ['24:00', '9:00', '09:60', '09:00:00', '']) {
      expect(() => localTimeToInstant('2025-03-30', bad, 'Europe/Amsterdam')).toThrow(RangeError);
    }
    expect(() => localTimeToInstant('2025-02-30', '09:00', 'Europe/Amsterdam')).toThrow(RangeError);
    expect(() => localTimeToInstant('2025-03-30', '09:00', 'Europe/Atlantis')).toThrow(RangeError);
  });
});

const clocks = new Map<string, Intl.DateTimeFormat>();

/** The wall clock in `timeZone` at `ms`, as `YYYY-MM-DD HH:MM` (the Swedish short format). */
function wallClockAt(timeZone: string, ms: number): string {
  const clock =
    clocks.get(timeZone) ?? new Intl.DateTimeFormat('sv-SE', { timeZone, dateStyle: 'short', timeStyle: 'short' });
  clocks.set(timeZone, clock);
  return clock.format(ms);
}

describe('against brute force', () => {
  // Scan UTC in 15-minute steps (every transition in these zones is on a quarter hour): the answer is the first
  // instant whose wall clock reads the requested time, or in a gap the first instant whose wall clock is past it.
  it('reads wall clocks as YYYY-MM-DD HH:MM', () => {
    expect(wallClockAt('Asia/Tehran', Date.parse('2025-03-20T20:30:00Z'))).toBe('2025-03-21 00:00');
  });

  const bruteForce = (date: string, time: string, timeZone: string): string => {
    const wanted = `${date} ${time}`;
    const start = Date.parse(`${date}T${time}:00Z`) - 15 * 3_600_000;
    for (let ms = start; ; ms += 15 * 60_000) {
      if (wallClockAt(timeZone, ms) >= wanted) return new Date(ms).toISOString();
    }
  };

  it.each([
    ['Europe/Amsterdam', '2025-03-30'],
    ['Europe/Amsterdam', '2025-10-26'],
    ['America/New_York', '2025-03-09'],
    ['America/New_York', '2025-11-02'],
    ['Australia/Lord_Howe', '2025-10-05'],
    ['Asia/Tehran', '2022-03-22'], // Iran's last DST: 00:00 -> 01:00 on 2 Farvardin 1401
    ['Asia/Tehran', '2022-09-21'], // and back, 00:00 -> 23:00 the day before
  ])('%s around %s, every quarter hour', (timeZone, date) => {
    const differences: string[] = [];
    for (const day of [addDays(date, -1), date, addDays(date, 1)]) {
      for (let minutes = 0; minutes < 24 * 60; minutes += 15) {
        const time = `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
        const actual = localTimeToInstant(day, time, timeZone);
        const expected = bruteForce(day, time, timeZone);
        if (actual !== expected) differences.push(`${day} ${time}: ${actual} vs ${expected}`);
      }
    }
    expect(differences).toEqual([]);
  });
});
