import { award } from './award.js';
import { type Draft, eventBase, own } from './draft.js';
import { isLive, spendableKeys, take } from './lots.js';
import type { HeldRefund } from './model.js';
import { qualify } from './tiers.js';

const cents = (amount: number): number => Math.round(Math.max(0, amount) * 100);

/**
 * Applies a refund to a known order. Everything is cumulative, so partial refunds never drift by rounding: after
 * refunds totalling R (capped at the order total T) the order has reversed round(points x R / T) points and given
 * back round(redeemed x R / T) of the points its coupon cost. Reversed points come from the order's own lot (unless
 * it has expired), then from other spendable lots soonest-expiring first; the rest becomes debt.
 */
export function applyRefund(d: Draft, r: HeldRefund): void {
  const order = own(d.orders, r.orderId);
  if (!order) return;
  const total = cents(order.total);
  const before = Math.min(cents(order.refunded), total);
  const refunded = order.refunded + Math.max(0, r.amount);
  const after = Math.min(cents(refunded), total);
  const share = (points: number): number => (total > 0 ? Math.round((points * after) / total) : after > 0 ? points : 0);

  const reverse = share(order.points) - order.reversed;
  if (reverse > 0) reversePoints(d, r, reverse);
  const redemption = order.redemptionKey === undefined ? undefined : own(d.redemptions, order.redemptionKey);
  const restore = redemption ? share(redemption.points) - order.restored : 0;
  if (restore > 0) {
    const key = `restore:${r.refundId}`;
    const ids = { orderId: r.orderId, refundId: r.refundId };
    award(d, {
      type: 'restore',
      reason: 'restore',
      key,
      lotKey: key,
      points: restore,
      at: r.at,
      availableAt: r.at,
      ...ids,
    });
  }
  const counted = order.currency === undefined || order.currency === d.program.currency;
  if (counted && after > before) {
    qualify(d, 'spend', {
      key: `refund:${r.refundId}`,
      at: order.at,
      effectiveAt: r.at,
      amount: -(after - before) / 100,
    });
  }
  d.orders = {
    ...d.orders,
    [r.orderId]: {
      ...order,
      refunded,
      reversed: order.reversed + Math.max(0, reverse),
      restored: order.restored + Math.max(0, restore),
    },
  };
}

function reversePoints(d: Draft, r: HeldRefund, points: number): void {
  const ownKey = `order:${r.orderId}`;
  const ownLot = d.lots.find((lot) => lot.key === ownKey);
  let taken = ownLot && isLive(ownLot, r.at) ? take(d, [ownKey], points) : 0;
  taken += take(d, spendableKeys(d, r.at, ownKey), points - taken);
  d.debt += points - taken;
  d.lifetime -= points;
  const key = `reverse:${r.refundId}`;
  d.entries.push({ key, at: r.at, type: 'reverse', points: -points, orderId: r.orderId, refundId: r.refundId });
  d.events.push({
    type: 'Points Reversed',
    key,
    detail: { ...eventBase(d, key, r.at), points, orderId: r.orderId, refundId: r.refundId },
  });
  const order = own(d.orders, r.orderId);
  if (order) qualify(d, 'points', { key, at: order.at, effectiveAt: r.at, amount: -points });
}
