import type { Action, Enrollment } from '../interpreter/types.js';
import type { Counts } from './ports.js';

/**
 * What one transition adds to the workflow's report: `entered`, `heldOut`, `step:<id>` per step entered (from
 * `visits`, which only grow), `converted`/`controlConverted` with `revenue`, `exited:<reason>`.
 */
export function countsOf(
  previous: Enrollment | null,
  next: Enrollment,
  actions: readonly Action[],
  /** This transition started an enrollment (a re-entry may start at the same instant as the one before). */
  entered: boolean,
): Counts {
  const counts: Record<string, number> = {};
  const add = (name: string, n = 1) => {
    if (n !== 0) counts[name] = (counts[name] ?? 0) + n;
  };
  if (entered) add('entered');
  if (next.status === 'held-out' && (entered || previous?.status !== 'held-out')) add('heldOut');
  for (const [step, visits] of Object.entries(next.visits)) add(`step:${step}`, visits - (previous?.visits[step] ?? 0));
  for (const action of actions) {
    if (action.type === 'convert') {
      add(action.control ? 'controlConverted' : 'converted');
      if (!action.control && action.revenue !== null) add('revenue', action.revenue);
    } else if (action.type === 'exit') {
      add(`exited:${action.reason}`);
    }
  }
  return counts;
}

/** A workflow's report for one version or all: counters grouped the way a marketer reads them. */
export interface WorkflowStats {
  readonly entered: number;
  readonly heldOut: number;
  /** Times each step was entered. */
  readonly steps: Readonly<Record<string, number>>;
  readonly converted: number;
  readonly controlConverted: number;
  readonly revenue: number;
  /** Ended without converting, by reason (completed, exit-event, purged...). */
  readonly exited: Readonly<Record<string, number>>;
  /** entered - converted - exited - heldOut: still on their way. */
  readonly active: number;
  /** Entries refused because `caps.maxActive` customers were already in. */
  readonly capped: number;
  /** Messages that could not be sent (a template that does not render, a provider's refusal), in total and by step. */
  readonly failed: number;
  readonly failedSteps: Readonly<Record<string, number>>;
}

export function statsOf(counts: Counts): WorkflowStats {
  const n = (name: string) => counts[name] ?? 0;
  const prefixed = (prefix: string) =>
    Object.fromEntries(
      Object.entries(counts)
        .filter(([name]) => name.startsWith(prefix))
        .map(([name, value]) => [name.slice(prefix.length), value]),
    );
  const exited = prefixed('exited:');
  const ended = Object.values(exited).reduce((a, b) => a + b, 0);
  return {
    entered: n('entered'),
    heldOut: n('heldOut'),
    steps: prefixed('step:'),
    converted: n('converted'),
    controlConverted: n('controlConverted'),
    revenue: Math.round(n('revenue') * 100) / 100,
    exited,
    active: Math.max(0, n('entered') - n('converted') - ended - n('heldOut')),
    capped: n('capped'),
    failed: n('failed'),
    failedSteps: prefixed('failed:'),
  };
}

/** `counts` without `amount` of its revenue (another enrollment of the workflow already counted that order). */
export function lessRevenue(counts: Counts, amount: number): Counts {
  const revenue = counts.revenue;
  if (amount === 0 || revenue === undefined) return counts;
  const { revenue: _counted, ...rest } = counts;
  const left = Math.round((revenue - amount) * 100) / 100;
  return left === 0 ? rest : { ...rest, revenue: left };
}

/** Adds up counters, e.g. of every version. */
export function sumCounts(all: readonly Counts[]): Counts {
  const sum: Record<string, number> = {};
  for (const counts of all) for (const [name, value] of Object.entries(counts)) sum[name] = (sum[name] ?? 0) + value;
  return sum;
}
