import type { MessageChannel, Scalar, StepOf } from '../schema/workflow.js';

/**
 * The state and vocabulary of the workflow interpreter (`advance`): one enrollment of one customer in one workflow,
 * the inputs that move it, the facts it reads, and the effects it asks the executor to carry out. Times are ISO-8601
 * strings; nothing here reads the clock.
 */

export type EnrollmentStatus = 'active' | 'exited' | 'converted' | 'held-out';

/** Why an enrollment ended (other than by converting). */
export type ExitReason =
  | 'completed' // reached an exit step
  | 'purged' // reached a purge step
  | 'active-again' // reached a purge step, but the customer was active after entering: not purged
  | 'held-out' // control group of a holdout step
  | 'exit-event' // an event named in the workflow's `exit` criteria
  | 'step-budget' // ran more steps in one advance than allowed (defence against loops)
  | 'unknown-step'; // a reference to a step the workflow does not have (validation forbids it)

export interface Wake {
  /** When the executor should call `advance` with `{ kind: 'wake', token }` (the table's `byDue` index). */
  readonly at: string;
  /** Names this one wait; a wake with another token is stale (fired twice, or after the enrollment moved on). */
  readonly token: string;
}

export interface WaitingFor {
  readonly event: string;
  readonly match: Readonly<Record<string, string | number | boolean>> | null;
  readonly onEvent: string;
  readonly onTimeout: string;
  readonly timeoutAt: string;
  /** When the wait began: only events from then on count. */
  readonly since?: string | undefined;
}

export interface HistoryEntry {
  readonly step: string;
  readonly at: string;
  /** What happened there, e.g. `sent`, `case 0`, `default`, `path 1`, `waiting`, `event`, `timeout`. */
  readonly outcome: string;
}

export interface Enrollment {
  /** `<workflowId>#<customerId>#<key|->`: one enrollment per customer (and correlation key) at a time. */
  readonly id: string;
  readonly workflowId: string;
  /** The workflow version the customer entered with. */
  readonly version: number;
  readonly customerId: string;
  /** The trigger's correlation value (e.g. the cartId), or null when the workflow has no correlation. */
  readonly key: string | null;
  readonly enrolledAt: string;
  readonly status: EnrollmentStatus;
  /** Current step, or the step where it ended; null only before the first step. */
  readonly step: string | null;
  readonly wake: Wake | null;
  readonly waitingFor: WaitingFor | null;
  /** Until when a goal event counts as a conversion; null without a goal or once counted. */
  readonly goalDeadline: string | null;
  /** The last `historyLimit` steps, oldest first. */
  readonly history: readonly HistoryEntry[];
  /**
   * Times each step was entered, across re-entries under the same id, so that idempotency keys
   * (`<id>:<step>:<visit>`) of a later enrollment never repeat those of an earlier one.
   */
  readonly visits: Readonly<Record<string, number>>;
  readonly exitReason: ExitReason | null;
  readonly endedAt: string | null;
  /**
   * The events a message of this enrollment may speak of (`trigger.items` in a template): the one that started it,
   * and the latest one a `waitForEvent` step received. Absent on enrollments that started before they were kept.
   */
  readonly events?: EnrollmentEvents | undefined;
}

/** An event as templates see it: its detail-type, when it happened and its detail. */
export interface EventFacts {
  readonly type: string;
  readonly occurredAt: string;
  readonly detail: Readonly<Record<string, unknown>>;
}

export interface EnrollmentEvents {
  readonly trigger?: EventFacts | undefined;
  readonly waited?: EventFacts | undefined;
}

export interface TriggerEvent {
  readonly detailType: string;
  /** Checked against the trigger's `source` when the workflow names one. */
  readonly source?: string | undefined;
  readonly detail: Readonly<Record<string, unknown>>;
}

export interface IncomingEvent {
  readonly detailType: string;
  readonly source: string;
  readonly detail: Readonly<Record<string, unknown>>;
  readonly occurredAt: string;
}

export type Input =
  | { readonly kind: 'enter'; readonly at: string; readonly customerId: string; readonly trigger: TriggerEvent }
  /** `now` is when it is processed (waits that follow start then); default `event.occurredAt`. */
  | { readonly kind: 'event'; readonly event: IncomingEvent; readonly now?: string | undefined }
  | { readonly kind: 'wake'; readonly now: string; readonly token: string };

/** What a send step's message did, as the executor read it from delivery and tracking events. */
export interface Engagement {
  readonly delivered: boolean;
  readonly opened: boolean;
  readonly clicked: boolean;
}

/** Custom attributes of the profile (`attributes.<name>` in conditions). */
export type Attributes = Readonly<Record<string, Scalar | undefined>>;

export type Profile = Readonly<
  Partial<
    Record<
      'email' | 'phone' | 'firstName' | 'lastName' | 'locale' | 'tier' | 'birthday' | 'registeredAt' | 'lastActiveAt',
      string | null
    >
  >
> & {
  /** IANA time zone, e.g. Asia/Riyadh; `wait.until.localTime` uses UTC without one. */
  readonly timezone?: string | null | undefined;
  readonly consents?: Readonly<Partial<Record<MessageChannel, boolean>>> | undefined;
  readonly attributes?: Attributes | undefined;
};

export type Points = Readonly<Partial<Record<'available' | 'pending' | 'lifetime', number>>>;

export type Stats = Readonly<
  Partial<Record<'orders' | 'revenue' | 'refunded' | 'netRevenue' | 'averageOrderValue', number>> &
    Partial<Record<'firstOrderAt' | 'lastOrderAt' | 'lastActiveAt', string | null>>
>;

/** Facts about the customer, read by the executor before calling `advance`; branch conditions test them. */
export interface Context {
  readonly profile: Profile;
  readonly points?: Points | undefined;
  readonly stats?: Stats | undefined;
  /** By send step id of this enrollment; a step without an entry counts as not delivered, opened or clicked. */
  readonly engagement?: Readonly<Record<string, Engagement>> | undefined;
}

export type Offer = NonNullable<StepOf<'send'>['offer']>;

interface StepEffect {
  readonly step: string;
  /** `<enrollment id>:<step>:<visit>`: the executor carries out each key at most once. */
  readonly idempotencyKey: string;
}

export type Action =
  | (StepEffect & {
      readonly type: 'send';
      readonly channel: MessageChannel;
      readonly template: string;
      readonly fallback: MessageChannel | null;
      readonly offer: Offer | null;
    })
  | (StepEffect & { readonly type: 'awardPoints'; readonly points: number; readonly reason: string })
  | (StepEffect & { readonly type: 'setAttribute'; readonly name: string; readonly value: Scalar })
  | (StepEffect & { readonly type: 'tag'; readonly add: readonly string[]; readonly remove: readonly string[] })
  | (StepEffect & {
      readonly type: 'emit';
      readonly detailType: string;
      readonly detail: Readonly<Record<string, unknown>>;
    })
  | (StepEffect & { readonly type: 'purge'; readonly reason: string | null })
  | { readonly type: 'exit'; readonly reason: ExitReason; readonly step: string | null }
  | {
      readonly type: 'convert';
      /** From the goal's `revenueField`; null when absent or not a number. */
      readonly revenue: number | null;
      /**
       * The converting event's business key (its eventId, else `order:<orderId>`): one order that ends two of a
       * customer's enrollments (two carts) counts its revenue once in the workflow's report.
       */
      readonly key: string | null;
      readonly event: string;
      readonly occurredAt: string;
      /** A held-out customer converting: counts for the control group, not the workflow. */
      readonly control: boolean;
    };

export type ActionType = Action['type'];

export interface AdvanceResult {
  /** The same object as given when nothing changed (a stale wake, an unrelated event); null when never enrolled. */
  readonly enrollment: Enrollment | null;
  readonly actions: readonly Action[];
}
