import type { StorefrontEvent } from '../../schemas/storefront-events.js';
import type { TimelineEntry, TrackingOp } from './model.js';

/** A storefront event, parsed and attributed to a customer (or an anonymous visitor's provisional id). */
export type StorefrontFact = StorefrontEvent & {
  readonly source: string;
  readonly key: string;
  readonly occurredAt: string;
  /** The later time the event claimed, when `occurredAt` was bounded by its receipt (kept on the timeline). */
  readonly clampedFrom?: string;
  readonly customerId: string;
};

/** The effects of one storefront event, each idempotent, and its timeline entry (written last: the commit point). */
export interface StorefrontPlan {
  readonly effects: readonly TrackingOp[];
  readonly timeline: TrackingOp;
}

/**
 * Plans a storefront event. Pure: no I/O, no clock. `storedLastActiveAt`: the profile's last activity as read before;
 * the activity is written only when it moves that on by a new hour (or day), so a browsing session costs one profile
 * write, not one per page: last activity is exact to the hour, which is all inactivity (counted in days) needs.
 */
export function planStorefrontEvent(fact: StorefrontFact, storedLastActiveAt: string | null = null): StorefrontPlan {
  const { customerId, occurredAt: at } = fact;
  const effects: TrackingOp[] = [];
  const d = fact.detail;
  if (d.anonymousId !== undefined && d.customerId !== undefined) {
    effects.push({ kind: 'identity', identity: 'anonymous', value: d.anonymousId, customerId, at });
    effects.push({ kind: 'mergeAnonymous', anonymousId: d.anonymousId, customerId });
  }
  const specific = specificOps(fact);
  if (movesActivity(storedLastActiveAt, at)) {
    // Carried by the event's own profile write when it has one, else a write of its own.
    const carrier = specific.findIndex((op) => op.kind === 'profile' || op.kind === 'order' || op.kind === 'refund');
    const op = specific[carrier];
    if (op && (op.kind === 'profile' || op.kind === 'order' || op.kind === 'refund')) {
      specific[carrier] = { ...op, activeAt: at };
    } else effects.unshift({ kind: 'activity', customerId, at });
  }
  effects.push(...specific);
  return { effects, timeline: { kind: 'timeline', customerId, entry: timelineEntry(fact) } };
}

/** Whether `at` is in a later UTC hour than the stored last activity (ISO strings compare by their first 13 chars). */
export const movesActivity = (stored: string | null, at: string): boolean =>
  stored === null || at.slice(0, 13) > stored.slice(0, 13);

function specificOps(fact: StorefrontFact): TrackingOp[] {
  const { customerId, occurredAt: at } = fact;
  switch (fact.type) {
    case 'Customer Registered':
    case 'Customer Updated': {
      const d = fact.detail;
      const { email, phone, firstName, lastName, locale, timezone, birthday, consents, attributes } = d;
      const ops: TrackingOp[] = [
        {
          kind: 'profile',
          customerId,
          change: {
            at,
            email,
            phone,
            firstName,
            lastName,
            locale,
            timezone,
            birthday,
            consents,
            attributes,
            registered: fact.type === 'Customer Registered',
          },
        },
      ];
      if (email) ops.push({ kind: 'identity', identity: 'email', value: email, customerId, at });
      if (phone) ops.push({ kind: 'identity', identity: 'phone', value: phone, customerId, at });
      return ops;
    }
    case 'Cart Updated': {
      const d = fact.detail;
      const cart = { cartId: d.cartId, at, currency: d.currency, total: d.total, items: d.items, email: d.email };
      return [{ kind: 'cart', customerId, cart }, ...contactOps(d.email, fact)];
    }
    case 'Checkout Started':
      return contactOps(fact.detail.email, fact);
    case 'Order Completed': {
      const d = fact.detail;
      const itemCount = d.items.reduce((n, item) => n + item.quantity, 0);
      const order = { orderId: d.orderId, at, total: d.total, currency: d.currency, itemCount, cartId: d.cartId };
      return [{ kind: 'order', customerId, order: d.coupon ? { ...order, coupon: d.coupon } : order }];
    }
    case 'Order Refunded': {
      const d = fact.detail;
      const refund = { orderId: d.orderId, refundKey: d.refundId ?? fact.key, at, amount: d.amount };
      return [{ kind: 'refund', customerId, refund }];
    }
    case 'Product Viewed':
      return [];
  }
}

/** An email given at checkout ties the (possibly anonymous) cart to a contact we can reach. */
function contactOps(email: string | undefined, fact: StorefrontFact): TrackingOp[] {
  if (!email) return [];
  const { customerId, occurredAt: at } = fact;
  return [
    { kind: 'profile', customerId, change: { at, email } },
    { kind: 'identity', identity: 'email', value: email, customerId, at },
  ];
}

function timelineEntry(fact: StorefrontFact): TimelineEntry {
  return {
    key: fact.key,
    occurredAt: fact.occurredAt,
    type: fact.type,
    channel: 'web',
    source: fact.source,
    data:
      fact.clampedFrom === undefined ? timelineData(fact) : { ...timelineData(fact), clampedFrom: fact.clampedFrom },
  };
}

/** Ids and amounts only: the timeline is for the marketer's view, not a second copy of the profile. */
function timelineData(fact: StorefrontFact): Record<string, string | number | boolean> {
  switch (fact.type) {
    case 'Cart Updated': {
      const d = fact.detail;
      return { cartId: d.cartId, total: d.total, currency: d.currency, items: d.items.length };
    }
    case 'Checkout Started':
      return { cartId: fact.detail.cartId };
    case 'Order Completed': {
      const d = fact.detail;
      // cartId lets a workflow started by a cart find the order that converted it, even when it arrived first.
      return {
        orderId: d.orderId,
        total: d.total,
        currency: d.currency,
        items: d.items.length,
        ...(d.cartId === undefined ? {} : { cartId: d.cartId }),
      };
    }
    case 'Order Refunded': {
      const d = fact.detail;
      return { orderId: d.orderId, amount: d.amount };
    }
    case 'Product Viewed':
      return { productId: fact.detail.product.productId };
    case 'Customer Registered':
    case 'Customer Updated':
      return {};
  }
}
