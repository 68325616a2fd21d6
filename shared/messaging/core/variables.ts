import type { EnrollmentEvents, EventFacts } from '../../workflow/core/interpreter/types.js';
import type { CartFacts, Coupon, LoyaltyFacts, Recipient } from './model.js';

export interface TemplateFacts {
  readonly recipient: Recipient;
  readonly cart: CartFacts | null;
  readonly loyalty: LoyaltyFacts | null;
  readonly coupon: Coupon | null;
  readonly unsubscribeUrl: string | null;
  /** The enrollment's trigger event and the last event a step waited for; null outside a workflow. */
  readonly events?: EnrollmentEvents | null;
}

/**
 * The Liquid variables of a message. Missing facts are null, which renders as nothing and is false in `{% if %}`:
 *   customer  { id, firstName, lastName, email, phone, locale, timezone, birthday, attributes }
 *   cart      { id, items: [{ name, image, price, quantity, url, productId }], total, currency, url }
 *   points    { available, pending, lifetime }    tier  e.g. "gold"
 *   coupon    { code, percent | amount, currency, expiresAt }
 *   trigger   the event that started the enrollment: { type, occurredAt, ...its detail }, e.g. for Order Completed
 *             { orderId, total, currency, coupon, items: [{ productId, name, price, quantity, ... }] }
 *   event     the last event a waitForEvent step received (same shape), else the trigger
 *   unsubscribeUrl, and from the renderer: lang (e.g. ar-SA) and dir (rtl | ltr)
 */
export function templateVariables(facts: TemplateFacts): Record<string, unknown> {
  const r = facts.recipient;
  return {
    customer: {
      id: r.customerId,
      firstName: r.firstName,
      lastName: r.lastName,
      email: r.email,
      phone: r.phone,
      locale: r.locale,
      timezone: r.timezone,
      birthday: r.birthday,
      attributes: r.attributes,
    },
    cart: facts.cart && {
      id: facts.cart.cartId,
      items: facts.cart.items.map(safeLinks),
      total: facts.cart.total,
      currency: facts.cart.currency,
      url: facts.cart.url,
    },
    points: facts.loyalty?.points ?? null,
    tier: facts.loyalty?.tier ?? null,
    coupon: facts.coupon,
    trigger: eventVariable(facts.events?.trigger),
    event: eventVariable(facts.events?.waited ?? facts.events?.trigger),
    unsubscribeUrl: facts.unsubscribeUrl,
  };
}

/** The detail's own fields first, so `type` and `occurredAt` always name the event (a detail may carry its own). */
function eventVariable(event: EventFacts | undefined): Record<string, unknown> | null {
  if (!event) return null;
  const { items } = event.detail;
  const detail = Array.isArray(items) ? { ...event.detail, items: items.map(safeLinks) } : event.detail;
  return { ...detail, type: event.type, occurredAt: event.occurredAt };
}

/**
 * An item's `url` and `image` reach a template only as http(s): they become `href` and `src`, and an item stored
 * before the schema refused other schemes (`javascript:`, `data:`, `vbscript:`) must not put one in an email.
 */
function safeLinks(item: unknown): unknown {
  if (typeof item !== 'object' || item === null) return item;
  const out: Record<string, unknown> = { ...item };
  for (const field of ['url', 'image']) {
    const value = out[field];
    if (value !== undefined && !(typeof value === 'string' && /^https?:\/\//i.test(value.trim()))) out[field] = null;
  }
  return out;
}
