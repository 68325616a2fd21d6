import type { Workflow } from '../schema/workflow.js';
import { bucketOf, isHeldOut, splitPath } from './assignment.js';
import { holds } from './conditions.js';
import { after, waitEnds } from './timing.js';
import type { Action, Context, Enrollment, ExitReason, HistoryEntry } from './types.js';

/** Running steps: from one step on, until the enrollment pauses at a wait or ends. */

/** Most steps one `advance` runs; validation forbids loops without a wait, so reaching it means a bug. */
export const stepBudget = 100;
/** Most history entries an enrollment keeps (the newest). */
export const historyLimit = 50;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
export type Draft = Mutable<Omit<Enrollment, 'history' | 'visits'>> & {
  history: HistoryEntry[];
  visits: Record<string, number>;
};

/** One advance in progress: the enrollment being changed and the actions asked for so far. */
export interface Run {
  readonly workflow: Workflow;
  readonly context: Context;
  readonly draft: Draft;
  readonly actions: Action[];
}

export function record(draft: Draft, step: string, at: string, outcome: string): void {
  draft.history.push({ step, at, outcome });
  if (draft.history.length > historyLimit) draft.history.splice(0, draft.history.length - historyLimit);
}

/**
 * Endings after which a goal event within the window still counts (attributed to the workflow, or to the control
 * group): the path completed, the customer was held out, or they left on an exit event (a customer who came back
 * to the shop and then orders was won back by the workflow). Faults and purges close the window.
 */
const keepsGoalWindow: ReadonlySet<ExitReason> = new Set(['completed', 'held-out', 'exit-event', 'active-again']);

/** Ends the enrollment; see `keepsGoalWindow` for what a goal event can still do after. */
export function end(run: Run, reason: ExitReason, at: string): void {
  const { draft } = run;
  draft.status = reason === 'held-out' ? 'held-out' : 'exited';
  draft.exitReason = reason;
  draft.endedAt = at;
  draft.wake = null;
  draft.waitingFor = null;
  if (!keepsGoalWindow.has(reason)) draft.goalDeadline = null;
  run.actions.push({ type: 'exit', reason, step: draft.step });
}

/** Runs from step `first` at `now` until a wait or the end. */
export function runFrom(run: Run, first: string, now: string): void {
  let id: string | undefined = first;
  for (let count = 1; id !== undefined; count++) {
    if (count > stepBudget) {
      record(run.draft, id, now, `step budget of ${stepBudget} exceeded`);
      end(run, 'step-budget', now);
      return;
    }
    id = runStep(run, id, now);
  }
}

/** Runs one step; returns the step that follows at once, or undefined when the enrollment paused or ended. */
function runStep(run: Run, id: string, now: string): string | undefined {
  const { workflow, context, draft, actions } = run;
  const step = workflow.steps[id];
  if (!step) {
    record(draft, id, now, 'unknown step');
    end(run, 'unknown-step', now);
    return undefined;
  }
  const visit = (draft.visits[id] ?? 0) + 1;
  draft.visits[id] = visit;
  draft.step = id;
  const effect = { step: id, idempotencyKey: `${draft.id}:${id}:${visit}` };
  const note = (outcome: string) => record(draft, id, now, outcome);
  const token = `${id}:${visit}`;

  switch (step.type) {
    case 'send':
      actions.push({
        type: 'send',
        ...effect,
        channel: step.channel,
        template: step.template,
        fallback: step.fallback ?? null,
        offer: step.offer ?? null,
      });
      note('sent');
      return step.next;
    case 'wait': {
      const at = waitEnds(step, now, context.profile.timezone);
      if (Date.parse(at) <= Date.parse(now)) {
        note('already passed');
        return step.next;
      }
      draft.wake = { at, token };
      note(`waiting until ${at}`);
      return undefined;
    }
    case 'waitForEvent': {
      const timeoutAt = after(now, step.timeout);
      draft.wake = { at: timeoutAt, token };
      draft.waitingFor = {
        event: step.event,
        match: step.match ?? null,
        onEvent: step.onEvent,
        onTimeout: step.onTimeout,
        timeoutAt,
        since: now,
      };
      note(`waiting for ${step.event} until ${timeoutAt}`);
      return undefined;
    }
    case 'branch': {
      const index = step.cases.findIndex((c) => holds(c.when, context));
      const chosen = step.cases[index];
      note(chosen ? `case ${index}` : 'default');
      return chosen ? chosen.next : step.default;
    }
    case 'split': {
      const index = splitPath(step, bucketOf(draft.customerId, workflow.id, id));
      const path = step.paths[index];
      note(path ? `path ${index}` : 'no path');
      if (!path) end(run, 'unknown-step', now);
      return path?.next;
    }
    case 'holdout':
      if (isHeldOut(step, bucketOf(draft.customerId, workflow.id, id))) {
        note('held out');
        end(run, 'held-out', now);
        return undefined;
      }
      note('treated');
      return step.next;
    case 'awardPoints':
      actions.push({ type: 'awardPoints', ...effect, points: step.points, reason: step.reason });
      note(`awarded ${step.points}`);
      return step.next;
    case 'setAttribute':
      actions.push({ type: 'setAttribute', ...effect, name: step.name, value: step.value });
      note('set');
      return step.next;
    case 'tag':
      actions.push({ type: 'tag', ...effect, add: step.add ?? [], remove: step.remove ?? [] });
      note('tagged');
      return step.next;
    case 'emit':
      actions.push({
        type: 'emit',
        ...effect,
        detailType: step.detailType,
        detail: { ...step.detail, customerId: draft.customerId, workflowId: workflow.id, enrollmentId: draft.id },
      });
      note('emitted');
      return step.next;
    case 'purge': {
      // The same rule as an approved purge list: a customer active since the enrollment began came back, and the
      // purge was meant for someone silent. Checked on the facts read as the step runs.
      const activeAt = activeSince(run.context, draft.enrolledAt);
      if (activeAt !== null) {
        note(`purge skipped: active again at ${activeAt}`);
        end(run, 'active-again', now);
        return undefined;
      }
      actions.push({ type: 'purge', ...effect, reason: step.reason ?? null });
      note('purged');
      end(run, 'purged', now);
      return undefined;
    }
    case 'exit':
      note('exited');
      end(run, 'completed', now);
      return undefined;
  }
}

/** The customer's last activity when it is later than `since`, else null. */
function activeSince(context: Context, since: string): string | null {
  const { profile, stats } = context;
  const times = [profile.lastActiveAt, stats?.lastActiveAt].filter((t): t is string => typeof t === 'string');
  const latest = times.reduce<string | null>((a, t) => (a === null || Date.parse(t) > Date.parse(a) ? t : a), null);
  return latest !== null && Date.parse(latest) > Date.parse(since) ? latest : null;
}
