import { describe, expect, it } from 'vitest';
import { loadInactivityConfig } from '../../../shared/adapters/lifecycle/inactivity-config.js';
import { becameInactive, daysToSweep, nextCrossingSweep } from '../../../shared/domain/lifecycle/inactivity.js';

describe('inactivity: which days a sweep covers', () => {
  const at = new Date('2027-01-02T00:00:00.000Z');

  it('the first sweep ever takes only the day that just ended', () => {
    expect(daysToSweep(null, at, 30)).toEqual(['2027-01-01']);
  });

  it('nothing when the last complete day is swept; every missed day otherwise, oldest first', () => {
    expect(daysToSweep('2027-01-01', new Date('2027-01-02T23:59:59.999Z'), 30)).toEqual([]);
    expect(daysToSweep('2026-12-28', at, 30)).toEqual(['2026-12-29', '2026-12-30', '2026-12-31', '2027-01-01']);
  });

  it('catches up at most the bound', () => {
    const days = daysToSweep('2026-10-01', at, 30);
    expect(days).toHaveLength(30);
    expect(days[0]).toBe('2026-12-03');
    expect(days.at(-1)).toBe('2027-01-01');
  });

  it('the local clock stops at the midnight after the first crossing still to come', () => {
    const thresholds = [30, 60].map((days) => ({ basis: 'activity' as const, days }));
    // Last active on 11-02: crosses 30 days on 12-02 and 60 on 01-01; on 11-20: 30 days on 12-20.
    expect(nextCrossingSweep(['2026-11-02', '2026-11-20'], thresholds, '2026-12-03')).toBe('2026-12-21T00:00:00.000Z');
    expect(nextCrossingSweep(['2026-11-02'], thresholds, '2026-12-02')).toBe('2026-12-03T00:00:00.000Z');
    expect(nextCrossingSweep(['2026-11-02'], thresholds, '2027-01-02')).toBeNull();
  });
});

describe('inactivity: the announcement', () => {
  it('happens N days after the last activity, with an id naming the customer, basis, threshold and active day', () => {
    const event = becameInactive(
      { customerId: 'cus_1', lastActiveAt: '2026-11-02T10:00:00.000Z' },
      { basis: 'activity', days: 60 },
    );
    expect(event).toEqual({
      customerId: 'cus_1',
      eventId: 'inactive:cus_1:activity:60:2026-11-02',
      occurredAt: '2027-01-01T10:00:00.000Z',
      basis: 'activity',
      days: 60,
    });
  });
});

describe('inactivity settings', () => {
  it('default to 30, 60 and 90 days and a 30-day catch-up', () => {
    expect(loadInactivityConfig({})).toEqual({
      thresholds: [30, 60, 90].map((days) => ({ basis: 'activity', days })),
      maxCatchUpDays: 30,
    });
  });

  it('read INACTIVITY_DAYS (sorted, without repeats) and off', () => {
    expect(loadInactivityConfig({ INACTIVITY_DAYS: '90, 14,90' }).thresholds.map((t) => t.days)).toEqual([14, 90]);
    expect(loadInactivityConfig({ INACTIVITY_DAYS: 'off' }).thresholds).toEqual([]);
  });

  it('refuse a bad value, naming the variable', () => {
    expect(() => loadInactivityConfig({ INACTIVITY_DAYS: '30,sixty' })).toThrow(/INACTIVITY_DAYS: must be whole/);
    expect(() => loadInactivityConfig({ INACTIVITY_CATCH_UP_DAYS: '0' })).toThrow(/INACTIVITY_CATCH_UP_DAYS/);
  });
});
