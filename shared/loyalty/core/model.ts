import type { Birthday } from './birthday.js';

/**
 * The loyalty account of one customer, as one value: the single DynamoDB item that is the commit point of every
 * posting. It holds only what the rules need, bounded by the program's windows and never by the customer's history:
 * lots by expiry month and release day, the tier amounts by month, counters. What belongs to one order, redemption or
 * bonus lives in its own record (`LoyaltyRecord`), which the service loads for the postings that need it (`Known`).
 * Ledger entries, events and records are derived from postings and written after the commit (the outbox).
 * Times are UTC ISO strings; points are integers.
 */

/**
 * Points that expire together and become spendable together ("expiry by lots"). Points expire at the start of the
 * month after the one they turn `expiry.after` old in, and the points of an order become spendable at the midnight
 * (UTC) after its return window: so a customer has at most one lot per expiry month, plus one per release day while
 * points are pending, however often they buy. Named by `lotKey`: `<expiry date>` (`never` without expiry), and
 * `<expiry date>@<release date>` while pending.
 */
export interface Lot {
  /** Not yet spent, reversed or expired. */
  readonly remaining: number;
  /** The start of a month (UTC); null when the program has no expiry. */
  readonly expiresAt: string | null;
  /** Pending lots only: the midnight (UTC) from which their points can be spent. */
  readonly availableAt?: string | undefined;
  /** Set once `Points Expiring` was emitted for this lot. */
  readonly remindedAt?: string | undefined;
}

/**
 * What counts for the tier, grouped by the month it stops counting (an entry counts for the program's window, to the
 * end of that month). Spend in cents, or points; net of refunds and reversals.
 */
export interface TierAmount {
  /** The start of the month from which it no longer counts. */
  readonly until: string;
  /** It counts from its earliest purchase (or award). */
  readonly from: string;
  readonly amount: number;
}

/** What one order earned, and what its refunds took back so far: on the order's own record. */
export interface OrderState {
  readonly at: string;
  readonly total: number;
  /** Points the order earned (its own credit, bonuses excluded). */
  readonly points: number;
  /** Refunded amount so far (sum of applied refunds). */
  readonly refunded: number;
  /** Points reversed so far for this order. */
  readonly reversed: number;
  /** The redemption whose coupon paid for part of this order, and the points it cost. */
  readonly redemption?: { readonly key: string; readonly points: number } | undefined;
  /** Redeemed points given back so far because of refunds of this order. */
  readonly restored: number;
  /** The order's currency; absent means the program's. Totals and refunds stay in it. */
  readonly currency?: string | undefined;
  /** Program currency per unit of the order's currency, as of the order's date: what it earned and qualified on. */
  readonly rate?: number | undefined;
}

export interface HeldRefund {
  readonly refundId: string;
  readonly orderId: string;
  readonly amount: number;
  readonly at: string;
}

/** An order's record: the order once posted, and its refunds (held until the order comes). */
export interface OrderRecord {
  readonly orderId: string;
  readonly order?: OrderState | undefined;
  /** Ids of every refund of this order applied or held: a refund whose id is here is a duplicate. */
  readonly refunds: readonly string[];
  /** Refunds that arrived before their order, in arrival order. */
  readonly held: readonly HeldRefund[];
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

/** A redemption's record, found by its coupon code (derived from its key): `usedBy` the order that quoted it. */
export interface CouponRecord extends RedemptionState {
  readonly usedBy?: string | undefined;
}

/** Records the postings read and write beside the account; each is a posting's proof that it was applied. */
export type LoyaltyRecord =
  | { readonly kind: 'order'; readonly record: OrderRecord }
  | { readonly kind: 'coupon'; readonly record: CouponRecord }
  /** A bonus or grant applied (its business key, e.g. `bonus:signup`, `grant:<key>`). */
  | { readonly kind: 'posting'; readonly key: string };

export type RecordKey =
  | { readonly kind: 'order'; readonly orderId: string }
  | { readonly kind: 'coupon'; readonly code: string }
  | { readonly kind: 'posting'; readonly key: string };

/**
 * The records a command needs, as stored when the account was read (see `recordKeys`): null for none. The core never
 * reads them itself; a command posted without the records it needs is a programming error (it throws).
 */
export interface Known {
  /** Order and refund: the record of the command's order. */
  readonly order?: OrderRecord | null | undefined;
  /** Redeem: the redemption with this key's code; order: the one the order's coupon names. */
  readonly coupon?: CouponRecord | null | undefined;
  /** Signup, grant, birthday: whether the command's own key was applied. */
  readonly applied?: boolean | undefined;
}

/** One of the earliest orders (see `Account.firstOrders`). */
export interface RankedOrder {
  readonly orderId: string;
  readonly at: string;
  /** The nth-order bonus this order holds now (credited with its points, pending with them). */
  readonly bonus?: { readonly n: number; readonly points: number } | undefined;
  /** Fully refunded: its bonus was reversed, and it gets none however its rank changes. */
  readonly void?: true | undefined;
}

export interface Account {
  readonly customerId: string;
  /** Optimistic-concurrency version of the stored item; the domain copies it, the adapter bumps it. */
  readonly version: number;
  /** At most one per expiry month, plus one per release day of pending points. */
  readonly lots: readonly Lot[];
  /** Points owed: a reversal larger than what remains is recovered from later earnings. */
  readonly debt: number;
  /** Points ever earned (orders and bonuses) minus points reversed. */
  readonly lifetime: number;
  readonly tier: string;
  readonly tierSince: string;
  /** The tier's qualifying amounts within the rolling window, by month (pruned by ticks). */
  readonly qualifying: readonly TierAmount[];
  /** Distinct orders that earn (in the program's currency, or converted), for the nth-order bonuses. */
  readonly orderCount: number;
  /**
   * The earliest orders by their own time (then id), as many as the program's largest nth-order bonus: which order is
   * nth, whatever order they arrived in, and the bonus each holds. Bounded by the program, not by history. Absent on
   * accounts stored before it: read as empty.
   */
  readonly firstOrders?: readonly RankedOrder[] | undefined;
  /** Years whose birthday bonus was paid, the latest two (a tick looks a week back at most). */
  readonly birthdayYears: readonly number[];
  /** `now` of the last tick: the tier as of then is settled; later postings can only raise it from then on. */
  readonly lastTickAt?: string | undefined;
  /** Set from the profile when the program has a birthday bonus: the sweep awards it on the day. */
  readonly birthday?: Birthday | undefined;
}

export type LedgerEntryType = 'earn' | 'bonus' | 'reverse' | 'redeem' | 'restore' | 'expire';

/** One line of the append-only ledger. The sum of `points` over all entries = sum of lots' `remaining` - debt. */
export interface LedgerEntry {
  /** Unique business key of the entry, e.g. `earn:order:ord_1`, `reverse:ord_1/ref_9`, `expire:2028-02-01@<tick>`. */
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
      /**
       * Program currency per unit of `currency` as of the order's date (set by the service from the rate table): an
       * order in another currency earns on its converted amount; without a rate it is refused, never earns 0 silently.
       */
      readonly rate?: number | undefined;
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
      readonly reason: 'insufficient-points' | 'below-minimum' | 'not-a-step' | 'invalid-points' | 'no-exchange-rate';
      readonly message: string;
    };

export interface PostingResult {
  readonly account: Account;
  readonly entries: readonly LedgerEntry[];
  readonly events: readonly LoyaltyEvent[];
  /** Records to write (whole, as they are now): the posting's own record last. */
  readonly records: readonly LoyaltyRecord[];
  readonly outcome: PostingOutcome;
  /** For a redemption (new or duplicate): the coupon. */
  readonly redemption?: RedemptionState | undefined;
}

/**
 * The balance as of `now`: pending = lots still in their return window; expired lots count for nothing. Points owed
 * (a refund reversed points already spent) are set against the available ones: `available` is never below 0, and
 * what they do not cover is `debt`, repaid first by the next points earned. available + pending - debt = the ledger.
 */
export interface Balance {
  readonly available: number;
  readonly pending: number;
  readonly lifetime: number;
  /** Present only when points are owed beyond the available ones. */
  readonly debt?: number | undefined;
}
