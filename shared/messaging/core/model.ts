import type { MessageChannel } from '../../workflow/core/schema/workflow.js';

/** What messaging keeps and shows, independent of storage. Times are ISO-8601 strings in UTC. */

/** The customer as messaging needs them: addresses, language, consents, and a few facts for templates. */
export interface Recipient {
  readonly customerId: string;
  readonly email: string | null;
  readonly phone: string | null;
  readonly firstName: string | null;
  readonly lastName: string | null;
  readonly locale: string | null;
  readonly timezone: string | null;
  readonly birthday: string | null;
  /** Marketing consent per channel; absent means never given (opt-in: no consent). */
  readonly consents: Readonly<Partial<Record<MessageChannel, boolean>>>;
  /** When the customer opted in to a channel after registering (the consent in force, given by an update). */
  readonly optedInAt?: Readonly<Partial<Record<MessageChannel, string>>>;
  readonly attributes: Readonly<Record<string, unknown>>;
}

export interface CartLine {
  readonly productId: string;
  readonly name: string;
  readonly price: number;
  readonly quantity: number;
  readonly url: string | null;
  readonly image: string | null;
}

export interface CartFacts {
  readonly cartId: string;
  readonly items: readonly CartLine[];
  readonly total: number;
  readonly currency: string;
  /** The storefront page of the cart (from the messaging configuration), null without one. */
  readonly url: string | null;
}

export interface LoyaltyFacts {
  readonly points: { readonly available: number; readonly pending: number; readonly lifetime: number };
  readonly tier: string | null;
}

export interface Coupon {
  readonly code: string;
  readonly percent: number | null;
  readonly amount: number | null;
  /** Currency of `amount` (the shop's), for the `money` filter. */
  readonly currency: string;
  readonly expiresAt: string;
}

/** Where a message's life went: the first entry is how the send ended, the others come from the provider. */
export type MessageStatus =
  | 'sending' // claimed, the provider call not known to have finished
  | 'scheduled' // held back (quiet hours): sent, or skipped with the reason, when due
  | 'sent'
  | 'skipped'
  | 'failed' // could not be sent, and trying again will not help until someone fixes it (a template, an address)
  | 'delivered'
  | 'opened'
  | 'clicked'
  | 'unsubscribed' // through the message's signed link
  | 'bounced'
  | 'complained';

export interface StatusEntry {
  readonly status: MessageStatus;
  readonly at: string;
  /** A skip's or a failure's reason, the clicked link, a bounce type. */
  readonly detail?: string | undefined;
}

/** An event about a sent message (SES delivery, open, click..., an unsubscribe), keyed so a repeat is applied once. */
export interface MessageEvent {
  readonly key: string;
  readonly status: Extract<
    MessageStatus,
    'delivered' | 'opened' | 'clicked' | 'unsubscribed' | 'bounced' | 'complained'
  >;
  readonly at: string;
  readonly detail?: string | undefined;
}

/** The record of one message, sent or skipped, as stored and as `GET /customers/{id}/messages` shows it. */
export interface MessageRecord {
  readonly idempotencyKey: string;
  readonly customerId: string;
  /** When the workflow step ran. */
  readonly at: string;
  /** The channel used; null when skipped before one was chosen. */
  readonly channel: MessageChannel | null;
  readonly template: string;
  /** The locale of the template file used, e.g. `ar` for an `ar-SA` customer; null when skipped. */
  readonly locale: string | null;
  /** SHA-256 (hex) of the rendered body (email HTML, SMS text, WhatsApp message JSON); null when skipped. */
  readonly contentHash: string | null;
  readonly workflow: { readonly id: string; readonly version: number };
  readonly step: string;
  readonly enrollmentId: string;
  readonly providerMessageId: string | null;
  readonly coupon: Pick<Coupon, 'code' | 'expiresAt'> | null;
  /**
   * Set when the customer got a template in another language than theirs (no `ar.mjml` for an `ar-SA` customer):
   * their locale and the template's. Absent or null when the message is in their language.
   */
  readonly localeFallback?: LocaleFallback | null;
  /** The most advanced status reached (see `statusRank`). */
  readonly status: MessageStatus;
  readonly history: readonly StatusEntry[];
}

export interface LocaleFallback {
  readonly customerLocale: string;
  readonly templateLocale: string;
}

export interface MessagePage {
  readonly items: readonly MessageRecord[];
  readonly nextCursor: string | null;
}

const rank: Readonly<Record<MessageStatus, number>> = {
  sending: 0,
  scheduled: 1,
  skipped: 2,
  failed: 3,
  sent: 4,
  delivered: 5,
  opened: 6,
  clicked: 7,
  unsubscribed: 8,
  bounced: 9,
  complained: 10,
};

/** The status that sums up a history: events arrive out of order, so the furthest one wins, not the last. */
export function currentStatus(history: readonly StatusEntry[]): MessageStatus {
  let status: MessageStatus = 'sending';
  for (const entry of history) if (rank[entry.status] > rank[status]) status = entry.status;
  return status;
}
