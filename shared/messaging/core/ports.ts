import type { Engagement, EnrollmentEvents, Offer } from '../../workflow/core/interpreter/types.js';
import type { MessageChannel } from '../../workflow/core/schema/workflow.js';
import type { CartFacts, LoyaltyFacts, MessagePage, MessageRecord, Recipient, StatusEntry } from './model.js';
import type { TemplateFolder } from './templates/render.js';
import type { WhatsAppTemplate } from './templates/whatsapp.js';

/**
 * The boundary between the workflow executor and messaging: a workflow's send step becomes one `SendRequest`;
 * messaging owns everything after it (consent, suppression, quiet hours, caps, rendering, the provider, the
 * record of the message). The executor hands each request over once it has committed the step, and may hand the
 * same request over again after a crash: `submit` is idempotent on `idempotencyKey` (a message is sent at most once
 * per enrollment step).
 */
export interface SendRequest {
  /** `<enrollment id>:<step>:<visit>`: the business key of this message. */
  readonly idempotencyKey: string;
  readonly customerId: string;
  readonly channel: MessageChannel;
  /** Used instead of `channel` when that channel has no consent or no address. */
  readonly fallback: MessageChannel | null;
  /** Template folder name, e.g. `cart-reminder` (workflows/templates/cart-reminder/). */
  readonly template: string;
  readonly offer: Offer | null;
  readonly workflow: {
    readonly id: string;
    readonly version: number;
    readonly priority: number;
    /** The workflow's cap: at most this many messages to one customer in 24 hours (`caps.maxMessagesPerDay`). */
    readonly maxMessagesPerDay?: number | undefined;
  };
  readonly enrollmentId: string;
  readonly step: string;
  /** The enrollment's correlation value, e.g. the cartId whose items the message shows; null without one. */
  readonly key: string | null;
  /** When the step ran (the engine's clock): quiet hours and caps are judged from here. */
  readonly at: string;
  /** The enrollment's trigger event and the last event it waited for: `trigger` and `event` in templates. */
  readonly events?: EnrollmentEvents | undefined;
}

export type SubmitOutcome =
  /** Handed to the provider (or accepted for a later send, e.g. after quiet hours). */
  | { readonly status: 'sent' | 'scheduled'; readonly channel: MessageChannel; readonly messageId: string | null }
  /** Not sent, and never will be for this key: no consent, suppressed, capped, no address... */
  | { readonly status: 'skipped'; readonly reason: string }
  /**
   * Not sent because something is broken that a person must fix: the template does not render, or the provider
   * refused the message for good. Recorded as `failed` with the reason, and listed in `GET /problems`.
   */
  | { readonly status: 'failed'; readonly reason: string }
  /** The key was submitted before: nothing done now. */
  | { readonly status: 'duplicate' };

export interface Messenger {
  submit(request: SendRequest): Promise<SubmitOutcome>;
}

/** What the messages of one enrollment did, by send step id (from delivery, open and click events). */
export interface EngagementReader {
  engagementFor(customerId: string, enrollmentId: string): Promise<Readonly<Record<string, Engagement>>>;
}

/** `GET /customers/{id}/messages`: every message of a customer, sent or skipped, newest first; and `GET /problems`. */
export interface MessageReader extends ProblemReader {
  messages(customerId: string, limit: number, cursor?: string): Promise<MessagePage>;
}

/** What messaging reads about the customer before a send. */
export interface MessagingFacts {
  /** Null when nothing is known about the customer, or they were purged. */
  recipient(customerId: string): Promise<Recipient | null>;
  /** Whether the customer was purged (and has not come back since): nothing is sent, nothing recorded. */
  erased(customerId: string): Promise<boolean>;
  /** The customer's cart with this id (tracked from `Cart Updated`); null when there is none. */
  cart(customerId: string, cartId: string): Promise<CartFacts | null>;
  /** Points and tier as of `at`; null without a loyalty account. */
  loyalty(customerId: string, at: string): Promise<LoyaltyFacts | null>;
  /**
   * Whether the address is suppressed for the channel (bounces and purges: every channel; a STOP reply: its own),
   * unless it was a purge's and the customer opted in again after it (`optedInAt`).
   */
  isSuppressed(address: string, channel: MessageChannel, optedInAt?: string): Promise<boolean>;
  /** Messages (not skipped) this workflow sent the customer at or after `since`. */
  sentSince(customerId: string, workflowId: string, since: string): Promise<number>;
}

/** The template folders (`workflows/templates/<name>/`). */
export interface TemplateSource {
  /** Null when there is no such folder. */
  folder(name: string): Promise<TemplateFolder | null>;
}

export interface UnsubscribeLink {
  /** The https link for the `List-Unsubscribe` header (one-click POST) and the visible link. */
  readonly url: string;
  readonly mailto: string | null;
}

/** Seam for unsubscribe tokens: the link a message carries for its recipient and channel. */
export interface UnsubscribeLinks {
  /** `at`: when the step ran (the engine's clock); the link expires a fixed time after it. */
  linkFor(customerId: string, channel: MessageChannel, idempotencyKey: string, at: string): UnsubscribeLink;
}

/** Tags that tie provider events back to the workflow: workflowId, stepId, customerId. */
export type MessageTags = Readonly<Record<'workflowId' | 'stepId' | 'customerId', string>>;

export type OutboundMessage =
  | {
      readonly channel: 'email';
      readonly to: string;
      readonly subject: string;
      readonly html: string;
      readonly text: string;
      readonly unsubscribe: UnsubscribeLink;
      readonly tags: MessageTags;
    }
  | { readonly channel: 'sms'; readonly to: string; readonly text: string; readonly tags: MessageTags }
  | {
      readonly channel: 'whatsapp';
      readonly to: string;
      readonly template: WhatsAppTemplate;
      readonly tags: MessageTags;
    };

/** Hands a message to its provider. Throws `NotSentError` only when the provider provably did not take it. */
export interface Sender {
  send(message: OutboundMessage): Promise<{ readonly messageId: string }>;
}

/** The record of every message; `claim` is the commit point that makes a send happen at most once per key. */
export interface MessageLog {
  /** Writes the record unless one with its idempotency key exists; false: it does (the submit is a duplicate). */
  claim(record: MessageRecord): Promise<boolean>;
  /** Removes a claim whose send provably did not happen, so that a later submit tries again. */
  release(record: MessageRecord): Promise<void>;
  /** The provider took the message: the record says sent, and the provider's id leads back to it. */
  markSent(record: MessageRecord, providerMessageId: string, at: string): Promise<void>;
  /** A claimed message the provider refused for good: `sending` -> `failed`, with the reason in `entry`. */
  markFailed(record: MessageRecord, entry: StatusEntry): Promise<boolean>;
  /** Lists a failed message among the problems a marketer reads (`GET /problems`); idempotent. */
  noteProblem(message: MessageRef & Pick<MessageRecord, 'at'>): Promise<void>;
}

/** `GET /problems`: failed messages across all customers, newest first, each with its reason. */
export interface ProblemReader {
  problems(limit: number): Promise<readonly MessageRecord[]>;
}

/** A message held back (quiet hours, the send rate, a throttling provider): the request to send it when due. */
export interface HeldMessage {
  readonly request: SendRequest;
  readonly dueAt: string;
  /** How many times the provider throttled it so far. */
  readonly attempts: number;
}

/** Which message record: the customer and the idempotency key. */
export type MessageRef = Pick<MessageRecord, 'customerId' | 'idempotencyKey'>;

/** Held messages: records in status `scheduled`, found by due time on the timer index (never a scan). */
export interface HeldMessageStore {
  /** Records the message as scheduled, due at `dueAt`, unless its key exists (false: the submit is a duplicate). */
  hold(record: MessageRecord, request: SendRequest, dueAt: string): Promise<boolean>;
  /** Every held message due at or before `now`. */
  due(now: string): Promise<HeldMessage[]>;
  /** The earliest due time after `after` (the local clock stops there). */
  earliestDueAt(after: string): Promise<string | null>;
  /**
   * scheduled -> sending, with the channel and rendered fields of `record`, and off the index: the commit point of
   * its send (false: another sweep took it).
   */
  claim(record: MessageRecord): Promise<boolean>;
  /** Due again at `dueAt`, with `entry` in its history: still quiet, or the provider asked to slow down. */
  reschedule(message: MessageRef, from: 'scheduled' | 'sending', dueAt: string, entry: StatusEntry): Promise<boolean>;
  /**
   * sending -> scheduled after the provider throttled it: due again at `dueAt`, the request kept with the record
   * (a fresh submit's claim has none yet) and `attempts` the throttled attempts so far.
   */
  retry(
    record: MessageRecord,
    request: SendRequest,
    dueAt: string,
    attempts: number,
    entry: StatusEntry,
  ): Promise<boolean>;
  /** Skipped for good, the reason in `entry`. */
  skip(message: MessageRef, from: 'scheduled' | 'sending', entry: StatusEntry): Promise<boolean>;
  /** Failed for good (a template that does not render, a provider's refusal), the reason in `entry`. */
  fail(message: MessageRef, from: 'scheduled' | 'sending', entry: StatusEntry): Promise<boolean>;
}

/** What one run of the held-message sweep did. */
export interface HeldSweepOutcome {
  readonly due: number;
  readonly sent: number;
  readonly skipped: number;
  /** Left due for the next run (a provider that throttled, a failing read). */
  readonly failed: readonly { readonly key: string; readonly error: unknown }[];
}

/** Sends the held messages that are due: every minute on AWS, at each due time as the local clock moves. */
export interface HeldMessages {
  sendDue(now: string): Promise<HeldSweepOutcome>;
  earliestDueAt(after: string): Promise<string | null>;
}
