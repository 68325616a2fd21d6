import { award } from './award.js';
import type { Draft } from './draft.js';
import { orderPoints } from './earning.js';
import type { LoyaltyCommand } from './model.js';
import { applyRefund } from './refund.js';
import { qualify } from './tiers.js';
import { ms, plus } from './time.js';

type Order = Extract<LoyaltyCommand, { kind: 'order' }>;

/**
 * A new order: its points (at the tier the customer has when it is posted) in a lot that stays pending for the
 * return window, its spend for the tier, the nth-order bonus, then the refunds that arrived before it.
 */
export function postOrder(d: Draft, order: Order): void {
  const counted = order.currency === d.program.currency;
  const points = orderPoints(d.program, d.tier, order);
  const redemptionKey = couponRedemption(d, order.coupon);
  d.orders = {
    ...d.orders,
    [order.orderId]: {
      orderId: order.orderId,
      at: order.at,
      total: Math.max(0, order.total),
      points,
      refunded: 0,
      reversed: 0,
      restored: 0,
      ...(redemptionKey === undefined ? {} : { redemptionKey }),
      ...(counted ? {} : { currency: order.currency }),
    },
  };
  const ids = { orderId: order.orderId };
  const availableAt = plus(order.at, d.program.pending);
  const lotKey = `order:${order.orderId}`;
  award(d, { type: 'earn', reason: 'order', key: `earn:${lotKey}`, lotKey, points, at: order.at, availableAt, ...ids });
  if (counted) {
    qualify(d, 'spend', { key: lotKey, at: order.at, amount: Math.max(0, order.total) });
    d.orderCount += 1;
    const bonus = d.program.bonuses.nthOrder.find((b) => b.n === d.orderCount);
    if (bonus) {
      const key = `bonus:nth:${bonus.n}`;
      award(d, {
        type: 'bonus',
        reason: 'nthOrder',
        key,
        lotKey: key,
        points: bonus.points,
        at: order.at,
        availableAt: order.at,
        ...ids,
      });
    }
  }
  const held = d.heldRefunds.filter((r) => r.orderId === order.orderId);
  d.heldRefunds = d.heldRefunds.filter((r) => r.orderId !== order.orderId);
  held.sort((a, b) => ms(a.at) - ms(b.at) || (a.refundId < b.refundId ? -1 : a.refundId > b.refundId ? 1 : 0));
  for (const refund of held) applyRefund(d, refund);
}

/** The redemption whose coupon code the order used, unless another order already used it (restored once only). */
function couponRedemption(d: Draft, coupon: string | undefined): string | undefined {
  if (coupon === undefined) return undefined;
  const code = coupon.trim().toUpperCase();
  const redemption = Object.values(d.redemptions).find((r) => r.code === code);
  if (!redemption) return undefined;
  const used = Object.values(d.orders).some((o) => o.redemptionKey === redemption.key);
  return used ? undefined : redemption.key;
}
