import { type Draft, eventBase } from './draft.js';
import { isLive, lotKey, orderLotKeys, spendableKeys, take } from './lots.js';
import { qualify } from './tiers.js';

export interface Reversal {
  /** Key of the ledger entry and of the event. */
  readonly key: string;
  /** The order the points were credited for: its own lots give them back first. */
  readonly orderId: string;
  readonly orderAt: string;
  /** What took them back: the refund, or (for a bonus that moved to an earlier order) that order. */
  readonly refundId: string;
  readonly points: number;
  readonly at: string;
}

/**
 * Takes back points credited for an order: from the order's own lots first (its pending lot, then the lot of its
 * expiry, unless expired), then from other spendable lots soonest-expiring first; what is not there becomes debt,
 * repaid by the next points credited. Both own lots, in that order, because where an order's points sit depends on
 * when it arrived (a late order's points go straight to the released lot while a same-day order's still wait), and a
 * reversal must not depend on arrival order.
 */
export function reverse(d: Draft, r: Reversal): void {
  if (r.points <= 0) return;
  const own = orderLotKeys(d.program, r.orderAt).filter((key) => {
    const lot = d.lots.find((l) => lotKey(l) === key);
    return lot !== undefined && isLive(lot, r.at);
  });
  let taken = take(d, own, r.points);
  taken += take(d, spendableKeys(d, r.at, own), r.points - taken);
  d.debt += r.points - taken;
  d.lifetime -= r.points;
  const ids = { orderId: r.orderId, refundId: r.refundId };
  d.entries.push({ key: r.key, at: r.at, type: 'reverse', points: -r.points, ...ids });
  d.events.push({
    type: 'Points Reversed',
    key: r.key,
    detail: { ...eventBase(d, r.key, r.at), points: r.points, ...ids },
  });
  qualify(d, 'points', { anchor: r.orderAt, at: r.at, amount: -r.points });
}
