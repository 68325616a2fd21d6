import { describe, expect, it } from 'vitest';
import { advance } from '../../../../shared/workflow/core/interpreter/advance.js';
import { nextLocalTime } from '../../../../shared/workflow/core/interpreter/timing.js';
import { simulate } from '../../../../shared/workflow/core/simulate.js';
import { Journey, validWorkflow } from './journey.js';

// Review demonstrations: each `it` states the expected (correct) behaviour and FAILS on the current code.

const base = {
  id: 'review',
  version: 1,
  name: 'Review',
  trigger: { event: { detailType: 'Signed Up' } },
  reentry: { policy: 'afterExit' },
};
const t0 = '2026-03-02T10:00:00.000Z';

describe('duplicate delivery must not send twice', () => {
  it('a duplicated event does not satisfy a second wait for the same event (second send)', () => {
    const wf = validWorkflow({
      ...base,
      start: 'w1',
      steps: {
        w1: { type: 'waitForEvent', event: 'Page Viewed', timeout: 'P7D', onEvent: 's1', onTimeout: 'done' },
        s1: { type: 'send', channel: 'email', template: 'welcome', next: 'w2' },
        w2: { type: 'waitForEvent', event: 'Page Viewed', timeout: 'P7D', onEvent: 's2', onTimeout: 'done' },
        s2: { type: 'send', channel: 'email', template: 'welcome', next: 'done' },
        done: { type: 'exit' },
      },
    });
    const j = new Journey(wf);
    j.enter(t0, 'c1', 'Signed Up');
    const ev = '2026-03-02T11:00:00.000Z';
    j.event(ev, 'Page Viewed', { page: '/a' });
    j.event(ev, 'Page Viewed', { page: '/a' }); // EventBridge redelivery of the same event
    expect(j.sends()).toEqual(['email welcome @s1']);
  });
});

describe('validator accepts what the interpreter cannot run', () => {
  it('a loop whose only pause is a wait until a past date is rejected (else: ~50 sends in one advance)', () => {
    const json = {
      ...base,
      start: 's',
      steps: {
        s: { type: 'send', channel: 'email', template: 'welcome', next: 'w' },
        w: { type: 'wait', until: { date: '2020-01-01T00:00:00Z' }, next: 's' },
      },
    };
    let sends = 0;
    try {
      const wf = validWorkflow(json); // should throw (validation error), but passes
      const r = advance(
        wf,
        null,
        { kind: 'enter', at: t0, customerId: 'c1', trigger: { detailType: 'Signed Up', detail: {} } },
        { profile: {} },
      );
      sends = r.actions.filter((a) => a.type === 'send').length;
    } catch {
      sends = 0;
    }
    expect(sends).toBe(0);
  });
});

describe('local time across DST', () => {
  it('fall back: 00:30 local on the 25-hour day, next 00:15 is the following night (throws today)', () => {
    // 2025-11-02 America/New_York: 00:30 EDT = 04:30Z; next 00:15 is 2025-11-03 00:15 EST = 05:15Z.
    expect(() => nextLocalTime('2025-11-02T04:30:00.000Z', '00:15', 'America/New_York')).not.toThrow();
  });

  it('spring forward: 23:30 on the eve, next 09:00 is the DST day itself, not a day later', () => {
    // 2026-03-07 23:30 EST = 2026-03-08T04:30Z; next 09:00 is 2026-03-08 09:00 EDT = 13:00Z.
    expect(nextLocalTime('2026-03-08T04:30:00.000Z', '09:00', 'America/New_York')).toBe('2026-03-08T13:00:00.000Z');
  });
});

describe('timeout boundary, simulate vs live', () => {
  const wf = validWorkflow({
    ...base,
    start: 'w',
    steps: {
      w: { type: 'waitForEvent', event: 'Order Completed', timeout: 'PT4H', onEvent: 'thanks', onTimeout: 'nudge' },
      thanks: { type: 'send', channel: 'email', template: 'welcome', next: 'done' },
      nudge: { type: 'send', channel: 'email', template: 'cart-reminder', next: 'done' },
      done: { type: 'exit' },
    },
  });
  const timeoutAt = '2026-03-02T14:00:00.000Z';

  it('an event exactly at the timeout takes the same branch in simulate and in advance', () => {
    const live = new Journey(wf);
    live.enter(t0, 'c1', 'Signed Up');
    live.event(timeoutAt, 'Order Completed'); // live: the event is processed before the wake
    live.runUntil(timeoutAt); // then the wake fires
    const report = simulate(wf, [
      { detailType: 'Signed Up', source: 'shop', time: t0, detail: { customerId: 'c1' }, customerId: 'c1', line: 1 },
      {
        detailType: 'Order Completed',
        source: 'shop',
        time: timeoutAt,
        detail: { customerId: 'c1' },
        customerId: 'c1',
        line: 2,
      },
    ]);
    const simulated = report.customers[0]?.enrollments[0]?.messages.map((m) => m.step);
    expect(simulated).toEqual(live.sends().map((s) => s.split('@')[1]));
  });
});
