import { enrollmentId } from '../interpreter/advance.js';
import { nextDateOccurrence } from '../interpreter/date-trigger.js';
import type { Input } from '../interpreter/types.js';
import type { Workflow } from '../schema/workflow.js';
import type { ExecutorDeps } from './executor.js';
import type { DateTimer, EnrollmentRef } from './ports.js';

/** Dates need the birthday, sign-up day and time zone only. */
const profileOnly = { profile: true, points: false, stats: false, engagement: false } as const;

type Enter = (
  workflow: Workflow,
  ref: EnrollmentRef,
  triggerId: string,
  input: Input & { kind: 'enter' },
) => Promise<unknown>;

/**
 * Date-triggered workflows (birthday, anniversary, fixed, recurring, occasions): one timer per customer and workflow
 * on the timer index, set when a profile event may have changed the dates, and moved on to the next occurrence each
 * time it fires. Entering goes through the executor's `enter` (re-entry policy, caps), keyed by the day.
 */
export class DateTriggers {
  constructor(
    private readonly deps: Pick<ExecutorDeps, 'catalog' | 'facts' | 'dates'>,
    private readonly enter: Enter,
  ) {}

  /** Puts the customer's next occurrence of every active date-triggered workflow after `after` on the index. */
  async schedule(customerId: string, after: string): Promise<void> {
    const workflows = this.deps.catalog.latest().filter((w) => 'date' in w.trigger && w.status === 'active');
    if (workflows.length === 0) return;
    const { profile } = await this.deps.facts.context(customerId, '', profileOnly);
    for (const workflow of workflows) {
      if (!('date' in workflow.trigger)) continue;
      const next = nextDateOccurrence(workflow.trigger.date, profile, after);
      const current = await this.deps.dates.get(customerId, workflow.id);
      if (current?.at !== next?.at) await this.deps.dates.set(customerId, workflow.id, next);
    }
  }

  /** A date came: enter (once per day, by the re-entry policy), then schedule the next occurrence. */
  async enterOn(timer: DateTimer): Promise<void> {
    const workflow = this.deps.catalog.latest().find((w) => w.id === timer.workflowId);
    if (!workflow || !('date' in workflow.trigger)) {
      return this.deps.dates.set(timer.customerId, timer.workflowId, null);
    }
    const ref = { customerId: timer.customerId, enrollmentId: enrollmentId(workflow.id, timer.customerId, null) };
    if (workflow.status === 'active') {
      const detail = { customerId: timer.customerId, day: timer.day };
      const trigger = { detailType: 'Date Reached', source: 'rekindle', detail };
      await this.enter(workflow, ref, `date:${timer.day}`, {
        kind: 'enter',
        at: timer.at,
        customerId: timer.customerId,
        trigger,
      });
    }
    const { profile } = await this.deps.facts.context(timer.customerId, ref.enrollmentId, profileOnly);
    await this.deps.dates.set(
      timer.customerId,
      workflow.id,
      nextDateOccurrence(workflow.trigger.date, profile, timer.at),
    );
  }
}
