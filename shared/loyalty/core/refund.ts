import { award } from './award.js';
import { type Draft, eventBase } from './draft.js';
import { isLive, lotKey, orderLotKeys, spendableKeys, take } from './lots.js';
import type { HeldRefund, OrderState } from './model.js';
import { qualify } from './tiers.js';

const cents = (amount: number): number => Math.round(Math.max(0, amount) * 100);

/**
 * Applies a refund to a posted order; returns the order as it is after. Everything is cumulative, so partial refunds
 * never drift by rounding: after refunds totalling R (capped at the order total T) the order has reversed
 * round(points x R / T) points and given back round(redeemed x R / T) of the points its coupon cost. Reversed points
 * come from the order's own lots (its pending lot, then its expiry's lot, unless expired), then from other spendable lots soonest-expiring first; the
 * rest becomes debt.
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
  if (reverse > 0) reversePoints(d, order, r, reverse, name);
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
  const counted = order.currency === undefined || order.currency === d.program.currency;
  if (counted && after > before) qualify(d, 'spend', { anchor: order.at, at: r.at, amount: -(after - before) / 100 });
  return {
    ...order,
    refunded,
    reversed: order.reversed + Math.max(0, reverse),
    restored: order.restored + Math.max(0, restore),
  };
}

function reversePoints(d: Draft, order: OrderState, r: HeldRefund, points: number, name: string): void {
  // The order's own lots first: its pending lot, then the lot of its expiry. Both, in that order, because where an
  // order's points sit depends on when it arrived (a late order's points go straight to the released lot while a
  // same-day order's still wait), and a reversal must not depend on arrival order.
  const own = orderLotKeys(d.program, order.at).filter((key) => {
    const lot = d.lots.find((l) => lotKey(l) === key);
    return lot !== undefined && isLive(lot, r.at);
  });
  let taken = take(d, own, points);
  taken += take(d, spendableKeys(d, r.at, own), points - taken);
  d.debt += points - taken;
  d.lifetime -= points;
  const key = `reverse:${name}`;
  d.entries.push({ key, at: r.at, type: 'reverse', points: -points, orderId: r.orderId, refundId: r.refundId });
  d.events.push({
    type: 'Points Reversed',
    key,
    detail: { ...eventBase(d, key, r.at), points, orderId: r.orderId, refundId: r.refundId },
  });
  qualify(d, 'points', { anchor: order.at, at: r.at, amount: -points });
}
