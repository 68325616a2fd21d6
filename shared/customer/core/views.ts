import type { Channel, Consent, ConsentChannel, TimelineEntry } from '../../tracking/core/model.js';

/** The customer as the admin API shows it. */
export interface CustomerView {
  readonly customerId: string;
  readonly email: string | null;
  readonly phone: string | null;
  readonly firstName: string | null;
  readonly lastName: string | null;
  readonly locale: string | null;
  readonly timezone: string | null;
  readonly birthday: string | null;
  readonly registeredAt: string | null;
  readonly lastActiveAt: string | null;
  readonly consents: Readonly<Record<ConsentChannel, Consent | null>>;
  readonly attributes: Readonly<Record<string, unknown>>;
  readonly stats: {
    readonly orders: number;
    readonly revenue: number;
    readonly refunded: number;
    readonly netRevenue: number;
    readonly averageOrderValue: number;
    readonly firstOrderAt: string | null;
    readonly lastOrderAt: string | null;
    readonly lastActiveAt: string | null;
  };
  readonly carts: readonly CartView[];
  /** Revenue and refunds per currency (`stats` adds amounts as they come, whatever their currency). */
  readonly revenueByCurrency: Readonly<Record<string, { readonly revenue: number; readonly refunded: number }>>;
  /** The nightly classes (`shared/segments/`): null until a run scored the customer, or after they left the window. */
  readonly segments: {
    readonly rfm: {
      readonly r: number;
      readonly f: number;
      readonly m: number;
      readonly segment: string;
      readonly at: string;
    } | null;
    readonly abc: 'A' | 'B' | 'C' | null;
  };
}

export interface CartView {
  readonly cartId: string;
  readonly status: 'open' | 'ordered';
  readonly total: number;
  readonly currency: string;
  readonly items: readonly unknown[];
  readonly updatedAt: string | null;
  readonly orderId: string | null;
}

export interface TimelineQuery {
  readonly channel?: Channel | undefined;
  readonly type?: string | undefined;
  readonly limit: number;
  readonly cursor?: string | undefined;
}

export interface TimelinePage {
  readonly items: readonly TimelineEntry[];
  readonly nextCursor: string | null;
}

/** Money sums are kept to cents so float drift never shows. */
export const roundMoney = (n: number): number => Math.round(n * 100) / 100;
