import type { Birthday } from './birthday.js';

/**
 * The loyalty account of one customer, as one value: the single DynamoDB item that is the commit point of every
 * posting. Ledger entries and events are derived from postings and written after the commit (the outbox).
 * Times are UTC ISO strings; points are integers.
 */

/** Points earned together, spent and expired together ("expiry by lots"). */
export interface Lot {
  /** Business key of the posting that created it, e.g. `order:ord_1`, `bonus:signup`, `restore:ref_9`. */
  readonly key: string;
  readonly points: number;
  /** Not yet spent, reversed or expired. */
  readonly remaining: number;
  readonly earnedAt: string;
  /** End of the pending (return) window: before it the points count as pending, not spendable. */
  readonly availableAt: string;
  /** Null when the program has no expiry. */
  readonly expiresAt: string | null;
  readonly orderId?: string | undefined;
  /** Set once `Points Expiring` was emitted for this lot. */
  readonly remindedAt?: string | undefined;
}

export interface OrderState {
  readonly orderId: string;
  readonly at: string;
  readonly total: number;
  /** Points the order earned (its lot, bonuses excluded). */
  readonly points: number;
  /** Refunded amount so far (sum of applied refunds). */
  readonly refunded: number;
  /** Points reversed so far for this order. */
  readonly reversed: number;
  /** The redemption whose coupon paid for part of this order, if any. */
  readonly redemptionKey?: string | undefined;
  /** Redeemed points given back so far because of refunds of this order. */
  readonly restored: number;
  /** The order's currency; absent means the program's. An order in another currency earns and qualifies nothing. */
  readonly currency?: string | undefined;
}

export interface RedemptionState {
  readonly key: string;
  readonly at: string;
  readonly points: number;
  readonly code: string;
  readonly value: number;
  readonly currency: string;
  readonly expiresAt: string;
}

export interface HeldRefund {
  readonly refundId: string;
  readonly orderId: string;
  readonly amount: number;
  readonly at: string;
}

export interface Account {
  readonly customerId: string;
  /** Optimistic-concurrency version of the stored item; the domain copies it, the adapter bumps it. */
  readonly version: number;
  readonly lots: readonly Lot[];
  /** Points owed: a reversal larger than what remains is recovered from later earnings. */
  readonly debt: number;
  /** Points ever earned (orders and bonuses) minus points reversed. */
  readonly lifetime: number;
  readonly tier: string;
  readonly tierSince: string;
  /**
   * What counts for the tier within the rolling window: order spend or points, by event time (pruned). A refund's
   * entry is negative, has its order's `at` (it leaves the window with its order) and counts from `effectiveAt`.
   */
  readonly qualifying: readonly {
    readonly at: string;
    readonly amount: number;
    readonly key: string;
    readonly effectiveAt?: string | undefined;
  }[];
  readonly orders: Readonly<Record<string, OrderState>>;
  readonly redemptions: Readonly<Record<string, RedemptionState>>;
  readonly heldRefunds: readonly HeldRefund[];
  /** Business keys of every posting applied: a posting whose key is here is a duplicate. */
  readonly applied: readonly string[];
  readonly orderCount: number;
  /** `now` of the last tick: the tier as of then is settled; later postings can only raise it from then on. */
  readonly lastTickAt?: string | undefined;
  /** Set from the profile when the program has a birthday bonus: the sweep awards it on the day. */
  readonly birthday?: Birthday | undefined;
}

export type LedgerEntryType = 'earn' | 'bonus' | 'reverse' | 'redeem' | 'restore' | 'expire';

/** One line of the append-only ledger. The sum of `points` over all entries = sum of lots' `remaining` - debt. */
export interface LedgerEntry {
  /** Unique business key of the entry, e.g. `earn:order:ord_1`, `reverse:ref_9`, `expire:order:ord_1`. */
  readonly key: string;
  readonly at: string;
  readonly type: LedgerEntryType;
  /** Signed: + earned/restored, - redeemed/reversed/expired. */
  readonly points: number;
  readonly orderId?: string | undefined;
  readonly refundId?: string | undefined;
  readonly redemptionKey?: string | undefined;
  readonly reason?: string | undefined;
}

export type LoyaltyEvent =
  | { readonly type: 'Points Awarded'; readonly key: string; readonly detail: PointsAwarded }
  | { readonly type: 'Points Redeemed'; readonly key: string; readonly detail: PointsRedeemed }
  | { readonly type: 'Points Reversed'; readonly key: string; readonly detail: PointsReversed }
  | { readonly type: 'Points Expiring'; readonly key: string; readonly detail: PointsExpiring }
  | { readonly type: 'Points Expired'; readonly key: string; readonly detail: PointsExpired }
  | { readonly type: 'Tier Changed'; readonly key: string; readonly detail: TierChanged };

interface Base {
  readonly customerId: string;
  /** Idempotency key for consumers: the same posting always yields the same eventId. */
  readonly eventId: string;
  readonly occurredAt: string;
}
export interface PointsAwarded extends Base {
  readonly points: number;
  readonly reason: 'order' | 'signup' | 'birthday' | 'nthOrder' | 'restore' | 'campaign';
  readonly orderId?: string | undefined;
  readonly availableAt: string;
  readonly expiresAt: string | null;
}
export interface PointsRedeemed extends Base {
  readonly points: number;
  readonly code: string;
  readonly value: number;
  readonly currency: string;
  readonly expiresAt: string;
}
export interface PointsReversed extends Base {
  readonly points: number;
  readonly orderId: string;
  readonly refundId: string;
}
export interface PointsExpiring extends Base {
  readonly points: number;
  readonly expiresAt: string;
}
export interface PointsExpired extends Base {
  readonly points: number;
}
export interface TierChanged extends Base {
  readonly from: string;
  readonly to: string;
  readonly direction: 'up' | 'down';
}

/** What happens to an account. Each carries its business key through its ids. */
export type LoyaltyCommand =
  | {
      readonly kind: 'order';
      readonly orderId: string;
      readonly at: string;
      readonly total: number;
      readonly currency: string;
      readonly items: readonly {
        readonly price: number;
        readonly quantity: number;
        readonly category?: string | undefined;
      }[];
      readonly coupon?: string | undefined;
    }
  | {
      readonly kind: 'refund';
      readonly refundId: string;
      readonly orderId: string;
      readonly amount: number;
      readonly at: string;
    }
  | { readonly kind: 'redeem'; readonly key: string; readonly points: number; readonly at: string }
  | { readonly kind: 'signup'; readonly at: string }
  /** Points a campaign gives (a workflow's awardPoints step); `key` is its business key, e.g. the step's. */
  | {
      readonly kind: 'grant';
      readonly key: string;
      readonly points: number;
      readonly reason: string;
      readonly at: string;
    }
  /** The profile's birthday (`YYYY-MM-DD` or `--MM-DD`) and time zone, for the birthday bonus. */
  | { readonly kind: 'profile'; readonly birthday: string; readonly timezone?: string | undefined; readonly at: string }
  | { readonly kind: 'birthday'; readonly year: number; readonly at: string }
  /** The clock moved: release pending points, remind and expire lots, re-evaluate the tier. */
  | { readonly kind: 'tick'; readonly now: string };

export type PostingOutcome =
  | { readonly status: 'applied' }
  | { readonly status: 'duplicate' }
  | { readonly status: 'held' }
  | {
      readonly status: 'refused';
      readonly reason: 'insufficient-points' | 'below-minimum' | 'not-a-step' | 'invalid-points';
      readonly message: string;
    };

export interface PostingResult {
  readonly account: Account;
  readonly entries: readonly LedgerEntry[];
  readonly events: readonly LoyaltyEvent[];
  readonly outcome: PostingOutcome;
  /** For a redemption (new or duplicate): the coupon. */
  readonly redemption?: RedemptionState | undefined;
}

/** The balance as of `now`: pending = lots still in their return window; expired lots count for nothing. */
export interface Balance {
  readonly available: number;
  readonly pending: number;
  readonly lifetime: number;
}
