import { award } from './award.js';
import type { Draft } from './draft.js';
import { orderPoints } from './earning.js';
import type { CouponRecord, LoyaltyCommand, OrderRecord, OrderState } from './model.js';
import { rankOrder } from './nth.js';
import { applyRefund } from './refund.js';
import { qualify } from './tiers.js';
import { ms } from './time.js';

type Order = Extract<LoyaltyCommand, { kind: 'order' }>;

/**
 * A new order: its points (at the tier the customer has when it is posted) and its nth-order bonus (by its own time),
 * both pending for the return window, its spend for the tier, then the refunds that arrived before it. An order in
 * another currency than the program's earns and qualifies on its amount converted at `rate` (`post` refuses one
 * without). Returns its record, to be written.
 */
export function postOrder(d: Draft, order: Order, known: OrderRecord | null, coupon: CouponRecord | null): OrderRecord {
  const foreign = order.currency !== d.program.currency;
  const rate = foreign ? (order.rate ?? 0) : 1;
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
    ...(foreign ? { currency: order.currency, rate } : {}),
  };
  const ids = { orderId: order.orderId };
  const key = `earn:order:${order.orderId}`;
  award(d, { type: 'earn', reason: 'order', key, points, at: order.at, pending: true, ...ids });
  qualify(d, 'spend', { anchor: order.at, at: order.at, amount: Math.max(0, order.total) * rate });
  rankOrder(d, order.orderId, order.at);
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
