/**
 * Amazon EventBridge event patterns: validated as EventBridge validates them (for CDK synth) and matched as
 * EventBridge matches them (for the local event bus). Semantics follow the EventBridge user guide and AWS Event
 * Ruler, the open-source engine behind it; see pattern-validate.ts and pattern-match.ts.
 */
import { type Branch, matchBranches } from './pattern-match.js';
import { compilePattern } from './pattern-validate.js';

export { InvalidPatternError } from './pattern-validate.js';

type IgnoreCase = { readonly 'equals-ignore-case': string };
type OneOrMany = string | readonly string[];

export type NumericOperator = '=' | '<' | '<=' | '>' | '>=';

/** The value of `anything-but`: excluded values (all strings or all numbers), or excluded shapes of string. */
export type AnythingBut =
  | string
  | number
  | readonly string[]
  | readonly number[]
  | { readonly prefix: OneOrMany }
  | { readonly suffix: OneOrMany }
  | { readonly 'equals-ignore-case': OneOrMany }
  | { readonly wildcard: OneOrMany };

/** A content filter: one operator object inside a pattern's array of match values. */
export type ContentFilter =
  | { readonly prefix: string | IgnoreCase }
  | { readonly suffix: string | IgnoreCase }
  | { readonly 'equals-ignore-case': string }
  | { readonly wildcard: string }
  | { readonly 'anything-but': AnythingBut }
  | { readonly numeric: readonly [NumericOperator, number] | readonly ['>' | '>=', number, '<' | '<=', number] }
  | { readonly exists: boolean }
  | { readonly cidr: string };

/** One match value: an exact JSON value (`"5"` and `5` differ) or a content filter. */
export type PatternMatcher = string | number | boolean | null | ContentFilter;

/**
 * An event pattern: the shape of the event, with each matched field's value replaced by an array of match
 * values (any may match), and `$or` holding two or more alternative sub-patterns.
 */
export interface EventPattern {
  readonly [field: string]: readonly PatternMatcher[] | EventPattern | readonly EventPattern[];
}

/** Returns `pattern` typed, or throws InvalidPatternError naming the JSON path of what EventBridge would reject. */
export function validatePattern(pattern: unknown): EventPattern {
  assertEventPattern(pattern);
  return pattern;
}

/** Whether EventBridge would deliver `event` (the full event: source, detail-type, detail, …) to this pattern. */
export function matchesPattern(pattern: EventPattern, event: unknown): boolean {
  return matchBranches(compiled(pattern), event);
}

/** Patterns are compiled once: the local bus matches every event against every route's (unchanging) pattern. */
const compiledPatterns = new WeakMap<EventPattern, Branch[]>();

function compiled(pattern: EventPattern): Branch[] {
  let branches = compiledPatterns.get(pattern);
  if (branches === undefined) {
    branches = compilePattern(pattern);
    compiledPatterns.set(pattern, branches);
  }
  return branches;
}

function assertEventPattern(pattern: unknown): asserts pattern is EventPattern {
  compilePattern(pattern);
}
