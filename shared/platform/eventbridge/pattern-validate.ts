/**
 * Pattern side of EventBridge pattern matching: checks a pattern the way EventBridge (AWS Event Ruler's
 * JsonRuleCompiler) does and compiles it into branches of conditions for `matchBranches`.
 */
import { RekindleError } from '../errors.js';
import {
  affixTest,
  type Branch,
  type Condition,
  equalsIgnoreCaseTest,
  ipRangeTest,
  isLeaf,
  type Leaf,
  parseIp,
  type ValueTest,
  wildcardTest,
} from './pattern-match.js';

/** A pattern EventBridge would reject; `path` is the JSON path of the problem, e.g. `detail.price[0].numeric`. */
export class InvalidPatternError extends RekindleError {
  override name = 'InvalidPatternError';
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`${path || '(root)'}: ${reason}`);
  }
}

/** Numeric matching works on JSON numbers in [-5e9, 5e9] with at most 6 decimals (Event Ruler's ComparableNumber). */
const NUMERIC_LIMIT = 5e9;

/** Operator names Event Ruler reserves: they cannot be field names inside `$or`. */
const RESERVED_IN_OR = new Set([
  ...['exactly', 'equals-ignore-case', 'prefix', 'suffix', 'anything-but', 'exists', 'wildcard', 'numeric', 'cidr'],
  ...['=', '<', '<=', '>', '>=', 'regex', 'not-wildcard', 'not-equals-ignore-case'],
  ...['date-after', 'date-on-or-after', 'date-before', 'date-on-or-before', 'in-date-range'],
  ...['ip-address-in-range', 'ip-address-not-in-range'],
]);

type Draft = ReadonlyMap<string, Condition>;
type JsonObject = Readonly<Record<string, unknown>>;

/** Branches of the pattern (one per combination of `$or` choices); throws InvalidPatternError. */
export function compilePattern(pattern: unknown): Branch[] {
  if (!isRecord(pattern)) fail('', 'an event pattern must be a JSON object');
  const drafts = compileObject(pattern, '', '', [new Map()], false);
  return drafts.map((draft) => [...draft.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)));
}

function compileObject(node: JsonObject, path: string, prefix: string, drafts: readonly Draft[], inOr: boolean) {
  const entries = Object.entries(node);
  if (entries.length === 0) fail(path, 'empty objects are not allowed');
  let current = drafts;
  for (const [key, value] of entries) {
    const at = path === '' ? key : `${path}.${key}`;
    if (key === '$or') {
      current = compileOr(value, at, prefix, current);
      continue;
    }
    if (inOr && RESERVED_IN_OR.has(key)) fail(at, `'${key}' is reserved and cannot be a field name inside $or`);
    const name = prefix === '' ? key : `${prefix}.${key}`;
    if (isArray(value)) {
      const condition = compileLeaf(value, at, name);
      // A later mention of the same field replaces the earlier one, as in EventBridge.
      current = current.map((draft) => new Map(draft).set(name, condition));
    } else if (isRecord(value)) {
      current = compileObject(value, at, name, current, inOr);
    } else {
      fail(at, 'must be an object or an array of match values');
    }
  }
  return current;
}

/** Each `$or` object forks every branch so far, merged with the keys around it. */
function compileOr(value: unknown, at: string, prefix: string, drafts: readonly Draft[]): Draft[] {
  if (!isArray(value) || value.length < 2) fail(at, '$or must be an array of at least 2 objects');
  return value.flatMap((choice, i) => {
    if (!isRecord(choice)) fail(`${at}[${i}]`, 'each $or element must be an object');
    return compileObject(choice, `${at}[${i}]`, prefix, drafts, true);
  });
}

function compileLeaf(values: readonly unknown[], path: string, name: string): Condition {
  if (values.length === 0) fail(path, 'empty arrays are not allowed');
  const tests: ValueTest[] = [];
  let absentOk = false;
  values.forEach((value, i) => {
    const at = `${path}[${i}]`;
    if (isRecord(value)) {
      const test = compileFilter(value, at);
      if (test === 'absent') absentOk = true;
      else tests.push(test);
    } else if (isLeaf(value)) {
      tests.push(exact(value));
    } else {
      fail(at, 'match values must be strings, numbers, booleans, null or content-filter objects');
    }
  });
  return { name, tests, absentOk };
}

function exact(expected: Leaf): ValueTest {
  // A string that is an IP address matches the same address however it is written (e.g. IPv6 "::1").
  const ip = typeof expected === 'string' ? parseIp(expected) : undefined;
  if (ip === undefined) return (value) => value === expected;
  const sameAddress = ipRangeTest(ip, ip.length * 8);
  return (value) => value === expected || sameAddress(value);
}

function compileFilter(filter: JsonObject, path: string): ValueTest | 'absent' {
  const [operator, argument] = onlyEntry(filter, path, 'a content filter');
  const at = `${path}.${operator}`;
  switch (operator) {
    case 'prefix':
    case 'suffix':
      if (!isRecord(argument)) return affixTest(operator, text(argument, at), false);
      return affixTest(operator, ignoreCaseText(argument, at), true);
    case 'equals-ignore-case':
      return equalsIgnoreCaseTest(text(argument, at));
    case 'wildcard':
      return wildcard(text(argument, at), at);
    case 'anything-but':
      return anythingBut(argument, at);
    case 'numeric':
      return numeric(argument, at);
    case 'exists':
      if (typeof argument !== 'boolean') fail(at, 'must be true or false');
      return argument ? () => true : 'absent';
    case 'cidr':
      return cidr(text(argument, at), at);
    default:
      return fail(path, `operator '${operator}' is not supported`);
  }
}

function ignoreCaseText(argument: JsonObject, at: string): string {
  const [key, value] = onlyEntry(argument, at, 'this object');
  if (key !== 'equals-ignore-case') fail(at, `operator '${key}' is not supported here; use equals-ignore-case`);
  return text(value, `${at}.${key}`);
}

/** `*` matches any run of characters; `\*` and `\\` are a literal `*` and `\`; `**` is rejected. */
function wildcard(pattern: string, at: string): ValueTest {
  const segments: string[] = [];
  let segment = '';
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i];
    if (char === '*') {
      if (pattern[i + 1] === '*') fail(at, `consecutive wildcard characters at position ${i} are not allowed`);
      segments.push(segment);
      segment = '';
    } else if (char === '\\') {
      const next = pattern[i + 1];
      if (next !== '*' && next !== '\\') fail(at, `invalid escape at position ${i}: '\\' may only escape '*' or '\\'`);
      segment += next;
      i++;
    } else {
      segment += char;
    }
  }
  segments.push(segment);
  return wildcardTest(segments);
}

/** Matches any leaf (of any type) except the given ones; a missing field is not matched. */
function anythingBut(argument: unknown, at: string): ValueTest {
  if (typeof argument === 'string') return (value) => value !== argument;
  if (typeof argument === 'number') {
    const excluded = numberIn(argument, at);
    return (value) => value !== excluded;
  }
  if (isArray(argument)) {
    const strings = argument.every((v) => typeof v === 'string');
    if (argument.length === 0 || (!strings && !argument.every((v) => typeof v === 'number'))) {
      fail(at, 'must be a non-empty list of only strings or only numbers');
    }
    const excluded = new Set<Leaf>(strings ? argument : argument.map((v, i) => numberIn(v, `${at}[${i}]`)));
    return (value) => !excluded.has(value);
  }
  if (!isRecord(argument)) fail(at, 'must be a string, a number, a list of either, or a prefix/suffix/wildcard object');
  const [kind, operand] = onlyEntry(argument, at, 'an anything-but object');
  const where = `${at}.${kind}`;
  if (kind !== 'prefix' && kind !== 'suffix' && kind !== 'equals-ignore-case' && kind !== 'wildcard') {
    return fail(at, `operator '${kind}' is not supported inside anything-but`);
  }
  const list = isArray(operand) ? operand : [operand];
  if (list.length === 0) fail(where, 'must not be an empty list');
  const tests = list.map((item, i) => {
    const itemAt = isArray(operand) ? `${where}[${i}]` : where;
    const value = text(item, itemAt);
    if (kind === 'wildcard') return wildcard(value, itemAt);
    if (kind === 'equals-ignore-case') return equalsIgnoreCaseTest(value);
    if (value === '') fail(itemAt, `an empty ${kind} is not allowed`);
    return affixTest(kind, value, false);
  });
  // The positive tests only accept strings, so numbers, booleans and null are always "anything but".
  return (value) => !tests.some((test) => test(value));
}

const isLowerBound = (op: unknown) => op === '>' || op === '>=';
const isUpperBound = (op: unknown) => op === '<' || op === '<=';

/** `["=", n]`, `["<" | "<=" | ">" | ">=", n]` or a range `[">" | ">=", low, "<" | "<=", high]` with low < high. */
function numeric(argument: unknown, at: string): ValueTest {
  if (!isArray(argument)) fail(at, 'must be an array such as [">", 0, "<=", 5]');
  const [op, operand, upperOp, upperOperand] = argument;
  if (typeof op !== 'string') fail(`${at}[0]`, 'must be one of "=", "<", "<=", ">", ">="');
  if (op !== '=' && !isLowerBound(op) && !isUpperBound(op)) fail(at, `operator '${op}' is not supported`);
  const n = numberIn(operand, `${at}[1]`);
  const inRange = (value: Leaf): value is number =>
    typeof value === 'number' && value >= -NUMERIC_LIMIT && value <= NUMERIC_LIMIT;
  if (!isLowerBound(op) || argument.length === 2) {
    if (argument.length !== 2) fail(at, `'${op}' takes exactly one number; only '>' or '>=' can start a range`);
    const compare: Record<string, (v: number) => boolean> = {
      '=': (v) => v === n,
      '<': (v) => v < n,
      '<=': (v) => v <= n,
      '>': (v) => v > n,
      '>=': (v) => v >= n,
    };
    const test = compare[op] ?? (() => false);
    return (value) => inRange(value) && test(value);
  }
  if (argument.length !== 4) fail(at, 'a range must be [">" or ">=", lower, "<" or "<=", upper]');
  if (!isUpperBound(upperOp)) fail(`${at}[2]`, 'the second operator of a range must be "<" or "<="');
  const high = numberIn(upperOperand, `${at}[3]`);
  if (n >= high) fail(at, `the lower bound ${n} must be less than the upper bound ${high}`);
  const aboveLow = op === '>' ? (v: number) => v > n : (v: number) => v >= n;
  const belowHigh = upperOp === '<' ? (v: number) => v < high : (v: number) => v <= high;
  return (value) => inRange(value) && aboveLow(value) && belowHigh(value);
}

/** `address/bits`; IPv4 needs bits < 32, IPv6 bits < 128 (as in EventBridge). Host bits are ignored. */
function cidr(block: string, at: string): ValueTest {
  const [address = '', bits, ...rest] = block.split('/');
  if (bits === undefined || rest.length > 0) fail(at, `'${block}' must be address/prefix-length, e.g. 10.0.0.0/24`);
  const base = parseIp(address) ?? fail(at, `'${address}' is not an IPv4 or IPv6 address`);
  const width = base.length * 8;
  if (!/^\d+$/.test(bits) || Number(bits) >= width) fail(at, `prefix length must be an integer from 0 to ${width - 1}`);
  return ipRangeTest(base, Number(bits));
}

function numberIn(value: unknown, at: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return fail(at, 'must be a number');
  if (Math.abs(value) > NUMERIC_LIMIT) fail(at, `${value} is outside the supported range -5e9 to 5e9`);
  if (Number(value.toFixed(6)) !== value) fail(at, `${value} has more than 6 digits after the decimal point`);
  return value;
}

function text(value: unknown, at: string): string {
  return typeof value === 'string' ? value : fail(at, 'must be a string');
}

function onlyEntry(object: JsonObject, at: string, what: string): [string, unknown] {
  const entries = Object.entries(object);
  const [entry] = entries;
  if (entry === undefined || entries.length > 1) return fail(at, `${what} must have exactly one key`);
  return entry;
}

function fail(path: string, reason: string): never {
  throw new InvalidPatternError(path, reason);
}

const isRecord = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isArray = (value: unknown): value is readonly unknown[] => Array.isArray(value);
