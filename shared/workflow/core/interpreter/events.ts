import { type EventPattern, matchesPattern, validatePattern } from '../../../platform/eventbridge/pattern.js';
import type { Workflow } from '../schema/workflow.js';
import { enrollmentKey } from '../schema/workflow-steps.js';
import type { TriggerEvent } from './types.js';

/** Reading event details: dotted fields, `match` objects with `$enrollment.key`, and the trigger's pattern. */

/** The value at a dotted field of an event detail (`cart.id`), or undefined. */
export function fieldAt(detail: Readonly<Record<string, unknown>>, path: string): unknown {
  let value: unknown = detail;
  for (const name of path.split('.')) {
    if (value === null || typeof value !== 'object' || Array.isArray(value) || !Object.hasOwn(value, name)) {
      return undefined;
    }
    value = Object.entries(value).find(([key]) => key === name)?.[1];
  }
  return value;
}

/** The correlation key of a trigger: its `correlation.key` field as text; null without correlation or value. */
export function correlationKey(workflow: Workflow, detail: Readonly<Record<string, unknown>>): string | null {
  if (!workflow.correlation) return null;
  const value = fieldAt(detail, workflow.correlation.key);
  return typeof value === 'string' || typeof value === 'number' ? String(value) : null;
}

/**
 * Whether a detail carries every field of `match`: literals compare equal (`"5"` and `5` differ), `$enrollment.key`
 * equals the enrollment's key (a number field equals its text), and never matches without a key.
 */
export function matchesFields(
  match: Readonly<Record<string, string | number | boolean>> | null | undefined,
  detail: Readonly<Record<string, unknown>>,
  key: string | null,
): boolean {
  for (const [field, expected] of Object.entries(match ?? {})) {
    const actual = fieldAt(detail, field);
    if (expected === enrollmentKey) {
      if (key === null || !(typeof actual === 'string' || typeof actual === 'number') || String(actual) !== key) {
        return false;
      }
    } else if (actual !== expected) return false;
  }
  return true;
}

const triggerPatterns = new WeakMap<Workflow, EventPattern>();

type SegmentTrigger = Extract<Workflow['trigger'], { segment: unknown }>['segment'];

/**
 * The event that announces a customer entering a segment, which a segment trigger enrols on: Rekindle's own
 * (source `rekindle`). `Customer Became Inactive` {basis, days} comes from the inactivity sweep, `Tier Changed`
 * {to} from loyalty, `RFM Class Changed` {to} from the segment reports.
 */
export function segmentEvent(segment: SegmentTrigger): { detailType: string; pattern: EventPattern } {
  if ('inactiveDays' in segment) {
    return {
      detailType: 'Customer Became Inactive',
      pattern: { basis: ['activity'], days: [segment.inactiveDays] },
    };
  }
  if ('noPurchaseDays' in segment) {
    return {
      detailType: 'Customer Became Inactive',
      pattern: { basis: ['purchase'], days: [segment.noPurchaseDays] },
    };
  }
  if ('tier' in segment) return { detailType: 'Tier Changed', pattern: { to: [segment.tier] } };
  return { detailType: 'RFM Class Changed', pattern: { to: [segment.rfm] } };
}

/** Whether the workflow is entered by events (an event or a segment trigger), rather than by the date. */
export const enteredByEvents = (workflow: Workflow): boolean => !('date' in workflow.trigger);

/**
 * Whether an event enrolls into the workflow: its detail-type, source and pattern for event triggers; the segment's
 * announcing event for segment triggers (`segmentEvent`). Date triggers are decided by the executor's date timers,
 * so any trigger event passes for them.
 */
export function matchesTrigger(workflow: Workflow, trigger: TriggerEvent): boolean {
  const { trigger: t } = workflow;
  if ('date' in t) return true;
  let pattern = triggerPatterns.get(workflow);
  if (pattern === undefined) {
    const {
      detailType,
      source,
      pattern: detail,
    } = 'event' in t ? t.event : { ...segmentEvent(t.segment), source: 'rekindle' };
    pattern = validatePattern({
      'detail-type': [detailType],
      ...(source === undefined ? {} : { source: [source] }),
      ...(detail === undefined ? {} : { detail }),
    });
    triggerPatterns.set(workflow, pattern);
  }
  return matchesPattern(pattern, {
    'detail-type': trigger.detailType,
    ...(trigger.source === undefined ? {} : { source: trigger.source }),
    detail: trigger.detail,
  });
}
