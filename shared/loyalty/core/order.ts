import { award } from './award.js';
import type { Draft } from './draft.js';
import { orderPoints } from './earning.js';
import type { CouponRecord, LoyaltyCommand, OrderRecord, OrderState } from './model.js';
import { applyRefund } from './refund.js';
import { qualify } from './tiers.js';
import { ms } from './time.js';

type Order = Extract<LoyaltyCommand, { kind: 'order' }>;

/**
 * A new order: its points (at the tier the customer has when it is posted), pending for the return window, its spend
 * for the tier, the nth-order bonus, then the refunds that arrived before it. Returns its record, to be written.
 */
export function postOrder(d: Draft, order: Order, known: OrderRecord | null, coupon: CouponRecord | null): OrderRecord {
  const counted = order.currency === d.program.currency;
  const points = orderPoints(d.program, d.tier, order);
  const redemption = couponRedemption(d, order.orderId, coupon);
  let state: OrderState = {
    at: order.at,
    total: Math.max(0, order.total),
    points,
    refunded: 0,
    reversed: 0,
    restored: 0,
    ...(redemption === undefined ? {} : { redemption }),
    ...(counted ? {} : { currency: order.currency }),
  };
  const ids = { orderId: order.orderId };
  const key = `earn:order:${order.orderId}`;
  award(d, { type: 'earn', reason: 'order', key, points, at: order.at, pending: true, ...ids });
  if (counted) {
    qualify(d, 'spend', { anchor: order.at, at: order.at, amount: Math.max(0, order.total) });
    d.orderCount += 1;
    const bonus = d.program.bonuses.nthOrder.find((b) => b.n === d.orderCount);
    if (bonus) {
      const key = `bonus:nth:${bonus.n}`;
      award(d, { type: 'bonus', reason: 'nthOrder', key, points: bonus.points, at: order.at, pending: false, ...ids });
    }
  }
  const held = [...(known?.held ?? [])];
  held.sort((a, b) => ms(a.at) - ms(b.at) || (a.refundId < b.refundId ? -1 : a.refundId > b.refundId ? 1 : 0));
  for (const refund of held) state = applyRefund(d, state, refund);
  return { orderId: order.orderId, order: state, refunds: known?.refunds ?? [], held: [] };
}

/**
 * The redemption whose coupon code the order quoted, unless another order used it already (restored once only); the
 * coupon's record then names this order.
 */
function couponRedemption(d: Draft, orderId: string, coupon: CouponRecord | null): OrderState['redemption'] {
  if (!coupon || (coupon.usedBy !== undefined && coupon.usedBy !== orderId)) return undefined;
  d.records.push({ kind: 'coupon', record: { ...coupon, usedBy: orderId } });
  return { key: coupon.key, points: coupon.points };
}
