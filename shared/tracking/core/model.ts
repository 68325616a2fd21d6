import type { MessageEvent } from '../../messaging/core/model.js';
import { hashAddress } from '../../platform/hash.js';

/** What tracking keeps, independent of storage. Times are ISO-8601 strings in UTC. */

export type Channel = 'web' | 'email' | 'sms' | 'whatsapp';
export const consentChannels = ['email', 'sms', 'whatsapp'] as const;
export type ConsentChannel = (typeof consentChannels)[number];

export interface Consent {
  readonly granted: boolean;
  readonly at: string;
  /**
   * How it was given: on the registration form, or later by the customer (`Customer Updated`, an unsubscribe, a STOP
   * reply). Only a later opt-in lifts a purge's suppression (`shared/messaging/core/suppression.ts`).
   */
  readonly via?: 'registration' | 'update';
}

export interface TimelineEntry {
  /** Business key of the event: the same event delivered twice has the same key. */
  readonly key: string;
  readonly occurredAt: string;
  /** The event's detail-type, e.g. `Order Completed`, `Email Clicked`. */
  readonly type: string;
  readonly channel: Channel;
  readonly source: string;
  /** A few non-sensitive facts for the timeline view (ids, totals, the clicked link). */
  readonly data: Readonly<Record<string, string | number | boolean>>;
}

export interface ProfileChange {
  readonly at: string;
  readonly email?: string;
  readonly phone?: string;
  readonly firstName?: string;
  readonly lastName?: string;
  readonly locale?: string;
  readonly timezone?: string;
  readonly birthday?: string;
  readonly consents?: Partial<Record<ConsentChannel, boolean>>;
  readonly attributes?: Readonly<Record<string, string | number | boolean | null>>;
  /** Set on `Customer Registered` only: the first registration time is kept. */
  readonly registered?: boolean;
}

export interface CartSnapshot {
  readonly cartId: string;
  readonly at: string;
  readonly currency: string;
  readonly total: number;
  readonly items: readonly {
    productId: string;
    name: string;
    price: number;
    quantity: number;
    url?: string | undefined;
    image?: string | undefined;
    category?: string | undefined;
  }[];
  readonly email?: string | undefined;
}

export interface OrderRecord {
  readonly orderId: string;
  readonly at: string;
  readonly total: number;
  readonly currency: string;
  readonly itemCount: number;
  readonly cartId?: string | undefined;
  readonly coupon?: string | undefined;
}

export interface RefundRecord {
  readonly orderId: string;
  readonly refundKey: string;
  readonly at: string;
  readonly amount: number;
}

export type IdentityKind = 'email' | 'phone' | 'anonymous';

/** One idempotent effect of an event. Each is safe to apply twice and in any order relative to the others. */
export type TrackingOp =
  | { readonly kind: 'timeline'; readonly customerId: string; readonly entry: TimelineEntry }
  /** `activeAt`: also moves the last activity, in the same write (an event writes the profile once). */
  | {
      readonly kind: 'profile';
      readonly customerId: string;
      readonly change: ProfileChange;
      readonly activeAt?: string;
    }
  | {
      readonly kind: 'identity';
      readonly identity: IdentityKind;
      readonly value: string;
      readonly customerId: string;
      readonly at: string;
    }
  | { readonly kind: 'activity'; readonly customerId: string; readonly at: string }
  | { readonly kind: 'cart'; readonly customerId: string; readonly cart: CartSnapshot }
  | { readonly kind: 'order'; readonly customerId: string; readonly order: OrderRecord; readonly activeAt?: string }
  | { readonly kind: 'refund'; readonly customerId: string; readonly refund: RefundRecord; readonly activeAt?: string }
  | { readonly kind: 'suppress'; readonly address: string; readonly reason: SuppressionReason; readonly at: string }
  | { readonly kind: 'mergeAnonymous'; readonly anonymousId: string; readonly customerId: string }
  /** A provider event about a message Rekindle sent: appended to that message's record (no-op for others). */
  | { readonly kind: 'messageEvent'; readonly messageId: string; readonly event: MessageEvent };

export type SuppressionReason = 'bounce' | 'complaint' | 'unsubscribe' | 'purge';

/** The customer id used for a visitor who has not been tied to a customer yet. */
export const anonymousCustomerId = (anonymousId: string): string => `anon:${anonymousId}`;

export const isAnonymousCustomerId = (customerId: string): boolean => customerId.startsWith('anon:');

/**
 * The provisional id of a guest known only by the email given at a checkout: a guest's cart is theirs, not the
 * device's (a signed-in customer's on a shared one) nor a visitor history's that anyone who knows its cookie could
 * claim. Not yet identified (no facts, no workflows) until an event with a customerId gives that email.
 */
export const guestCustomerId = (email: string): string =>
  anonymousCustomerId(`guest:${hashAddress(email).slice(0, 32)}`);
