import { retryOnConflict } from '../../../platform/retry-on-conflict.js';
import type { TrackedCustomer } from '../../../tracking/core/fact.js';
import { advance, enrollmentId, enrollmentIdFor } from '../interpreter/advance.js';
import { enteredByEvents, matchesTrigger } from '../interpreter/events.js';
import { factsNeeded } from '../interpreter/facts-needed.js';
import { mayEnter } from '../interpreter/reentry.js';
import type { AdvanceResult, Enrollment, IncomingEvent, Input } from '../interpreter/types.js';
import type { Workflow } from '../schema/workflow.js';
import { countsOf, lessRevenue, statsOf, sumCounts } from './counts.js';
import { DateTriggers } from './date-triggers.js';
import { failureCounts, withFailures } from './failures.js';
import { migrate } from './migrate.js';
import type {
  CustomerFacts,
  DateTimerStore,
  EffectFailure,
  Effects,
  EnrollmentRef,
  EnrollmentStore,
  Outbox,
  PendingAction,
  StoredEnrollment,
  WorkflowCatalog,
  WorkflowCounters,
} from './ports.js';

/** An event about a customer, as the workflow function receives it. */
export interface WorkflowEvent extends IncomingEvent {
  /** The business key the executor dedupes on (the storefront's eventId, a Rekindle event's eventId). */
  readonly id: string;
  readonly customerId: string;
  /** The customer as tracking left them (a tracked fact carries it): then nobody reads the profile again. */
  readonly customer?: TrackedCustomer | undefined;
}

export interface ExecutorDeps {
  readonly store: EnrollmentStore;
  readonly catalog: WorkflowCatalog;
  readonly facts: CustomerFacts;
  readonly effects: Effects;
  readonly counters: WorkflowCounters;
  readonly dates: DateTimerStore;
  readonly now: () => Date;
}

export interface EventOutcome {
  /** Enrollments this event started. */
  readonly entered: readonly string[];
  /** Enrollments it moved (goal, exit, the event waited for). */
  readonly advanced: readonly string[];
}

export interface SweepOutcome {
  readonly due: number;
  readonly woken: number;
  readonly failed: readonly { readonly ref: EnrollmentRef; readonly error: unknown }[];
}

/** What to commit: the interpreter's result, on the workflow version it ran. */
interface Decision {
  readonly workflow: Workflow;
  readonly result: AdvanceResult;
  /** It starts an enrollment (counted as entered). */
  readonly entered?: boolean;
}

const maxConflicts = 30;
/** Event ids remembered per enrollment: redeliveries come within hours, and a customer's events are few. */
const appliedLimit = 100;

/**
 * Runs enrollments through the interpreter on real storage. Each change is one conditional write of the
 * enrollment item (its revision), carrying the effects it decided in an outbox; effects are carried out only
 * after that write won, each idempotent on its key, and the outbox is cleared after. A crash in between leaves
 * the item due now, so the timer sweep completes it: nothing lost, nothing done twice (messages: at most once).
 */
export class WorkflowExecutor {
  private readonly dates: DateTriggers;

  constructor(private readonly deps: ExecutorDeps) {
    this.dates = new DateTriggers(deps, (workflow, ref, triggerId, input) =>
      this.enter(workflow, ref, triggerId, input),
    );
  }

  /** Whether any published workflow can act on this kind of event (the handler skips the rest without a read). */
  hears(detailType: string): boolean {
    return this.deps.catalog.hears(detailType);
  }

  /** An event: enters the workflows it triggers, then moves the customer's other enrollments that wait on it. */
  async onEvent(event: WorkflowEvent): Promise<EventOutcome> {
    if (!this.hears(event.detailType)) return { entered: [], advanced: [] };
    const entered: string[] = [];
    const advanced: string[] = [];
    /** Workflows this event enrolled into: as in `simulate`, it is not also delivered to their other enrollments. */
    const triggered = new Set<string>();
    const now = this.nowIso();
    const trigger = { detailType: event.detailType, source: event.source, detail: event.detail };
    for (const workflow of this.deps.catalog.latest()) {
      if (!enteredByEvents(workflow) || !matchesTrigger(workflow, trigger)) continue;
      const ref = {
        customerId: event.customerId,
        enrollmentId: enrollmentIdFor(workflow, event.customerId, event.detail),
      };
      const input: Input = { kind: 'enter', at: event.occurredAt, customerId: event.customerId, trigger };
      const done = await this.enter(workflow, ref, event.id, input, event.customer);
      if (done?.status === 'active' || done?.status === 'held-out') {
        entered.push(ref.enrollmentId);
        triggered.add(workflow.id);
        await this.replay(ref, done, event.id);
      }
    }
    if (profileEvents.has(event.detailType)) {
      await this.dates.schedule(event.customerId, maxIso(event.occurredAt, now));
    }
    for (const stored of await this.deps.store.ofCustomer(event.customerId)) {
      const { enrollment } = stored;
      if (triggered.has(enrollment.workflowId) || !listening(enrollment, event.occurredAt)) continue;
      const ref = { customerId: event.customerId, enrollmentId: enrollment.id };
      if (await this.deliver(ref, event, now)) advanced.push(enrollment.id);
    }
    return { entered, advanced };
  }

  /**
   * The timer sweep: enrols customers whose date came (birthday, occasion...), completes outboxes left by a crash
   * and fires the wakes that are due.
   */
  async sweep(): Promise<SweepOutcome> {
    const now = this.nowIso();
    const failed: { ref: EnrollmentRef; error: unknown }[] = [];
    const dates = await this.deps.dates.due(now);
    for (const timer of dates) {
      try {
        await this.dates.enterOn(timer);
      } catch (error) {
        failed.push({
          ref: { customerId: timer.customerId, enrollmentId: enrollmentId(timer.workflowId, timer.customerId, null) },
          error,
        });
      }
    }
    const due = await this.deps.store.due(now);
    let woken = 0;
    for (const ref of due) {
      try {
        if (await this.wake(ref, now)) woken++;
      } catch (error) {
        failed.push({ ref, error }); // stays due: the next sweep tries again, the others go on
      }
    }
    return { due: due.length + dates.length, woken, failed };
  }

  /** The earliest time after `after` something is due (for the local clock). */
  async earliestDueAt(after: string): Promise<string | null> {
    const times = await Promise.all([this.deps.store.earliestDueAt(after), this.deps.dates.earliestDueAt(after)]);
    return times.filter((t): t is string => t !== null).sort()[0] ?? null;
  }

  /** Starts an enrollment if the re-entry policy allows; a new one under an old id starts on the newest version. */
  private enter(
    workflow: Workflow,
    ref: EnrollmentRef,
    triggerId: string,
    input: Input & { kind: 'enter' },
    known?: TrackedCustomer,
  ) {
    return this.update(ref, triggerId, async (stored) => {
      const previous = stored?.enrollment ?? null;
      if (!mayEnter(workflow, previous, input.at)) return null;
      if (await this.atCapacity(workflow)) return null;
      // `visits` carry over, so the idempotency keys of the new enrollment never repeat the old one's.
      const rebased =
        previous && previous.version !== workflow.version ? { ...previous, version: workflow.version } : previous;
      const context = await this.deps.facts.context(ref.customerId, ref.enrollmentId, factsNeeded(workflow), known);
      return { workflow, result: advance(workflow, rebased, input, context), entered: true };
    });
  }

  /**
   * `caps.maxActive`: from the report's counters (entered minus ended), so concurrent entries may overshoot by the
   * few that race; a refused entry is counted as `capped`.
   */
  private async atCapacity(workflow: Workflow): Promise<boolean> {
    const max = workflow.caps?.maxActive;
    if (max === undefined) return false;
    const { active } = statsOf(sumCounts(Object.values(await this.deps.counters.read(workflow.id))));
    if (active < max) return false;
    await this.deps.counters.add(workflow.id, workflow.version, { capped: 1 });
    return true;
  }

  private async wake(ref: EnrollmentRef, now: string): Promise<boolean> {
    const done = await this.update(ref, null, async (stored) => {
      const wake = stored?.enrollment.wake;
      if (stored?.enrollment.status !== 'active' || !wake || Date.parse(wake.at) > Date.parse(now)) {
        return null;
      }
      const input: Input = { kind: 'wake', now, token: wake.token };
      return this.advanceOn(stored.enrollment, input, now);
    });
    return done !== null;
  }

  private deliver(
    ref: EnrollmentRef,
    event: IncomingEvent & { readonly id: string; readonly customer?: TrackedCustomer | undefined },
    now: string,
  ) {
    return this.update(ref, event.id, async (stored) =>
      stored ? this.advanceOn(stored.enrollment, { kind: 'event', event, now }, now, event.customer) : null,
    );
  }

  /** Events tracked before the trigger was processed but that happened after it (delivery overtook the trigger). */
  private async replay(ref: EnrollmentRef, enrollment: Enrollment, triggerId: string): Promise<void> {
    const now = this.nowIso();
    for (const event of await this.deps.facts.eventsSince(ref.customerId, enrollment.enrolledAt)) {
      if (event.id !== triggerId) await this.deliver(ref, event, now);
    }
  }

  /** Loads the version the enrollment is on (migrating it first when the newest version says how), then advances. */
  private async advanceOn(enrollment: Enrollment, input: Input, now: string, known?: TrackedCustomer) {
    const own = await this.deps.catalog.version(enrollment.workflowId, enrollment.version);
    if (!own) throw new Error(`workflow ${enrollment.workflowId} v${enrollment.version} is not published here`);
    const latest = this.deps.catalog.latest().find((w) => w.id === enrollment.workflowId);
    const migrated = latest ? migrate(enrollment, own, latest, now) : null;
    const workflow = migrated && latest ? latest : own;
    const needs = factsNeeded(workflow);
    const context = await this.deps.facts.context(enrollment.customerId, enrollment.id, needs, known);
    const result = advance(workflow, migrated ?? enrollment, input, context);
    // A migration alone is a change worth keeping even when the input moved nothing.
    return {
      workflow,
      result: migrated && result.enrollment === migrated ? { ...result, enrollment: migrated } : result,
    };
  }

  /**
   * Load, decide, commit on the revision, then carry out the outbox. `decide` returns null (or an unchanged
   * enrollment) when there is nothing to do; `eventId` is remembered so the same event is never applied twice.
   */
  private async update(
    ref: EnrollmentRef,
    eventId: string | null,
    decide: (stored: StoredEnrollment | null) => Promise<Decision | null>,
  ): Promise<Enrollment | null> {
    return retryOnConflict<Enrollment | null>(
      `enrollment ${ref.enrollmentId}`,
      async () => {
        const stored = await this.deps.store.load(ref);
        if (stored && stored.outbox.actions.length + Object.keys(stored.outbox.counts).length > 0) {
          await this.flush(stored); // finish what a crash left before deciding anything new
          return undefined;
        }
        if (eventId !== null && stored?.applied.includes(eventId)) return { done: null };
        const decision = await decide(stored);
        const next = decision?.result.enrollment ?? null;
        if (!decision || next === null || next === (stored?.enrollment ?? null)) return { done: null };
        const now = this.nowIso();
        const { workflow, result } = decision;
        const key = `${workflow.id}#${next.version}`;
        const outbox: Outbox = {
          actions: result.actions.map((action) => ({ action, at: now })),
          counts: { [key]: countsOf(stored?.enrollment ?? null, next, result.actions, decision.entered === true) },
        };
        const applied =
          eventId === null ? (stored?.applied ?? []) : [...(stored?.applied ?? []), eventId].slice(-appliedLimit);
        const revision = (stored?.revision ?? 0) + 1;
        const written: StoredEnrollment = { enrollment: next, revision, outbox, applied };
        if (!(await this.deps.store.commit(written, stored?.revision ?? 0, now))) return undefined;
        await this.flush(written);
        return { done: next };
      },
      maxConflicts,
    );
  }

  /**
   * Carries out the outbox (each effect idempotent on its key), clears it, and, if this call cleared it, counts.
   * An effect that failed for good (a message that could not be sent) is written into the step's history and
   * counted as failed in the report, with the outbox's other counters.
   */
  private async flush(stored: StoredEnrollment): Promise<void> {
    const { enrollment, outbox } = stored;
    const failures: EffectFailure[] = [];
    if (outbox.actions.length > 0) {
      const workflow = await this.deps.catalog.version(enrollment.workflowId, enrollment.version);
      if (!workflow) throw new Error(`workflow ${enrollment.workflowId} v${enrollment.version} is not published here`);
      for (const pending of outbox.actions) {
        const failure = await this.deps.effects.perform(enrollment, workflow, pending);
        if (failure) failures.push(failure);
      }
    }
    const ref = { customerId: enrollment.customerId, enrollmentId: enrollment.id };
    const recorded = failures.length > 0 ? withFailures(enrollment, failures) : undefined;
    if (!(await this.deps.store.clearOutbox(ref, stored.revision, dueOf(enrollment), recorded))) return;
    const unclaimed = await this.revenueClaimedElsewhere(enrollment, outbox.actions);
    for (const [key, counts] of Object.entries(outbox.counts)) {
      const hash = key.lastIndexOf('#');
      await this.deps.counters.add(key.slice(0, hash), Number(key.slice(hash + 1)), lessRevenue(counts, unclaimed));
    }
    if (failures.length > 0) {
      await this.deps.counters.add(enrollment.workflowId, enrollment.version, failureCounts(failures));
    }
  }

  /** The revenue of conversions whose event another enrollment of this workflow already counted. */
  private async revenueClaimedElsewhere(enrollment: Enrollment, actions: readonly PendingAction[]): Promise<number> {
    let elsewhere = 0;
    for (const { action } of actions) {
      if (action.type !== 'convert' || action.control || action.revenue === null || action.key === null) continue;
      if (!(await this.deps.counters.claimRevenue(enrollment.workflowId, action.key, enrollment.id))) {
        elsewhere += action.revenue;
      }
    }
    return elsewhere;
  }

  private nowIso(): string {
    return this.deps.now().toISOString();
  }
}

/** Events that may change a birthday, a time zone or a sign-up date: date workflows are rescheduled on them. */
const profileEvents = new Set(['Customer Registered', 'Customer Updated']);

const maxIso = (a: string, b: string): string => (a > b ? a : b);

/** When the timer sweep should look at it next: its wake, if it is waiting. */
export const dueOf = (enrollment: Enrollment): string | null =>
  enrollment.status === 'active' ? (enrollment.wake?.at ?? null) : null;

/** Whether an event can still move it: active, or ended with the goal window open (a late conversion counts). */
function listening(enrollment: Enrollment, occurredAt: string): boolean {
  if (enrollment.status === 'active') return true;
  return enrollment.goalDeadline !== null && occurredAt <= enrollment.goalDeadline;
}
