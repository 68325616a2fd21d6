import type { Workflow } from '../schema/workflow.js';
import { correlationKey, fieldAt, matchesFields, matchesTrigger } from './events.js';
import { type Draft, end, type Run, record, runFrom } from './steps.js';
import { after } from './timing.js';
import type { Action, AdvanceResult, Context, Enrollment, EventFacts, IncomingEvent, Input } from './types.js';

/**
 * The workflow interpreter: (workflow, enrollment, input, facts) -> (next enrollment, actions). Pure: no I/O, no
 * clock; the executor loads the enrollment and the customer's facts, calls `advance`, carries out the actions
 * (each idempotent on its key) and stores the enrollment, with its `wake.at` on the table's `byDue` index.
 */

export class EnrollmentMismatchError extends Error {
  override readonly name = 'EnrollmentMismatchError';
}

/** `<workflowId>#<customerId>#<key|->`. */
export const enrollmentId = (workflowId: string, customerId: string, key: string | null): string =>
  `${workflowId}#${customerId}#${key ?? '-'}`;

/** The id of the enrollment a trigger event would create or find, for the executor to load it first. */
export const enrollmentIdFor = (
  workflow: Workflow,
  customerId: string,
  detail: Readonly<Record<string, unknown>>,
): string => enrollmentId(workflow.id, customerId, correlationKey(workflow, detail));

export function advance(
  workflow: Workflow,
  enrollment: Enrollment | null,
  input: Input,
  context: Context,
): AdvanceResult {
  if (enrollment && (enrollment.workflowId !== workflow.id || enrollment.version !== workflow.version)) {
    throw new EnrollmentMismatchError(
      `enrollment ${enrollment.id} is on ${enrollment.workflowId} v${enrollment.version}, ` +
        `not ${workflow.id} v${workflow.version}: pass the version it entered with (or migrate it first)`,
    );
  }
  const unchanged: AdvanceResult = { enrollment, actions: [] };
  switch (input.kind) {
    case 'enter': {
      if (enrollment?.status === 'active' || workflow.status === 'paused') return unchanged;
      if (!matchesTrigger(workflow, input.trigger)) return unchanged;
      const key = correlationKey(workflow, input.trigger.detail);
      const id = enrollmentId(workflow.id, input.customerId, key);
      if (enrollment && enrollment.id !== id) {
        throw new EnrollmentMismatchError(`the trigger enrolls ${id}, but enrollment ${enrollment.id} was given`);
      }
      const draft: Draft = {
        id,
        workflowId: workflow.id,
        version: workflow.version,
        customerId: input.customerId,
        key,
        enrolledAt: input.at,
        status: 'active',
        step: null,
        wake: null,
        waitingFor: null,
        goalDeadline: workflow.goal ? after(input.at, workflow.goal.within) : null,
        history: [],
        visits: { ...enrollment?.visits },
        exitReason: null,
        endedAt: null,
        events: { trigger: eventFacts(input.trigger.detailType, input.at, input.trigger.detail) },
      };
      return run(workflow, draft, context, (r) => runFrom(r, workflow.start, input.at));
    }
    case 'event':
      return enrollment
        ? onEvent(workflow, enrollment, input.event, input.now ?? input.event.occurredAt, context)
        : unchanged;
    case 'wake':
      return enrollment ? onWake(workflow, enrollment, input.token, input.now, context) : unchanged;
  }
}

/**
 * A timer firing: a stale token (fired twice, or the enrollment moved on) or an early call changes nothing; a late
 * one proceeds as if on time, with later waits counted from `now`.
 */
function onWake(
  workflow: Workflow,
  enrollment: Enrollment,
  token: string,
  now: string,
  context: Context,
): AdvanceResult {
  const { wake, waitingFor: waiting, step: at } = enrollment;
  if (enrollment.status !== 'active' || !wake || wake.token !== token || Date.parse(now) < Date.parse(wake.at)) {
    return { enrollment, actions: [] };
  }
  const step = at === null ? undefined : workflow.steps[at];
  return run(workflow, copy(enrollment), context, (r) => {
    r.draft.wake = null;
    r.draft.waitingFor = null;
    if (waiting) {
      record(r.draft, at ?? '-', now, 'timeout');
      runFrom(r, waiting.onTimeout, now);
    } else if (step?.type === 'wait') {
      record(r.draft, at ?? '-', now, 'waited');
      runFrom(r, step.next, now);
    } else {
      end(r, 'unknown-step', now);
    }
  });
}

/** Goal first (from any step, and after the path completed), then exit criteria, then the event being waited for. */
function onEvent(
  workflow: Workflow,
  enrollment: Enrollment,
  event: IncomingEvent,
  now: string,
  context: Context,
): AdvanceResult {
  const unchanged: AdvanceResult = { enrollment, actions: [] };
  const occurred = Date.parse(event.occurredAt);
  if (occurred < Date.parse(enrollment.enrolledAt)) return unchanged;
  const about = (type: string, match: Readonly<Record<string, string | number | boolean>> | null | undefined) =>
    event.detailType === type && matchesFields(match, event.detail, enrollment.key);

  const { goal } = workflow;
  const deadline = enrollment.goalDeadline;
  if (goal && deadline !== null && occurred <= Date.parse(deadline) && about(goal.event, goal.match)) {
    const revenue = goal.revenueField === undefined ? undefined : fieldAt(event.detail, goal.revenueField);
    const convert: Action = {
      type: 'convert',
      revenue: typeof revenue === 'number' && Number.isFinite(revenue) ? revenue : null,
      key: conversionKey(event.detail),
      event: event.detailType,
      occurredAt: event.occurredAt,
      control: enrollment.status === 'held-out',
    };
    return run(workflow, copy(enrollment), context, (r) => {
      r.draft.goalDeadline = null;
      r.actions.push(convert);
      if (enrollment.status === 'held-out') return;
      record(r.draft, enrollment.step ?? '-', now, `converted: ${event.detailType}`);
      r.draft.status = 'converted';
      r.draft.exitReason = null;
      r.draft.wake = null;
      r.draft.waitingFor = null;
      r.draft.endedAt ??= now;
    });
  }
  if (enrollment.status !== 'active') return unchanged;

  if ((workflow.exit ?? []).some((criterion) => about(criterion.event, criterion.match))) {
    return run(workflow, copy(enrollment), context, (r) => {
      record(r.draft, enrollment.step ?? '-', now, `exit: ${event.detailType}`);
      end(r, 'exit-event', now);
    });
  }

  const waiting = enrollment.waitingFor;
  // The event must happen after the wait began (a resent event cannot satisfy a later wait for the same type; the
  // executor also drops redeliveries by event id) and
  // strictly before the timeout (at the boundary the timeout wins, in simulate and live alike).
  const inWindow =
    waiting !== null &&
    occurred < Date.parse(waiting.timeoutAt) &&
    (waiting.since === undefined || occurred > Date.parse(waiting.since));
  if (waiting && inWindow && about(waiting.event, waiting.match)) {
    return run(workflow, copy(enrollment), context, (r) => {
      r.draft.wake = null;
      r.draft.waitingFor = null;
      r.draft.events = {
        ...enrollment.events,
        waited: eventFacts(event.detailType, event.occurredAt, event.detail),
      };
      record(r.draft, enrollment.step ?? '-', now, `event: ${event.detailType}`);
      runFrom(r, waiting.onEvent, now);
    });
  }
  return unchanged;
}

/** Kept with the enrollment for its messages; a detail past `maxKeptDetail` characters of JSON is left out. */
const maxKeptDetail = 32_000;

function eventFacts(type: string, occurredAt: string, detail: Readonly<Record<string, unknown>>): EventFacts {
  return { type, occurredAt, detail: JSON.stringify(detail).length <= maxKeptDetail ? detail : {} };
}

function copy(enrollment: Enrollment): Draft {
  return { ...enrollment, history: [...enrollment.history], visits: { ...enrollment.visits } };
}

function run(workflow: Workflow, draft: Draft, context: Context, body: (run: Run) => void): AdvanceResult {
  const r: Run = { workflow, context, draft, actions: [] };
  body(r);
  return { enrollment: draft, actions: r.actions };
}

/** The business key of a converting event: its eventId (Rekindle's own, or the storefront's), else its orderId. */
function conversionKey(detail: Readonly<Record<string, unknown>>): string | null {
  if (typeof detail.eventId === 'string') return detail.eventId;
  return typeof detail.orderId === 'string' ? `order:${detail.orderId}` : null;
}
