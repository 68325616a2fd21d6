import { describe, expect, it } from 'vitest';
import { storefrontExamples as ex } from '../../../shared/schemas/examples.js';
import type { StorefrontEvent } from '../../../shared/schemas/storefront-events.js';
import type { TrackingOp } from '../../../shared/tracking/core/model.js';
import {
  movesActivity,
  planStorefrontEvent,
  type StorefrontFact,
  type StorefrontPlan,
} from '../../../shared/tracking/core/plan-storefront.js';

const at = '2026-03-14T16:25:47.000Z';

const fact = (event: StorefrontEvent, customerId = 'cus_1001'): StorefrontFact => ({
  ...event,
  source: 'shop.example',
  key: 'evt-key-1',
  occurredAt: at,
  customerId,
});

const opsOf = <K extends TrackingOp['kind']>(plan: StorefrontPlan, kind: K): Extract<TrackingOp, { kind: K }>[] =>
  [...plan.effects, plan.timeline].filter((op): op is Extract<TrackingOp, { kind: K }> => op.kind === kind);

describe('planStorefrontEvent', () => {
  it('writes the timeline entry last and on its own: it is the commit point a redelivery finds', () => {
    const plan = planStorefrontEvent(fact({ type: 'Order Completed', detail: ex['Order Completed'] }));
    expect(plan.timeline.kind).toBe('timeline');
    expect(plan.effects.map((op) => op.kind)).not.toContain('timeline');
  });

  it('moves the last activity only into a later hour: a browsing session writes the profile once', () => {
    const view = { type: 'Product Viewed', detail: ex['Product Viewed'] } as const;
    const activity = (stored: string | null) => opsOf(planStorefrontEvent(fact(view), stored), 'activity');
    expect(activity(null)).toHaveLength(1);
    expect(activity('2026-03-14T15:59:59.000Z')).toHaveLength(1);
    expect(activity('2026-03-14T16:01:00.000Z')).toEqual([]);
    expect(activity('2026-03-14T17:00:00.000Z')).toEqual([]);
    expect(movesActivity('2026-03-13T16:30:00.000Z', at)).toBe(true);
  });

  it('puts every event on the web timeline under its event key and counts it as activity', () => {
    const events: StorefrontEvent[] = [
      { type: 'Customer Registered', detail: ex['Customer Registered'] },
      { type: 'Customer Updated', detail: ex['Customer Updated'] },
      { type: 'Product Viewed', detail: ex['Product Viewed'] },
      { type: 'Cart Updated', detail: ex['Cart Updated'] },
      { type: 'Checkout Started', detail: ex['Checkout Started'] },
      { type: 'Order Completed', detail: ex['Order Completed'] },
      { type: 'Order Refunded', detail: ex['Order Refunded'] },
    ];
    for (const event of events) {
      const ops = planStorefrontEvent(fact(event));
      const timeline = opsOf(ops, 'timeline');
      expect(timeline, event.type).toHaveLength(1);
      expect(timeline[0]?.entry).toMatchObject({
        key: 'evt-key-1',
        occurredAt: at,
        type: event.type,
        channel: 'web',
        source: 'shop.example',
      });
      // The activity rides on the event's own profile write when it has one, else it is a write of its own.
      const carriers = [...opsOf(ops, 'profile'), ...opsOf(ops, 'order'), ...opsOf(ops, 'refund')];
      const activity = opsOf(ops, 'activity');
      if (carriers.length > 0) {
        expect(activity, event.type).toEqual([]);
        expect(carriers[0]?.activeAt, event.type).toBe(at);
      } else expect(activity, event.type).toEqual([{ kind: 'activity', customerId: 'cus_1001', at }]);
    }
  });

  it('turns a registration into a profile change marked registered, plus email and phone identities', () => {
    const ops = planStorefrontEvent(fact({ type: 'Customer Registered', detail: ex['Customer Registered'] }));
    const [profile] = opsOf(ops, 'profile');
    expect(profile?.change).toMatchObject({
      at,
      email: 'layla@example.com',
      firstName: 'Layla',
      consents: { email: true, sms: false, whatsapp: true },
      attributes: { city: 'Riyadh', signupSource: 'checkout' },
      registered: true,
    });
    expect(opsOf(ops, 'identity').map((op) => [op.identity, op.value, op.customerId])).toEqual([
      ['anonymous', 'anon_5f2c9e7a', 'cus_1001'],
      ['email', 'layla@example.com', 'cus_1001'],
      ['phone', '+966501234567', 'cus_1001'],
    ]);
  });

  it('does not mark an update as a registration and adds no identity when no address changes', () => {
    const ops = planStorefrontEvent(fact({ type: 'Customer Updated', detail: ex['Customer Updated'] }));
    expect(opsOf(ops, 'profile')[0]?.change.registered).toBe(false);
    expect(opsOf(ops, 'identity')).toEqual([]);
  });

  it('ties the anonymous visitor to the customer only when an event carries both ids', () => {
    const both = planStorefrontEvent(fact({ type: 'Product Viewed', detail: ex['Product Viewed'] }));
    expect(opsOf(both, 'mergeAnonymous')).toEqual([
      { kind: 'mergeAnonymous', anonymousId: 'anon_5f2c9e7a', customerId: 'cus_1001' },
    ]);
    const { anonymousId: _dropped, ...known } = ex['Product Viewed'];
    const onlyCustomer = planStorefrontEvent(fact({ type: 'Product Viewed', detail: known }));
    const { customerId: _gone, ...anonymous } = ex['Product Viewed'];
    const onlyAnonymous = planStorefrontEvent(
      fact({ type: 'Product Viewed', detail: anonymous }, 'anon:anon_5f2c9e7a'),
    );
    for (const ops of [onlyCustomer, onlyAnonymous]) {
      expect(opsOf(ops, 'mergeAnonymous')).toEqual([]);
      expect(opsOf(ops, 'identity')).toEqual([]);
    }
  });

  it('keeps a cart snapshot and records the email given with it as a contact', () => {
    const ops = planStorefrontEvent(fact({ type: 'Cart Updated', detail: ex['Cart Updated'] }));
    expect(opsOf(ops, 'cart')[0]?.cart).toMatchObject({ cartId: 'cart_77', at, currency: 'SAR', total: 527 });
    expect(opsOf(ops, 'cart')[0]?.cart.items).toHaveLength(2);
    expect(opsOf(ops, 'profile').map((op) => op.change)).toEqual([{ at, email: 'layla@example.com' }]);
    expect(opsOf(ops, 'identity').map((op) => op.identity)).toEqual(['email']);
  });

  it('plans no contact for a cart or checkout without an email', () => {
    const { email: _e1, ...cart } = ex['Cart Updated'];
    const { email: _e2, ...checkout } = ex['Checkout Started'];
    for (const event of [
      { type: 'Cart Updated', detail: cart },
      { type: 'Checkout Started', detail: checkout },
    ] satisfies StorefrontEvent[]) {
      const ops = planStorefrontEvent(fact(event));
      expect(opsOf(ops, 'profile'), event.type).toEqual([]);
      expect(opsOf(ops, 'identity'), event.type).toEqual([]);
    }
    const withEmail = planStorefrontEvent(fact({ type: 'Checkout Started', detail: ex['Checkout Started'] }));
    expect(opsOf(withEmail, 'identity').map((op) => op.value)).toEqual(['layla@example.com']);
  });

  it('records an order with its item count (sum of quantities), cart and coupon only when given', () => {
    const ops = planStorefrontEvent(fact({ type: 'Order Completed', detail: ex['Order Completed'] }));
    expect(opsOf(ops, 'order')).toEqual([
      {
        kind: 'order',
        customerId: 'cus_1001',
        order: { orderId: 'ord_5001', at, total: 527, currency: 'SAR', itemCount: 3, cartId: 'cart_77' },
        // The order's profile write also moves the last activity: one profile write for the event.
        activeAt: at,
      },
    ]);
    const withCoupon = planStorefrontEvent(
      fact({ type: 'Order Completed', detail: { ...ex['Order Completed'], coupon: 'RAMADAN10' } }),
    );
    expect(opsOf(withCoupon, 'order')[0]?.order.coupon).toBe('RAMADAN10');
  });

  it('keys a refund by its refundId, or by the event key when the shop gives none', () => {
    const named = planStorefrontEvent(fact({ type: 'Order Refunded', detail: ex['Order Refunded'] }));
    expect(opsOf(named, 'refund')[0]?.refund).toEqual({ orderId: 'ord_5001', refundKey: 'ref_9001', at, amount: 89 });
    const { refundId: _r, ...unnamed } = ex['Order Refunded'];
    const fallback = planStorefrontEvent(fact({ type: 'Order Refunded', detail: unnamed }));
    expect(opsOf(fallback, 'refund')[0]?.refund.refundKey).toBe('evt-key-1');
  });

  it('plans nothing beyond activity and timeline for a product view (the timeline entry always last)', () => {
    const { anonymousId: _a, ...detail } = ex['Product Viewed'];
    const ops = planStorefrontEvent(fact({ type: 'Product Viewed', detail }));
    expect([...ops.effects, ops.timeline].map((op) => op.kind)).toEqual(['activity', 'timeline']);
    expect(opsOf(ops, 'timeline')[0]?.entry.data).toEqual({ productId: 'prod_oud_royal_50' });
  });

  it('keeps ids and amounts on the timeline but no personal data', () => {
    const cart = planStorefrontEvent(fact({ type: 'Cart Updated', detail: ex['Cart Updated'] }));
    expect(opsOf(cart, 'timeline')[0]?.entry.data).toEqual({
      cartId: 'cart_77',
      total: 527,
      currency: 'SAR',
      items: 2,
    });
    const registered = planStorefrontEvent(fact({ type: 'Customer Registered', detail: ex['Customer Registered'] }));
    expect(opsOf(registered, 'timeline')[0]?.entry.data).toEqual({});
  });

  it('is deterministic: the same fact always plans the same ops', () => {
    const event: StorefrontEvent = { type: 'Order Completed', detail: ex['Order Completed'] };
    expect(planStorefrontEvent(fact(event))).toEqual(planStorefrontEvent(fact(event)));
  });
});
