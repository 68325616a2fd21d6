import { describe, expect, it } from 'vitest';
import { nextOccasion } from '../../../../shared/platform/calendar/occasion-dates.js';
import { nextDateOccurrence } from '../../../../shared/workflow/core/interpreter/date-trigger.js';

const at9 = { localTime: '09:00' };

describe('nextDateOccurrence', () => {
  it('a birthday at the local time in the customer zone, strictly after the given time', () => {
    const profile = { birthday: '1990-11-20', timezone: 'Asia/Riyadh' };
    const trigger = { birthday: {}, ...at9 };
    expect(nextDateOccurrence(trigger, profile, '2026-11-02T00:00:00.000Z')).toEqual({
      at: '2026-11-20T06:00:00.000Z',
      day: '2026-11-20',
    });
    expect(nextDateOccurrence(trigger, profile, '2026-11-20T06:00:00.000Z')?.day).toBe('2027-11-20');
    expect(nextDateOccurrence(trigger, {}, '2026-11-02T00:00:00.000Z')).toBeNull();
  });

  it('29 February falls on the 28th in other years; --MM-DD birthdays work', () => {
    const trigger = { birthday: {}, ...at9 };
    expect(nextDateOccurrence(trigger, { birthday: '2000-02-29' }, '2027-01-01T00:00:00.000Z')?.day).toBe('2027-02-28');
    expect(nextDateOccurrence(trigger, { birthday: '--02-29' }, '2028-01-01T00:00:00.000Z')?.day).toBe('2028-02-29');
  });

  it('the sign-up anniversary starts a year after sign-up', () => {
    const profile = { registeredAt: '2026-03-10T12:00:00.000Z' };
    const trigger = { anniversary: 'signup' as const, ...at9 };
    expect(nextDateOccurrence(trigger, profile, '2026-03-10T12:00:00.000Z')?.day).toBe('2027-03-10');
  });

  it('a fixed date fires once; a recurring one every year', () => {
    expect(nextDateOccurrence({ fixed: '2026-12-24', ...at9 }, {}, '2026-12-01T00:00:00.000Z')?.at).toBe(
      '2026-12-24T09:00:00.000Z',
    );
    expect(nextDateOccurrence({ fixed: '2026-12-24', ...at9 }, {}, '2026-12-25T00:00:00.000Z')).toBeNull();
    expect(nextDateOccurrence({ recurring: '--12-24', ...at9 }, {}, '2026-12-25T00:00:00.000Z')?.day).toBe(
      '2027-12-24',
    );
  });

  it('an occasion with an offset, e.g. 3 days before Eid al-Fitr (Umm al-Qura), in Tehran time', () => {
    const trigger = { occasion: { calendar: 'hijri' as const, name: 'eid-al-fitr', offsetDays: -3 }, ...at9 };
    const next = nextDateOccurrence(trigger as never, { timezone: 'Asia/Tehran' }, '2026-11-23T00:00:00.000Z');
    const eid = nextOccasion('hijri', 'eid-al-fitr', '2026-11-23');
    const threeBefore = new Date(Date.parse(`${eid}T00:00:00Z`) - 3 * 86_400_000).toISOString().slice(0, 10);
    expect(next?.day).toBe(threeBefore);
    expect(next?.at).toBe(`${threeBefore}T05:30:00.000Z`); // 09:00 at +03:30
  });
});
