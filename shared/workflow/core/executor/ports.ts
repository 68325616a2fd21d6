import type { TrackedCustomer } from '../../../tracking/core/fact.js';
import type { FactsNeeded } from '../interpreter/facts-needed.js';
import type { Action, Context, Enrollment, IncomingEvent } from '../interpreter/types.js';
import type { Workflow } from '../schema/workflow.js';

/**
 * What the workflow executor needs from the world: enrollments with their outbox (the commit point), the published
 * workflow versions, the customer's facts, recent events (for events that arrived before the trigger), the
 * effects of steps, and counters for reports.
 */

/** An interpreter action waiting to be carried out, with when the step ran. */
export interface PendingAction {
  readonly action: Action;
  readonly at: string;
}

/** Report counters to add, e.g. `{ entered: 1, 'step:email-1': 1 }`. */
export type Counts = Readonly<Record<string, number>>;

export interface Outbox {
  readonly actions: readonly PendingAction[];
  /** Per workflow version, e.g. `{ "abandoned-cart#2": { entered: 1 } }`. */
  readonly counts: Readonly<Record<string, Counts>>;
}

export interface StoredEnrollment {
  readonly enrollment: Enrollment;
  /** Bumped by every commit; 0 before the first. */
  readonly revision: number;
  /** Effects of committed steps not yet carried out: completed after the commit, or by the timer sweep. */
  readonly outbox: Outbox;
  /** Ids of the last events applied to it (triggers too), so a redelivered event changes nothing. */
  readonly applied: readonly string[];
}

export interface EnrollmentRef {
  readonly customerId: string;
  readonly enrollmentId: string;
}

export interface EnrollmentStore {
  load(ref: EnrollmentRef): Promise<StoredEnrollment | null>;
  /** Every enrollment of a customer, in any status (a customer has a handful). */
  ofCustomer(customerId: string): Promise<StoredEnrollment[]>;
  /**
   * Writes `next` (revision = expectedRevision + 1) only if the stored revision is still `expectedRevision`
   * (0: no item yet). `dueAt` puts it on the timer index (a wake, or an outbox to complete). False: lost the race.
   */
  commit(next: StoredEnrollment, expectedRevision: number, dueAt: string | null): Promise<boolean>;
  /**
   * Empties the outbox if still at `revision` and not emptied yet, and sets the real due time. True for the one
   * caller that emptied it (two flushers may race; only the winner adds the counters). `enrollment`: the same
   * enrollment with what its effects did written into its history (a send that failed), stored with it.
   */
  clearOutbox(ref: EnrollmentRef, revision: number, dueAt: string | null, enrollment?: Enrollment): Promise<boolean>;
  /** Enrollments due at or before `now`, found by time on the index; never a scan of all enrollments. */
  due(now: string): Promise<EnrollmentRef[]>;
  /** The earliest due time after `after` (the local clock jumps from one to the next). */
  earliestDueAt(after: string): Promise<string | null>;
}

export interface WorkflowCatalog {
  /** The newest published version of each workflow (paused ones too: their enrollments go on). */
  latest(): readonly Workflow[];
  /** A published version; undefined when it was never published here. */
  version(id: string, version: number): Promise<Workflow | undefined>;
  /** Whether any published version (in-flight enrollments may be on an old one) can act on this detail-type. */
  hears(detailType: string): boolean;
}

export interface CustomerFacts {
  /**
   * Profile, points, stats and the engagement of this enrollment's messages, read before each advance; only the
   * parts `needs` names (all without it): a workflow without conditions reads nothing. `known`: the customer as a
   * tracked fact carried them, used instead of reading the profile.
   */
  context(customerId: string, enrollmentId: string, needs?: FactsNeeded, known?: TrackedCustomer): Promise<Context>;
  /**
   * The customer's events that occurred at or after `since` and were tracked before this call, oldest first, with the
   * id the executor dedupes on: replayed into a new enrollment, so an order that overtook its trigger counts.
   */
  eventsSince(customerId: string, since: string): Promise<(IncomingEvent & { readonly id: string })[]>;
}

/** A step whose effect could not be carried out, and will not be by trying again (a message that failed). */
export interface EffectFailure {
  readonly step: string;
  readonly reason: string;
}

/**
 * Carries out a step's effect; idempotent on the action's `idempotencyKey` (the outbox may run it again). Returns
 * the failure when the effect failed for good (recorded where it happened), so the enrollment and the report show it.
 */
export interface Effects {
  // biome-ignore lint/suspicious/noConfusingVoidType: most effects report nothing, and are written as plain async functions
  perform(enrollment: Enrollment, workflow: Workflow, pending: PendingAction): Promise<EffectFailure | void>;
}

/**
 * Report counters per workflow version (`ADD`s), added by whoever empties the outbox: a flush that races another
 * never counts twice; a crash between emptying and adding loses that transition's counts (reports, not ledgers).
 */
export interface WorkflowCounters {
  add(workflowId: string, version: number, counts: Counts): Promise<void>;
  /**
   * Whether this enrollment is the one whose conversion counts the revenue of the event with this key in this
   * workflow (the first to claim it; the same enrollment asking again still is).
   */
  claimRevenue(workflowId: string, key: string, enrollmentId: string): Promise<boolean>;
  read(workflowId: string): Promise<Readonly<Record<number, Counts>>>;
}

/** The next time a date-triggered workflow enrols one customer (birthday, anniversary, fixed, recurring, occasion). */
export interface DateTimer {
  readonly customerId: string;
  readonly workflowId: string;
  readonly at: string;
  /** The customer's calendar day of that occurrence: entering on it is idempotent on this. */
  readonly day: string;
}

/** One timer per customer and date workflow, found by time like enrollment wakes. */
export interface DateTimerStore {
  get(customerId: string, workflowId: string): Promise<DateTimer | null>;
  /** Sets (or, with null `at`, removes) the customer's next occurrence. */
  set(customerId: string, workflowId: string, next: { at: string; day: string } | null): Promise<void>;
  due(now: string): Promise<DateTimer[]>;
  earliestDueAt(after: string): Promise<string | null>;
}
