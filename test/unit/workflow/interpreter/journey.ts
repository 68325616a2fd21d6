import { advance } from '../../../../shared/workflow/core/interpreter/advance.js';
import type { Action, Context, Enrollment, Input } from '../../../../shared/workflow/core/interpreter/types.js';
import type { Workflow } from '../../../../shared/workflow/core/schema/workflow.js';
import { validateWorkflow } from '../../../../shared/workflow/core/validate.js';
import { fixtureTemplates, readFixture, validDir } from '../fixtures.js';

/** Test harness: a fixture workflow driven through `advance` on a virtual clock, collecting every action. */

export function validWorkflow(json: unknown): Workflow {
  const result = validateWorkflow(json, { templates: fixtureTemplates });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.workflow;
}

export const loadWorkflow = (name: string): Workflow => validWorkflow(readFixture(validDir, `${name}.workflow.json`));

export const hoursAfter = (iso: string, hours: number): string =>
  new Date(Date.parse(iso) + hours * 3_600_000).toISOString();
export const daysAfter = (iso: string, days: number): string => hoursAfter(iso, days * 24);

export class Journey {
  enrollment: Enrollment | null = null;
  readonly actions: Action[] = [];

  constructor(
    readonly workflow: Workflow,
    public context: Context = { profile: {} },
  ) {}

  apply(input: Input): readonly Action[] {
    const result = advance(this.workflow, this.enrollment, input, this.context);
    this.enrollment = result.enrollment;
    this.actions.push(...result.actions);
    return result.actions;
  }

  enter(at: string, customerId: string, detailType: string, detail: Record<string, unknown> = {}, source?: string) {
    return this.apply({ kind: 'enter', at, customerId, trigger: { detailType, source, detail } });
  }

  event(occurredAt: string, detailType: string, detail: Record<string, unknown> = {}) {
    return this.apply({ kind: 'event', event: { detailType, source: 'shop', detail, occurredAt } });
  }

  /** Fires due wakes in order, each on time, until none is due by `until`. */
  runUntil(until: string): readonly Action[] {
    const fired: Action[] = [];
    for (let wake = this.enrollment?.wake; wake && wake.at <= until; wake = this.enrollment?.wake) {
      fired.push(...this.apply({ kind: 'wake', now: wake.at, token: wake.token }));
    }
    return fired;
  }

  /** `channel template @step` of every send so far. */
  sends(): string[] {
    return this.actions.flatMap((a) => (a.type === 'send' ? [`${a.channel} ${a.template} @${a.step}`] : []));
  }

  /** Steps the history recorded, in order. */
  path(): string[] {
    return (this.enrollment?.history ?? []).map((h) => `${h.step}: ${h.outcome}`);
  }
}
