import type { Condition, ConditionTest, Scalar } from '../schema/workflow.js';
import { engagementPath } from '../schema/workflow-conditions.js';
import type { Context } from './types.js';

/**
 * Branch conditions against the customer's facts. A missing field is null: `eq null` and `exists false` hold for it,
 * every comparison fails. Engagement with a send step that has no entry in the context is false.
 */
export function holds(condition: Condition, context: Context): boolean {
  if ('all' in condition) return condition.all.every((c) => holds(c, context));
  if ('any' in condition) return condition.any.some((c) => holds(c, context));
  if ('not' in condition) return !holds(condition.not, context);
  return testHolds(condition, valueAt(condition.path, context));
}

/** The value a condition path names, or null when the customer has none. */
export function valueAt(path: string, context: Context): unknown {
  const engagement = engagementPath.exec(path);
  if (engagement) {
    const [, step = '', metric = ''] = engagement;
    return fieldOf(context.engagement?.[step], metric) ?? false;
  }
  const dot = path.indexOf('.');
  const section = path.slice(0, dot);
  const field = path.slice(dot + 1);
  switch (section) {
    case 'profile':
      return field.startsWith('consents.')
        ? fieldOf(context.profile.consents, field.slice('consents.'.length))
        : fieldOf(context.profile, field);
    case 'attributes':
      return fieldOf(context.profile.attributes, field);
    case 'points':
      return fieldOf(context.points, field);
    case 'stats':
      return fieldOf(context.stats, field);
    default:
      return null;
  }
}

/** An own field of a plain object, or null. */
function fieldOf(object: object | undefined, name: string): unknown {
  if (object === undefined) return null;
  for (const [key, value] of Object.entries(object)) if (key === name) return value ?? null;
  return null;
}

function testHolds(test: ConditionTest, actual: unknown): boolean {
  const expected = test.value;
  switch (test.op) {
    case 'exists':
      return (actual !== null) === (expected ?? true);
    case 'eq':
      return actual === (expected ?? null);
    case 'ne':
      return actual !== (expected ?? null);
    case 'in':
      return Array.isArray(expected) && expected.some((value) => value === actual);
    case 'gt':
      return compare(actual, expected, (d) => d > 0);
    case 'gte':
      return compare(actual, expected, (d) => d >= 0);
    case 'lt':
      return compare(actual, expected, (d) => d < 0);
    case 'lte':
      return compare(actual, expected, (d) => d <= 0);
  }
}

/** Numbers by value; text as ISO dates (as instants when both parse, else as text, which orders ISO dates too). */
function compare(actual: unknown, expected: Scalar | readonly Scalar[] | undefined, ok: (d: number) => boolean) {
  if (typeof actual === 'number' && typeof expected === 'number') return ok(actual - expected);
  if (typeof actual !== 'string' || typeof expected !== 'string') return false;
  const a = Date.parse(actual);
  const b = Date.parse(expected);
  if (!Number.isNaN(a) && !Number.isNaN(b)) return ok(a - b);
  return ok(actual < expected ? -1 : actual > expected ? 1 : 0);
}
