import type { StorefrontEvent } from '../../schemas/storefront-events.js';
import type { LoyaltyCommand } from './model.js';

/** The loyalty commands a storefront event stands for (none when it does not concern loyalty). */
export function commandsFor(event: StorefrontEvent, occurredAt: string, eventKey: string): LoyaltyCommand[] {
  const command = mainCommand(event, occurredAt, eventKey);
  const profile = profileCommand(event, occurredAt);
  return [command, profile].filter((c): c is LoyaltyCommand => c !== null);
}

/** A birthday (and the zone to celebrate it in) from the profile, for the birthday bonus. */
function profileCommand(event: StorefrontEvent, at: string): LoyaltyCommand | null {
  if (event.type !== 'Customer Registered' && event.type !== 'Customer Updated') return null;
  const { birthday, timezone } = event.detail;
  return birthday ? { kind: 'profile', birthday, timezone, at } : null;
}

function mainCommand(event: StorefrontEvent, occurredAt: string, eventKey: string): LoyaltyCommand | null {
  switch (event.type) {
    case 'Order Completed': {
      const d = event.detail;
      return {
        kind: 'order',
        orderId: d.orderId,
        at: occurredAt,
        total: d.total,
        currency: d.currency,
        items: d.items.map(({ price, quantity, category }) => ({ price, quantity, category })),
        coupon: d.coupon,
      };
    }
    case 'Order Refunded': {
      const d = event.detail;
      // Without a refundId the event's own key identifies the refund: a resend is still one refund.
      return { kind: 'refund', refundId: d.refundId ?? eventKey, orderId: d.orderId, amount: d.amount, at: occurredAt };
    }
    case 'Customer Registered':
      return { kind: 'signup', at: occurredAt };
    default:
      return null;
  }
}
