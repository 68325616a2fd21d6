import { describe, expect, it } from 'vitest';
import { becameInactive, daysToSweep, nextCrossingSweep } from '../../../shared/lifecycle/core/inactivity.js';
import { loadInactivityConfig } from '../../../shared/lifecycle/inactivity-config.js';

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
    const activity = (...days: string[]) => ({ activity: days });
    expect(nextCrossingSweep(activity('2026-11-02', '2026-11-20'), thresholds, '2026-12-03')).toBe(
      '2026-12-21T00:00:00.000Z',
    );
    expect(nextCrossingSweep(activity('2026-11-02'), thresholds, '2026-12-02')).toBe('2026-12-03T00:00:00.000Z');
    expect(nextCrossingSweep(activity('2026-11-02'), thresholds, '2027-01-02')).toBeNull();
  });

  it('and at the midnight after a no-purchase crossing, each day counted with the thresholds of its own basis', () => {
    const thresholds = [
      { basis: 'activity' as const, days: 30 },
      { basis: 'purchase' as const, days: 90 },
    ];
    // Last ordered on 10-01: 90 days without an order on 12-30. Last active on 12-01: 30 days on 12-31.
    const lastDays = { activity: ['2026-12-01'], purchase: ['2026-10-01'] };
    expect(nextCrossingSweep(lastDays, thresholds, '2026-12-15')).toBe('2026-12-31T00:00:00.000Z');
    // An order day is not an active day: 10-01 + 30 (11-01) is no crossing, nor 12-01 + 90.
    expect(nextCrossingSweep(lastDays, thresholds, '2026-12-31')).toBe('2027-01-01T00:00:00.000Z');
    expect(nextCrossingSweep(lastDays, thresholds, '2027-01-01')).toBeNull();
    expect(nextCrossingSweep({ purchase: ['2026-10-01'] }, thresholds.slice(0, 1), '2026-10-02')).toBeNull();
  });
});

describe('inactivity: the announcement', () => {
  it('happens N days after the last activity, with an id naming the customer, basis, threshold and active day', () => {
    const event = becameInactive(
      { customerId: 'cus_1', lastAt: '2026-11-02T10:00:00.000Z' },
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

  it('on the purchase basis: N days after the last order, with an eventId of its own', () => {
    const customer = { customerId: 'cus_1', lastAt: '2026-11-02T10:00:00.000Z' };
    const event = becameInactive(customer, { basis: 'purchase', days: 60 });
    expect(event).toEqual({
      customerId: 'cus_1',
      eventId: 'inactive:cus_1:purchase:60:2026-11-02',
      occurredAt: '2027-01-01T10:00:00.000Z',
      basis: 'purchase',
      days: 60,
    });
    expect(event.eventId).not.toBe(becameInactive(customer, { basis: 'activity', days: 60 }).eventId);
  });
});

describe('inactivity settings', () => {
  it('default to 30, 60 and 90 days without activity, 90 and 180 without an order, and a 30-day catch-up', () => {
    expect(loadInactivityConfig({})).toEqual({
      thresholds: [
        ...[30, 60, 90].map((days) => ({ basis: 'activity', days })),
        ...[90, 180].map((days) => ({ basis: 'purchase', days })),
      ],
      maxCatchUpDays: 30,
    });
  });

  it('read INACTIVITY_DAYS and NO_PURCHASE_DAYS (sorted, without repeats) and off', () => {
    const thresholds = (env: NodeJS.ProcessEnv) =>
      loadInactivityConfig(env).thresholds.map((t) => `${t.basis}:${t.days}`);
    expect(thresholds({ INACTIVITY_DAYS: '90, 14,90', NO_PURCHASE_DAYS: '365,120' })).toEqual([
      'activity:14',
      'activity:90',
      'purchase:120',
      'purchase:365',
    ]);
    expect(thresholds({ INACTIVITY_DAYS: 'off' })).toEqual(['purchase:90', 'purchase:180']);
    expect(thresholds({ INACTIVITY_DAYS: 'off', NO_PURCHASE_DAYS: 'off' })).toEqual([]);
  });

  it('refuse a bad value, naming the variable', () => {
    expect(() => loadInactivityConfig({ INACTIVITY_DAYS: '30,sixty' })).toThrow(/INACTIVITY_DAYS: must be whole/);
    expect(() => loadInactivityConfig({ NO_PURCHASE_DAYS: '0' })).toThrow(/NO_PURCHASE_DAYS: must be whole/);
    expect(() => loadInactivityConfig({ INACTIVITY_CATCH_UP_DAYS: '0' })).toThrow(/INACTIVITY_CATCH_UP_DAYS/);
  });
});
