import { type AwardReason, type Draft, eventBase } from './draft.js';
import { credit } from './lots.js';
import { qualify } from './tiers.js';

export interface Award {
  readonly type: 'earn' | 'bonus' | 'restore';
  readonly reason: AwardReason;
  /** Key of the ledger entry and of the event. */
  readonly key: string;
  readonly points: number;
  readonly at: string;
  /** An order's points wait for the return window; bonuses and restored points can be spent at once. */
  readonly pending: boolean;
  /** The ledger entry's reason when it says more than `reason` (a campaign's own words). */
  readonly note?: string | undefined;
  readonly orderId?: string | undefined;
  readonly refundId?: string | undefined;
}

/**
 * Credits points to their lot (repaying debt first), with a ledger entry and a `Points Awarded` event. Earned and
 * bonus points count for `lifetime` and for a points-based tier; restored points were earned once already and do not.
 */
export function award(d: Draft, a: Award): void {
  if (a.points <= 0) return;
  const { availableAt, expiresAt } = credit(d, { points: a.points, at: a.at, pending: a.pending });
  d.entries.push({
    key: a.key,
    at: a.at,
    type: a.type,
    points: a.points,
    ...(a.orderId === undefined ? {} : { orderId: a.orderId }),
    ...(a.refundId === undefined ? {} : { refundId: a.refundId }),
    reason: a.note ?? a.reason,
  });
  const detail = { points: a.points, reason: a.reason, availableAt, expiresAt };
  d.events.push({
    type: 'Points Awarded',
    key: a.key,
    detail: { ...eventBase(d, a.key, a.at), ...detail, ...(a.orderId === undefined ? {} : { orderId: a.orderId }) },
  });
  if (a.type === 'restore') return;
  d.lifetime += a.points;
  qualify(d, 'points', { anchor: a.at, at: a.at, amount: a.points });
}
