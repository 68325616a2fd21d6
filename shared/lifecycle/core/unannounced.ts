import type { Workflow } from '../../workflow/core/schema/workflow.js';
import type { InactivityThreshold } from './inactivity.js';

/** Where each basis's thresholds are set: the environment variable, and the CDK context key on AWS. */
const settingOf = {
  activity: { variable: 'INACTIVITY_DAYS', context: 'rekindle:inactivityDays' },
  purchase: { variable: 'NO_PURCHASE_DAYS', context: 'rekindle:noPurchaseDays' },
} as const;

/**
 * A workflow entered on N days of silence (`inactiveDays`, `noPurchaseDays`) runs only if the inactivity sweep
 * announces N days: the thresholds are the engine's settings, not the workflow's. Says what to add, else null.
 */
export function unannouncedThreshold(workflow: Workflow, thresholds: readonly InactivityThreshold[]): string | null {
  const segment = 'segment' in workflow.trigger ? workflow.trigger.segment : null;
  if (segment === null) return null;
  const wanted =
    'inactiveDays' in segment
      ? { basis: 'activity' as const, days: segment.inactiveDays, field: 'inactiveDays' }
      : 'noPurchaseDays' in segment
        ? { basis: 'purchase' as const, days: segment.noPurchaseDays, field: 'noPurchaseDays' }
        : null;
  if (wanted === null) return null;
  if (thresholds.some((t) => t.basis === wanted.basis && t.days === wanted.days)) return null;
  const configured = thresholds.filter((t) => t.basis === wanted.basis).map((t) => t.days);
  const { variable, context } = settingOf[wanted.basis];
  return (
    `trigger.segment.${wanted.field}: ${wanted.days} days are not announced (${variable} is ` +
    `${configured.length ? configured.join(',') : 'off'}), so nobody will enter: add ${wanted.days} to ${variable} ` +
    `(on AWS the context ${context})`
  );
}
