import type { Workflow } from '../schema/workflow.js';
import { after } from './timing.js';
import type { Enrollment } from './types.js';

/**
 * The re-entry policy, enforced by whoever feeds `advance` (the executor, `simulate`): may a trigger at `at` start
 * a new enrollment where `previous` (same id) exists? `advance` itself refuses only an active one.
 */
export function mayEnter(workflow: Workflow, previous: Enrollment | null | undefined, at: string): boolean {
  if (!previous) return true;
  const { policy, cooldown } = workflow.reentry;
  if (policy === 'never' || previous.status === 'active') return false;
  if (policy === 'always' || cooldown === undefined) return true;
  return Date.parse(at) >= Date.parse(after(previous.enrolledAt, cooldown));
}
