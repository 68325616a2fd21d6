import { createHash } from 'node:crypto';
import type { StepOf } from '../schema/workflow.js';

/**
 * Random splits and holdouts that are stable by customer: the bucket is a hash of the customer, the workflow and the
 * step (not the version), so a customer takes the same path every time, in every version, on every machine.
 */

/** A number in [0, 100) from sha256 of customerId, workflowId and stepId (joined by NUL, so no two triples collide). */
export function bucketOf(customerId: string, workflowId: string, stepId: string): number {
  const digest = createHash('sha256').update(`${customerId}\0${workflowId}\0${stepId}`).digest();
  // 48 bits are plenty for percent weights and exact in a double.
  return (digest.readUIntBE(0, 6) / 2 ** 48) * 100;
}

/** Index of the split path a bucket falls in (weights add up to 100; the last path takes any rounding remainder). */
export function splitPath(step: StepOf<'split'>, bucket: number): number {
  let upTo = 0;
  for (const [i, path] of step.paths.entries()) {
    upTo += path.weight;
    if (bucket < upTo) return i;
  }
  return step.paths.length - 1;
}

export const isHeldOut = (step: StepOf<'holdout'>, bucket: number): boolean => bucket < step.percent;
