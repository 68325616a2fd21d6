import { describe, expect, it } from 'vitest';
import { hoursAfter, Journey, validWorkflow } from './journey.js';

const workflow = validWorkflow({
  id: 'payment',
  version: 1,
  name: 'Payment follow-up',
  trigger: { event: { detailType: 'Checkout Started' } },
  correlation: { key: 'checkout.id' },
  reentry: { policy: 'never' },
  start: 'paid',
  steps: {
    paid: {
      type: 'waitForEvent',
      event: 'Payment Settled',
      match: { checkoutId: '$enrollment.key', status: 'paid' },
      timeout: 'PT2H',
      onEvent: 'thanks',
      onTimeout: 'nudge',
    },
    thanks: { type: 'send', channel: 'email', template: 'welcome', next: 'done' },
    nudge: { type: 'send', channel: 'sms', template: 'cart-coupon', next: 'done' },
    done: { type: 'exit' },
  },
});
const startedAt = '2026-05-01T09:00:00.000Z';

function checkout(): Journey {
  const journey = new Journey(workflow);
  journey.enter(startedAt, 'c-1', 'Checkout Started', { checkout: { id: 42 } });
  return journey;
}

describe('wait for a correlated event', () => {
  it('keys the enrollment by the correlation field, read from a nested detail', () => {
    expect(checkout().enrollment).toMatchObject({ id: 'payment#c-1#42', key: '42', step: 'paid' });
  });

  it('takes onEvent for the event with this key and the literal values', () => {
    const journey = checkout();
    journey.event(hoursAfter(startedAt, 1), 'Payment Settled', { checkoutId: 41, status: 'paid' });
    journey.event(hoursAfter(startedAt, 1), 'Payment Settled', { checkoutId: 42, status: 'pending' });
    expect(journey.enrollment?.step).toBe('paid');
    journey.event(hoursAfter(startedAt, 1), 'Payment Settled', { checkoutId: '42', status: 'paid' });
    expect(journey.sends()).toEqual(['email welcome @thanks']);
    expect(journey.enrollment).toMatchObject({ status: 'exited', wake: null, waitingFor: null });
  });

  it('takes onTimeout when the event happened after the timeout, even if the timer has not fired yet', () => {
    const journey = checkout();
    expect(journey.event(hoursAfter(startedAt, 3), 'Payment Settled', { checkoutId: 42, status: 'paid' })).toEqual([]);
    journey.runUntil(hoursAfter(startedAt, 3));
    expect(journey.sends()).toEqual(['sms cart-coupon @nudge']);
  });

  it('accepts an event that happened in time but arrives after the timeout was due', () => {
    const journey = checkout();
    const processedAt = hoursAfter(startedAt, 2.5);
    journey.apply({
      kind: 'event',
      now: processedAt,
      event: {
        detailType: 'Payment Settled',
        source: 'shop',
        detail: { checkoutId: 42, status: 'paid' },
        occurredAt: hoursAfter(startedAt, 1.5),
      },
    });
    expect(journey.sends()).toEqual(['email welcome @thanks']);
    expect(journey.enrollment?.endedAt).toBe(processedAt);
  });
});
