import { award } from './award.js';
import type { Draft } from './draft.js';
import type { HeldRefund, OrderState } from './model.js';
import { voidBonus } from './nth.js';
import { reverse as reversePoints } from './reverse.js';
import { qualify } from './tiers.js';

const cents = (amount: number): number => Math.round(Math.max(0, amount) * 100);

/** Refunds of `refunded` cover the whole order (of `total` cents); an order of 0 is fully refunded by any refund. */
const isFull = (refunded: number, total: number): boolean =>
  total > 0 ? cents(refunded) >= total : cents(refunded) > 0;

/**
 * Applies a refund to a posted order; returns the order as it is after. Everything is cumulative, so partial refunds
 * never drift by rounding: after refunds totalling R (capped at the order total T) the order has reversed
 * round(points x R / T) points and given back round(redeemed x R / T) of the points its coupon cost (see `reverse`
 * for where reversed points come from). The refund that makes the order fully refunded also takes back the
 * nth-order bonus the order holds.
 */
export function applyRefund(d: Draft, order: OrderState, r: HeldRefund): OrderState {
  const total = cents(order.total);
  const before = Math.min(cents(order.refunded), total);
  const refunded = order.refunded + Math.max(0, r.amount);
  const after = Math.min(cents(refunded), total);
  const share = (points: number): number => (total > 0 ? Math.round((points * after) / total) : after > 0 ? points : 0);
  const ids = { orderId: r.orderId, refundId: r.refundId };
  // The refund's keys name its order too: refund ids are unique per order.
  const name = `${r.orderId}/${r.refundId}`;

  const reverse = share(order.points) - order.reversed;
  if (reverse > 0) {
    reversePoints(d, { key: `reverse:${name}`, orderAt: order.at, at: r.at, points: reverse, ...ids });
  }
  if (!isFull(order.refunded, total) && isFull(refunded, total)) voidBonus(d, r.orderId, r.refundId, r.at);
  const restore = order.redemption ? share(order.redemption.points) - order.restored : 0;
  if (restore > 0) {
    award(d, {
      type: 'restore',
      reason: 'restore',
      key: `restore:${name}`,
      points: restore,
      at: r.at,
      pending: false,
      ...ids,
    });
  }
  // Spend in the program currency: a converted order's refunds at the order's own rate.
  const rate = order.currency === undefined || order.currency === d.program.currency ? 1 : order.rate;
  if (rate !== undefined && after > before) {
    qualify(d, 'spend', { anchor: order.at, at: r.at, amount: (-(after - before) / 100) * rate });
  }
  return {
    ...order,
    refunded,
    reversed: order.reversed + Math.max(0, reverse),
    restored: order.restored + Math.max(0, restore),
  };
}
