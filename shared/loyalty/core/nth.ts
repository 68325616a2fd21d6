import { award } from './award.js';
import type { Draft } from './draft.js';
import type { RankedOrder } from './model.js';
import { reverse } from './reverse.js';
import { isBefore, ms } from './time.js';

/**
 * Nth-order bonuses go to the nth order by the orders' own time (then id), whatever order they arrive in: the account
 * keeps the earliest orders, as many as the program's largest n (`firstOrders`). A late order earlier than some of
 * them takes its rank, and every order after it moves one rank down: a bonus it held is reversed from its lots and the
 * bonus of its new rank is credited, pending with its points. Ranks only ever grow, so each order gets and loses each
 * bonus at most once. A fully refunded order keeps its rank (it was an order) but holds no bonus.
 */

const before = (a: Pick<RankedOrder, 'at' | 'orderId'>, b: Pick<RankedOrder, 'at' | 'orderId'>): boolean =>
  ms(a.at) !== ms(b.at) ? ms(a.at) < ms(b.at) : a.orderId < b.orderId;

/** Counts a new order and deals the nth-order bonuses again from its rank on. */
export function rankOrder(d: Draft, orderId: string, at: string): void {
  const counted = d.orderCount;
  d.orderCount += 1;
  const deepest = Math.max(0, ...d.program.bonuses.nthOrder.map((b) => b.n));
  if (d.firstOrders.length < Math.min(counted, deepest)) {
    // Orders the list never saw (an account from before orders were ranked by time, or a program whose largest n
    // grew): their times are unknown, so this account goes on by arrival, as it did.
    byArrival(d, orderId, at, counted + 1);
    return;
  }
  const found = d.firstOrders.findIndex((o) => before({ orderId, at }, o));
  const rank = found === -1 ? d.firstOrders.length : found;
  if (rank >= deepest) return;
  const list: RankedOrder[] = [...d.firstOrders];
  list.splice(rank, 0, { orderId, at });
  d.firstOrders = list.map((o, i) => (i < rank ? o : deal(d, o, i + 1))).slice(0, deepest);
}

/** A fully refunded order gives its bonus back (the refund's time) and gets none from now on. */
export function voidBonus(d: Draft, orderId: string, refundId: string, at: string): void {
  const i = d.firstOrders.findIndex((o) => o.orderId === orderId);
  const o = d.firstOrders[i];
  if (!o) return;
  if (o.bonus) take(d, o, refundId, at);
  d.firstOrders[i] = { orderId: o.orderId, at: o.at, void: true };
}

/** The order at `rank` holds that rank's bonus (none past the deepest, none once void). */
function deal(d: Draft, o: RankedOrder, rank: number): RankedOrder {
  const points = o.void ? 0 : (d.program.bonuses.nthOrder.find((b) => b.n === rank)?.points ?? 0);
  const want = points > 0 ? { n: rank, points } : undefined;
  if (o.bonus?.n === want?.n && o.bonus?.points === want?.points) return o;
  // The bonus leaves when the newcomer is posted or, if later, at the order's own time. `reranked` stands where a
  // refund's id would (an id of its own, as short as any): the posting's other entries say who took the rank.
  if (o.bonus) take(d, o, 'reranked', isBefore(d.now, o.at) ? o.at : d.now);
  if (want) {
    const key = `bonus:nth:${want.n}:${o.orderId}`;
    award(d, { type: 'bonus', reason: 'nthOrder', key, points, at: o.at, pending: true, orderId: o.orderId });
  }
  return { orderId: o.orderId, at: o.at, ...(want ? { bonus: want } : {}), ...(o.void ? { void: true } : {}) };
}

function byArrival(d: Draft, orderId: string, at: string, n: number): void {
  const points = d.program.bonuses.nthOrder.find((b) => b.n === n)?.points ?? 0;
  award(d, { type: 'bonus', reason: 'nthOrder', key: `bonus:nth:${n}:${orderId}`, points, at, pending: true, orderId });
}

function take(d: Draft, o: RankedOrder, refundId: string, at: string): void {
  const bonus = o.bonus;
  if (!bonus) return;
  const key = `reverse:nth:${bonus.n}:${o.orderId}`;
  reverse(d, { key, orderId: o.orderId, orderAt: o.at, refundId, points: bonus.points, at });
}
