import { describe, expect, it } from 'vitest';
import { bucketOf } from '../../../../shared/workflow/core/interpreter/assignment.js';
import type { Context } from '../../../../shared/workflow/core/interpreter/types.js';
import { daysAfter, hoursAfter, Journey, loadWorkflow } from './journey.js';

const workflow = loadWorkflow('abandoned-cart');
const cartAt = '2026-03-02T10:00:00.000Z';
const cart = { cartId: 'cart-1', total: 80 };

/** Customers the 10% holdout lets through, and ones it holds out. */
const customers = Array.from({ length: 200 }, (_, i) => `customer-${i}`);
const treated = customers.filter((c) => bucketOf(c, workflow.id, 'control-group') >= 10);
const heldOut = customers.filter((c) => bucketOf(c, workflow.id, 'control-group') < 10);
const customer = treated[0] ?? 'none';

const openedWithSmsConsent: Context = {
  profile: { consents: { sms: true } },
  engagement: { 'email-1': { delivered: true, opened: true, clicked: false } },
};

function abandon(context?: Context): Journey {
  const journey = new Journey(workflow, context);
  journey.enter(cartAt, customer, 'Cart Abandoned', cart, 'rekindle');
  return journey;
}

describe('abandoned cart', () => {
  it('sends the email 4 hours after the cart, once, keyed by enrollment and step', () => {
    const journey = abandon();
    expect(journey.actions).toEqual([]);
    expect(journey.enrollment?.wake?.at).toBe('2026-03-02T14:00:00.000Z');
    expect(journey.runUntil(hoursAfter(cartAt, 3.99))).toEqual([]);
    const sent = journey.runUntil(hoursAfter(cartAt, 4));
    expect(sent).toEqual([
      {
        type: 'send',
        step: 'email-1',
        idempotencyKey: `abandoned-cart#${customer}#cart-1:email-1:1`,
        channel: 'email',
        template: 'cart-reminder',
        fallback: 'sms',
        offer: null,
      },
    ]);
    expect(journey.enrollment).toMatchObject({ status: 'active', step: 'wait-order', key: 'cart-1' });
    expect(journey.enrollment?.waitingFor?.timeoutAt).toBe('2026-03-03T14:00:00.000Z');
  });

  it('skips the SMS when the order arrives first, and counts the conversion with its revenue', () => {
    const journey = abandon(openedWithSmsConsent);
    journey.runUntil(hoursAfter(cartAt, 4));
    const onOrder = journey.event(hoursAfter(cartAt, 8), 'Order Completed', { cartId: 'cart-1', total: 80.5 });
    expect(onOrder).toEqual([
      {
        type: 'convert',
        revenue: 80.5,
        key: null,
        event: 'Order Completed',
        occurredAt: hoursAfter(cartAt, 8),
        control: false,
      },
    ]);
    expect(journey.enrollment).toMatchObject({ status: 'converted', wake: null, waitingFor: null });
    expect(journey.runUntil(daysAfter(cartAt, 30))).toEqual([]);
    expect(journey.sends()).toEqual(['email cart-reminder @email-1']);
  });

  it('follows the timeout branch when the order comes late: SMS coupon, and the late order still converts', () => {
    const journey = abandon(openedWithSmsConsent);
    journey.runUntil(daysAfter(cartAt, 2));
    expect(journey.sends()).toEqual(['email cart-reminder @email-1', 'sms cart-coupon @sms-coupon']);
    expect(journey.actions.find((a) => a.type === 'send' && a.step === 'sms-coupon')).toMatchObject({
      offer: { coupon: { percent: 10, expiresIn: 'P3D' } },
    });
    expect(journey.enrollment).toMatchObject({ status: 'exited', exitReason: 'completed', step: 'done' });
    expect(journey.event(daysAfter(cartAt, 3), 'Order Completed', { cartId: 'cart-1', total: 64 })).toMatchObject([
      { type: 'convert', revenue: 64 },
    ]);
    expect(journey.enrollment?.status).toBe('converted');
  });

  it('sends the coupon by email to customers who did not open the first email', () => {
    const journey = abandon({ profile: { consents: { sms: true } } });
    journey.runUntil(daysAfter(cartAt, 2));
    expect(journey.sends()).toEqual(['email cart-reminder @email-1', 'email cart-coupon @email-coupon']);
  });

  it('ignores orders for other carts, orders after the goal window, and orders from before the cart', () => {
    const journey = abandon();
    journey.runUntil(hoursAfter(cartAt, 4));
    expect(journey.event(hoursAfter(cartAt, 5), 'Order Completed', { cartId: 'cart-2', total: 10 })).toEqual([]);
    expect(journey.event(hoursAfter(cartAt, -1), 'Order Completed', { cartId: 'cart-1', total: 10 })).toEqual([]);
    journey.runUntil(daysAfter(cartAt, 2));
    expect(journey.event(daysAfter(cartAt, 8), 'Order Completed', { cartId: 'cart-1', total: 10 })).toEqual([]);
    expect(journey.enrollment?.status).toBe('exited');
  });

  it('exits without a conversion when the cart is emptied', () => {
    const journey = abandon();
    expect(journey.event(hoursAfter(cartAt, 1), 'Cart Emptied', { cartId: 'cart-1' })).toEqual([
      { type: 'exit', reason: 'exit-event', step: 'wait-4h' },
    ]);
    expect(journey.runUntil(daysAfter(cartAt, 10))).toEqual([]);
    expect(journey.sends()).toEqual([]);
  });

  it('does not enrol carts the trigger pattern rejects, or from another source', () => {
    const journey = new Journey(workflow);
    journey.enter(cartAt, customer, 'Cart Abandoned', { cartId: 'c', total: 15 }, 'rekindle');
    journey.enter(cartAt, customer, 'Cart Abandoned', cart, 'someone-else');
    expect(journey.enrollment).toBeNull();
  });

  it('holds out about 10% of customers, who get nothing but still count conversions as control', () => {
    expect(heldOut.length).toBeGreaterThan(5);
    const journey = new Journey(workflow);
    journey.enter(cartAt, heldOut[0] ?? 'none', 'Cart Abandoned', cart, 'rekindle');
    expect(journey.enrollment).toMatchObject({ status: 'held-out', wake: null });
    expect(journey.actions).toEqual([{ type: 'exit', reason: 'held-out', step: 'control-group' }]);
    expect(journey.event(hoursAfter(cartAt, 5), 'Order Completed', { cartId: 'cart-1', total: 30 })).toMatchObject([
      { type: 'convert', revenue: 30, control: true },
    ]);
    expect(journey.enrollment?.status).toBe('held-out');
    expect(journey.sends()).toEqual([]);
  });
});
