import { describe, expect, it } from 'vitest';
import { ControllableClock } from '../../../shared/platform/clock.js';
import { addDuration, type Duration, parseDuration } from '../../../shared/platform/duration.js';

function parsed(text: string): Duration {
  const d = parseDuration(text);
  if (d === null) throw new Error(`expected ${text} to parse`);
  return d;
}

const plus = (from: string, duration: string): string => addDuration(new Date(from), parsed(duration)).toISOString();

describe('parseDuration', () => {
  it('reads every component of an ISO-8601 duration', () => {
    expect(parseDuration('P1Y2M3W4DT5H6M7.5S')).toEqual({
      years: 1,
      months: 2,
      weeks: 3,
      days: 4,
      hours: 5,
      minutes: 6,
      seconds: 7.5,
    });
    expect(parseDuration('PT4H')).toEqual({ years: 0, months: 0, weeks: 0, days: 0, hours: 4, minutes: 0, seconds: 0 });
  });

  it('tells minutes (after T) from months (before T)', () => {
    expect(parsed('P1M')).toMatchObject({ months: 1, minutes: 0 });
    expect(parsed('PT1M')).toMatchObject({ months: 0, minutes: 1 });
  });

  it.each(['', 'P', 'PT', 'P1DT', '4H', 'P4H', 'PT1D', 'P1.5D', 'P-1D', 'P1D2Y', '1 day', ' PT4H', 'PT4H '])(
    'rejects %j',
    (text) => {
      expect(parseDuration(text)).toBeNull();
    },
  );
});

describe('addDuration', () => {
  it('adds hours, across midnight', () => {
    expect(plus('2026-03-14T22:30:00.000Z', 'PT4H')).toBe('2026-03-15T02:30:00.000Z');
  });

  it('adds weeks as seven days each', () => {
    expect(plus('2026-03-14T10:00:00.000Z', 'P2W')).toBe('2026-03-28T10:00:00.000Z');
  });

  it('adds a calendar month, keeping the day and the time of day', () => {
    expect(plus('2026-01-15T09:30:00.000Z', 'P1M')).toBe('2026-02-15T09:30:00.000Z');
    expect(plus('2026-12-15T09:30:00.000Z', 'P1M')).toBe('2027-01-15T09:30:00.000Z');
  });

  it('adds a month from a 31st to the last day of a shorter month, never into the month after', () => {
    expect(plus('2026-01-31T09:30:00.000Z', 'P1M')).toBe('2026-02-28T09:30:00.000Z');
    expect(plus('2024-01-31T09:30:00.000Z', 'P1M')).toBe('2024-02-29T09:30:00.000Z');
    expect(plus('2026-03-31T09:30:00.000Z', 'P1M')).toBe('2026-04-30T09:30:00.000Z');
    expect(plus('2026-08-31T09:30:00.000Z', 'P1M')).toBe('2026-09-30T09:30:00.000Z');
  });

  it('adds a year from 29 February to 28 February', () => {
    expect(plus('2024-02-29T00:00:00.000Z', 'P1Y')).toBe('2025-02-28T00:00:00.000Z');
  });

  it('adds a month before the days: P1M1D from 31 January is 1 March', () => {
    expect(plus('2026-01-31T00:00:00.000Z', 'P1M1D')).toBe('2026-03-01T00:00:00.000Z');
  });

  it('does not change the date it was given', () => {
    const from = new Date('2026-03-14T10:00:00.000Z');
    addDuration(from, parsed('P1Y'));
    expect(from.toISOString()).toBe('2026-03-14T10:00:00.000Z');
  });
});

describe('ControllableClock', () => {
  const start = new Date('2026-03-14T10:00:00.000Z');

  it('stands still when frozen', async () => {
    const clock = new ControllableClock({ start, frozen: true });
    await new Promise((resolve) => setTimeout(resolve, 15));
    expect(clock.now().toISOString()).toBe(start.toISOString());
  });

  it('moves a frozen clock exactly where it is set', () => {
    const clock = new ControllableClock({ start, frozen: true });
    const to = new Date('2026-03-20T00:00:00.000Z');
    expect(clock.set(to).toISOString()).toBe(to.toISOString());
    expect(clock.now().toISOString()).toBe(to.toISOString());
  });

  it('advances by a duration', () => {
    const clock = new ControllableClock({ start, frozen: true });
    clock.set(addDuration(clock.now(), parsed('PT4H')));
    expect(clock.now().toISOString()).toBe('2026-03-14T14:00:00.000Z');
    clock.set(addDuration(clock.now(), parsed('P2W')));
    expect(clock.now().toISOString()).toBe('2026-03-28T14:00:00.000Z');
  });

  it('refuses to move into the past and keeps its time', () => {
    const clock = new ControllableClock({ start, frozen: true });
    expect(() => clock.set(new Date('2026-03-14T09:59:59.999Z'))).toThrow(RangeError);
    expect(clock.now().toISOString()).toBe(start.toISOString());
  });

  it('accepts being set to the time it already shows', () => {
    const clock = new ControllableClock({ start, frozen: true });
    expect(clock.set(start).toISOString()).toBe(start.toISOString());
  });

  it('runs at real speed from its start when not frozen, and from where it is set', async () => {
    const clock = new ControllableClock({ start });
    const first = clock.now().getTime();
    expect(Math.abs(first - start.getTime())).toBeLessThan(1_000);
    await new Promise((resolve) => setTimeout(resolve, 25));
    const elapsed = clock.now().getTime() - first;
    expect(elapsed).toBeGreaterThanOrEqual(20);
    expect(elapsed).toBeLessThan(1_000);
    const to = new Date('2027-01-01T00:00:00.000Z');
    clock.set(to);
    expect(Math.abs(clock.now().getTime() - to.getTime())).toBeLessThan(1_000);
    expect(() => clock.set(start)).toThrow(RangeError);
  });

  it('starts at the real time by default', () => {
    const clock = new ControllableClock();
    expect(Math.abs(clock.now().getTime() - Date.now())).toBeLessThan(1_000);
  });
});
