import type { Enrollment } from '../interpreter/types.js';
import type { EffectFailure } from './ports.js';

/**
 * What failed effects change in the record: the history entry of each failed step (its latest) reads
 * `failed: <reason>` instead of what the interpreter expected (`sent`), and the report counts `failed` in total and
 * `failed:<step>` by step. The enrollment goes on: a later step may still reach the customer.
 */
export function withFailures(enrollment: Enrollment, failures: readonly EffectFailure[]): Enrollment {
  if (failures.length === 0) return enrollment;
  const history = [...enrollment.history];
  for (const failure of failures) {
    const index = history.findLastIndex((entry) => entry.step === failure.step);
    const entry = history[index];
    if (entry) history[index] = { ...entry, outcome: `failed: ${failure.reason}` };
  }
  return { ...enrollment, history };
}

export function failureCounts(failures: readonly Pick<EffectFailure, 'step'>[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { step } of failures) {
    counts.failed = (counts.failed ?? 0) + 1;
    counts[`failed:${step}`] = (counts[`failed:${step}`] ?? 0) + 1;
  }
  return counts;
}
