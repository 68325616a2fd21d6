import { describe, expect, it } from 'vitest';
import { nextLocalTime } from '../../../../shared/workflow/core/interpreter/timing.js';
import { Journey, validWorkflow } from './journey.js';

function waitWorkflow(until: Record<string, string>) {
  return validWorkflow({
    id: 'morning',
    version: 1,
    name: 'Morning',
    trigger: { event: { detailType: 'Customer Registered' } },
    reentry: { policy: 'never' },
    start: 'wait',
    steps: {
      wait: { type: 'wait', until, next: 'hello' },
      hello: { type: 'send', channel: 'email', template: 'welcome', next: 'done' },
      done: { type: 'exit' },
    },
  });
}

describe('wait until a local time', () => {
  it("wakes at the next 08:00 in the customer's zone (Asia/Riyadh, UTC+3)", () => {
    const journey = new Journey(waitWorkflow({ localTime: '08:00' }), { profile: { timezone: 'Asia/Riyadh' } });
    journey.enter('2026-03-01T12:00:00.000Z', 'c-1', 'Customer Registered'); // 15:00 in Riyadh
    expect(journey.enrollment?.wake?.at).toBe('2026-03-02T05:00:00.000Z');
    expect(journey.runUntil('2026-03-02T04:59:59.000Z')).toEqual([]);
    expect(journey.runUntil('2026-03-02T05:00:00.000Z').map((a) => a.type)).toEqual(['send', 'exit']);
  });

  it('takes today when 08:00 is still ahead, and tomorrow when it is exactly now', () => {
    expect(nextLocalTime('2026-03-01T04:59:00.000Z', '08:00', 'Asia/Riyadh')).toBe('2026-03-01T05:00:00.000Z');
    expect(nextLocalTime('2026-03-01T05:00:00.000Z', '08:00', 'Asia/Riyadh')).toBe('2026-03-02T05:00:00.000Z');
    // 01:00 on 2 March in Riyadh is still 1 March in UTC.
    expect(nextLocalTime('2026-03-01T22:00:00.000Z', '08:00', 'Asia/Riyadh')).toBe('2026-03-02T05:00:00.000Z');
  });

  it('uses the local date in zones behind UTC', () => {
    // 19:00 on 1 March in Los Angeles (UTC-8) is already 2 March in UTC: 20:00 the same local evening.
    expect(nextLocalTime('2026-03-02T03:00:00.000Z', '20:00', 'America/Los_Angeles')).toBe('2026-03-02T04:00:00.000Z');
  });

  it('uses UTC without a time zone, or with one Node does not know', () => {
    for (const timezone of [null, 'Mars/Olympus_Mons']) {
      const journey = new Journey(waitWorkflow({ localTime: '08:00' }), { profile: { timezone } });
      journey.enter('2026-03-01T12:00:00.000Z', 'c-1', 'Customer Registered');
      expect(journey.enrollment?.wake?.at).toBe('2026-03-02T08:00:00.000Z');
    }
  });
});

describe('wait until a date', () => {
  it('waits for a date ahead, and continues at once past it', () => {
    const ahead = new Journey(waitWorkflow({ date: '2026-12-01T08:00:00+03:00' }));
    ahead.enter('2026-11-01T00:00:00.000Z', 'c-1', 'Customer Registered');
    expect(ahead.enrollment?.wake?.at).toBe('2026-12-01T05:00:00.000Z');
    expect(ahead.sends()).toEqual([]);

    const past = new Journey(waitWorkflow({ date: '2026-12-01T08:00:00Z' }));
    past.enter('2026-12-02T00:00:00.000Z', 'c-1', 'Customer Registered');
    expect(past.sends()).toEqual(['email welcome @hello']);
    expect(past.path()).toEqual(['wait: already passed', 'hello: sent', 'done: exited']);
  });
});
