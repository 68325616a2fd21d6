import type { Enrollment } from '../interpreter/types.js';
import type { Workflow } from '../schema/workflow.js';

/**
 * Moves an in-flight enrollment of an earlier version onto `latest`, as `latest.migrations[<its version>]` says:
 * its current step, and the steps its pending wait leads to, are renamed by the map. It stays on its own version
 * (null) when the map does not name its step, a step the wait leads to is neither mapped nor in `latest`, or the
 * step it moves to is of another type (a wait must stay a wait for its timer to mean the same).
 */
export function migrate(enrollment: Enrollment, from: Workflow, latest: Workflow, now: string): Enrollment | null {
  if (enrollment.version >= latest.version || enrollment.status !== 'active' || enrollment.step === null) return null;
  const map = latest.migrations?.[String(enrollment.version)];
  const target = map?.[enrollment.step];
  if (!map || target === undefined) return null;
  if (from.steps[enrollment.step]?.type !== latest.steps[target]?.type) return null;
  const rename = (step: string): string | null => map[step] ?? (step in latest.steps ? step : null);
  let waitingFor = enrollment.waitingFor;
  if (waitingFor) {
    const onEvent = rename(waitingFor.onEvent);
    const onTimeout = rename(waitingFor.onTimeout);
    if (onEvent === null || onTimeout === null) return null;
    waitingFor = { ...waitingFor, onEvent, onTimeout };
  }
  return {
    ...enrollment,
    version: latest.version,
    step: target,
    waitingFor,
    history: [...enrollment.history, { step: target, at: now, outcome: `migrated from v${enrollment.version}` }],
  };
}
