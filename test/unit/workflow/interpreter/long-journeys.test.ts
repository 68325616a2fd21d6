import { describe, expect, it } from 'vitest';
import type { Context } from '../../../../shared/workflow/core/interpreter/types.js';
import { daysAfter, Journey, loadWorkflow } from './journey.js';

describe('welcome series', () => {
  const workflow = loadWorkflow('welcome-series');
  const registeredAt = '2026-11-20T12:00:00.000Z';

  it('welcomes at once, waits for the launch date, then sends a weekly digest until the first order', () => {
    const journey = new Journey(workflow);
    journey.enter(registeredAt, 'c-1', 'Customer Registered');
    expect(journey.sends()).toEqual(['email welcome @welcome']);
    expect(journey.enrollment?.wake?.at).toBe('2026-12-01T08:00:00.000Z');
    journey.runUntil('2026-12-10T00:00:00.000Z');
    journey.context = { profile: {}, stats: { orders: 1 } };
    journey.runUntil(daysAfter(registeredAt, 90));
    const keys = journey.actions.flatMap((a) => (a.type === 'send' ? [`${a.step} ${a.idempotencyKey}`] : []));
    expect(keys).toEqual([
      'welcome welcome-series#c-1#-:welcome:1',
      'digest welcome-series#c-1#-:digest:1',
      'digest welcome-series#c-1#-:digest:2',
    ]);
    expect(journey.enrollment).toMatchObject({ status: 'exited', exitReason: 'completed', step: 'done' });
    expect(journey.enrollment?.endedAt).toBe('2026-12-15T08:00:00.000Z');
  });

  it('goes straight to the digest when it registers after the launch date', () => {
    const journey = new Journey(workflow);
    journey.enter('2026-12-05T09:00:00.000Z', 'c-2', 'Customer Registered');
    expect(journey.sends()).toEqual(['email welcome @welcome', 'email welcome @digest']);
    expect(journey.enrollment?.wake?.at).toBe('2026-12-12T09:00:00.000Z');
  });
});

describe('win-back', () => {
  const workflow = loadWorkflow('win-back');
  // win-back is paused in the fixture (nobody new enters); these runs use it as if published.
  const live = { ...workflow, status: 'active' as const };
  const inactiveAt = '2026-01-10T15:00:00.000Z'; // 18:00 in Riyadh
  const gold: Context = { profile: { tier: 'gold', timezone: 'Asia/Riyadh' } };
  /** What the inactivity sweep announces for a 60-day segment trigger. */
  const inactive60 = { customerId: 'c-7', basis: 'activity', days: 60 };

  it('over 60+ days: points for gold, tags, two reminders, an event, then the purge', () => {
    const journey = new Journey(live, gold);
    journey.enter(inactiveAt, 'c-7', 'Customer Became Inactive', inactive60, 'rekindle');
    expect(journey.actions.map((a) => `${a.type}@${'step' in a ? a.step : ''}`)).toEqual([
      'awardPoints@bonus',
      'tag@tag',
      'send@remind',
      'setAttribute@count',
    ]);
    // 10:00 the next morning in Riyadh (UTC+3), then 30 days.
    expect(journey.enrollment?.wake?.at).toBe('2026-01-11T07:00:00.000Z');
    journey.runUntil(daysAfter(inactiveAt, 120));
    expect(journey.actions.slice(4)).toEqual([
      expect.objectContaining({ type: 'send', step: 'remind-again' }),
      expect.objectContaining({
        type: 'emit',
        detailType: 'Customer Lapsed',
        detail: { segment: 'win-back', customerId: 'c-7', workflowId: 'win-back', enrollmentId: 'win-back#c-7#-' },
      }),
      expect.objectContaining({ type: 'purge', reason: 'inactive for 120 days after the win-back' }),
      { type: 'exit', reason: 'purged', step: 'erase' },
    ]);
    expect(journey.enrollment).toMatchObject({
      status: 'exited',
      exitReason: 'purged',
      endedAt: '2026-02-10T07:00:00.000Z',
    });
  });

  it('does not purge a customer active again since entering: the step is skipped, saying why', () => {
    const journey = new Journey(live, gold);
    journey.enter(inactiveAt, 'c-9', 'Customer Became Inactive', inactive60, 'rekindle');
    const back = daysAfter(inactiveAt, 100);
    journey.context = { profile: { tier: 'gold', lastActiveAt: back } };
    journey.runUntil(daysAfter(inactiveAt, 120));
    expect(journey.actions.map((a) => a.type)).not.toContain('purge');
    expect(journey.actions.at(-1)).toEqual({ type: 'exit', reason: 'active-again', step: 'erase' });
    expect(journey.enrollment).toMatchObject({ status: 'exited', exitReason: 'active-again' });
    expect(journey.enrollment?.history.at(-1)?.outcome).toBe(`purge skipped: active again at ${back}`);
  });

  it('skips the second reminder when the first was clicked, and the points for other tiers', () => {
    const journey = new Journey(live, { profile: { tier: 'silver' } });
    journey.enter(inactiveAt, 'c-8', 'Customer Became Inactive', inactive60, 'rekindle');
    journey.context = { profile: {}, engagement: { remind: { delivered: true, opened: true, clicked: true } } };
    journey.runUntil(daysAfter(inactiveAt, 120));
    expect(journey.actions.map((a) => a.type)).toEqual(['tag', 'send', 'setAttribute', 'emit', 'purge', 'exit']);
  });

  it('ends on an order, before the purge', () => {
    const journey = new Journey(live, gold);
    journey.enter(inactiveAt, 'c-9', 'Customer Became Inactive', inactive60, 'rekindle');
    journey.runUntil(daysAfter(inactiveAt, 5));
    expect(journey.event(daysAfter(inactiveAt, 6), 'Order Completed', { orderId: 'o-1' })).toEqual([
      { type: 'exit', reason: 'exit-event', step: 'month' },
    ]);
    expect(journey.runUntil(daysAfter(inactiveAt, 120))).toEqual([]);
  });

  it('lets nobody in while paused', () => {
    const journey = new Journey(workflow, gold);
    journey.enter(inactiveAt, 'c-10', 'Customer Became Inactive', inactive60, 'rekindle');
    expect(journey.enrollment).toBeNull();
  });
});
