import type { Action, Enrollment } from '../interpreter/types.js';
import type { Counts } from './ports.js';

/**
 * What one transition adds to the workflow's report: `entered`, `heldOut`, `step:<id>` per step entered (from
 * `visits`, which only grow), `converted`/`controlConverted` with `revenue`, `exited:<reason>`.
 */
export function countsOf(previous: Enrollment | null, next: Enrollment, actions: readonly Action[]): Counts {
  const counts: Record<string, number> = {};
  const add = (name: string, n = 1) => {
    if (n !== 0) counts[name] = (counts[name] ?? 0) + n;
  };
  const entered = previous === null || previous.enrolledAt !== next.enrolledAt;
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

/** Sums two sets of counters. */
export function mergeCounts(a: Counts | undefined, b: Counts): Counts {
  const sum: Record<string, number> = { ...a };
  for (const [name, n] of Object.entries(b)) sum[name] = (sum[name] ?? 0) + n;
  return sum;
}
