import type * as z from 'zod';
import type { FieldIssue } from '../../platform/errors.js';

/**
 * zod issues as a marketer reads them: one problem per path, in plain words. The language's unions (a trigger is
 * an event, a segment or a date; a step is one of a dozen types) fail as a whole in zod; here each failure is
 * traced to the option the author meant, so `{"type": "send", "chanel": ...}` reports the misspelt key of the send
 * step instead of "invalid input" for the twelve step types.
 */

type Issue = z.core.$ZodIssue;
type Path = readonly PropertyKey[];

/** The per-parse error map: messages for the issues our schemas leave to zod's defaults. */
export const plainMessages: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? 'required' : `must be ${typeNames[issue.expected] ?? issue.expected}`;
    case 'invalid_value':
      return `${issue.input === undefined ? 'required: ' : ''}${oneOf(issue.values)}`;
    case 'too_small':
      return bound('at least', 'more than', issue.minimum, issue.inclusive, issue.origin);
    case 'too_big':
      return bound('at most', 'less than', issue.maximum, issue.inclusive, issue.origin);
    case 'invalid_format':
      return formatNames[issue.format] ?? undefined;
    default:
      return undefined;
  }
};

function oneOf(values: readonly unknown[]): string {
  const quoted = values.map((v) => JSON.stringify(v));
  return quoted.length === 1 ? `must be ${quoted[0]}` : `must be one of ${quoted.join(', ')}`;
}

const typeNames: Partial<Record<string, string>> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'an object',
  array: 'a list',
  record: 'an object',
};

const formatNames: Partial<Record<string, string>> = {
  date: 'must be a date such as 2026-12-24',
  datetime: 'must be an ISO-8601 date and time with an offset, e.g. 2026-11-27T08:00:00Z',
};

function bound(closed: string, open: string, limit: number | bigint, inclusive = true, origin = 'number'): string {
  const n = Number(limit);
  if (origin === 'string')
    return n === 1 && closed === 'at least' ? 'must not be empty' : `must be ${closed} ${n} characters`;
  if (origin === 'array' || origin === 'set') return `needs ${closed} ${n} item${n === 1 ? '' : 's'}`;
  return `must be ${inclusive ? closed : open} ${n}`;
}

/** Every problem in `issues` (from a parse with `reportInput: true`), with paths like `steps.email-1.channel`. */
export function describeIssues(issues: readonly Issue[], at: Path = []): FieldIssue[] {
  return issues.flatMap((issue) => describeIssue(issue, [...at, ...issue.path]));
}

function describeIssue(issue: Issue, path: Path): FieldIssue[] {
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => ({
        path: formatPath([...path, key]),
        message: 'unknown field (check the spelling)',
      }));
    case 'invalid_key':
      return issue.issues.map((inner) => ({ path: formatPath(path), message: `invalid key: ${inner.message}` }));
    case 'invalid_union':
      return describeUnion(issue, path);
    default:
      return [{ path: formatPath(path), message: issue.message }];
  }
}

/** Traces a union failure to the option the author meant, or says what the union needs when that is unclear. */
function describeUnion(issue: z.core.$ZodIssueInvalidUnion, path: Path): FieldIssue[] {
  if (issue.errors.length === 0) {
    // A discriminated union whose discriminator (the last part of the path) matched no option.
    const message = 'options' in issue && issue.options ? oneOf(issue.options) : issue.message;
    return [{ path: formatPath(path), message }];
  }
  const scores = issue.errors.map(misfit);
  const best = Math.min(...scores);
  if (best === Number.POSITIVE_INFINITY) {
    const types = [...new Set(issue.errors.flatMap(typeValues))];
    return [{ path: formatPath([...path, 'type']), message: `must be one of ${types.join(', ')}` }];
  }
  const meant = issue.errors.filter((_, i) => scores[i] === best);
  const [only] = meant;
  if (meant.length === 1 && only) return describeIssues(only, path);
  // Keys no option knows are worth naming on their own: usually a typo.
  const [first = [], ...others] = meant;
  const unknown = unknownKeys(first).filter((key) => others.every((branch) => unknownKeys(branch).includes(key)));
  return [
    { path: formatPath(path), message: issue.message },
    ...unknown.map((key) => ({ path: formatPath([...path, key]), message: 'unknown field (check the spelling)' })),
  ];
}

/** Codes of the issues a key that is absent raises (a union-typed key fails as a union). */
const missable = new Set(['invalid_type', 'invalid_value', 'invalid_union']);

function unknownKeys(branch: readonly Issue[]): string[] {
  return branch.flatMap((i) => (i.code === 'unrecognized_keys' && i.path.length === 0 ? i.keys : []));
}

/**
 * How far an option is from what the author wrote: +1 per key it does not know or misses at the top; infinite when
 * its `type` differs. The option with the least misfit is the one meant; errors deeper inside it are real ones.
 */
function misfit(branch: readonly Issue[]): number {
  let score = 0;
  for (const issue of branch) {
    const [first, ...rest] = issue.path;
    if (issue.code === 'invalid_value' && first === 'type' && rest.length === 0) return Number.POSITIVE_INFINITY;
    if (issue.code === 'unrecognized_keys' && issue.path.length === 0) score += issue.keys.length;
    if (issue.path.length === 1 && issue.input === undefined && missable.has(issue.code)) score += 1;
    if (issue.code === 'invalid_union' && issue.path.length === 0 && issue.errors.length > 0) {
      score += Math.min(...issue.errors.map(misfit));
    }
  }
  return score;
}

/** The step types an option accepts, from its `type` mismatch. */
function typeValues(branch: readonly Issue[]): string[] {
  return branch.flatMap((issue) => {
    if (issue.code === 'invalid_value' && issue.path.length === 1 && issue.path[0] === 'type') {
      return issue.values.map((v) => JSON.stringify(v));
    }
    return issue.code === 'invalid_union' && issue.path.length === 0 ? issue.errors.flatMap(typeValues) : [];
  });
}

/** `['steps', 'email-1', 'cases', 0, 'next']` → `steps.email-1.cases[0].next`. */
export function formatPath(path: Path): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}
