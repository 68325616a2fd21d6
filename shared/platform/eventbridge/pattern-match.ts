/**
 * Event side of EventBridge pattern matching, modelled on AWS Event Ruler (the engine behind EventBridge):
 * the event is flattened into leaf fields named by their dotted path, every array element remembering which
 * element of which array it came from, and a pattern branch matches when each of its conditions is met by
 * fields that all come from the same element of any array they share ("array-consistent" matching).
 */

/** A JSON leaf of the event: the only kind of value a pattern compares. */
export type Leaf = string | number | boolean | null;

/** Whether one leaf value satisfies one match value of a pattern (`"x"`, `{ prefix: … }`, …). */
export type ValueTest = (value: Leaf) => boolean;

/** One pattern field: a leaf at `name` passing any of `tests`, or (when `absentOk`) no leaf at `name` at all. */
export interface Condition {
  readonly name: string;
  readonly tests: readonly ValueTest[];
  readonly absentOk: boolean;
}

/** Conditions that must all hold, sorted by name; a pattern matches when any of its branches (`$or`) does. */
export type Branch = readonly Condition[];

/** The array elements a field sits in, innermost first: one link per array, so nesting costs one link a level. */
interface Membership {
  readonly array: number;
  readonly element: number;
  readonly outer: Membership | undefined;
}

/** Array id → element index: the elements the conditions met so far have committed to. */
type Chosen = ReadonlyMap<number, number>;

interface Field {
  readonly value: Leaf;
  readonly membership: Membership | undefined;
}

type FieldsByName = ReadonlyMap<string, readonly Field[]>;

export function matchBranches(branches: readonly Branch[], event: unknown): boolean {
  const fields = flatten(event, wantedPaths(branches));
  return branches.some((branch) => matchBranch(branch, fields));
}

interface SearchState {
  readonly index: number;
  readonly chosen: Chosen;
}

/**
 * Conditions are tried in name order, as Event Ruler's state machine does: an `exists: false` condition is
 * checked against the array elements already chosen by the conditions before it, not after it. The search is
 * depth-first over (condition, elements chosen so far) with an explicit stack, so no event can overflow the
 * call stack, and each field is tested once per condition however often the search comes back to it.
 */
function matchBranch(branch: Branch, fields: FieldsByName): boolean {
  const passing = branch.map((condition) =>
    (fields.get(condition.name) ?? []).filter((field) => condition.tests.some((test) => test(field.value))),
  );
  // A condition that no field passes fails the branch at once, unless it is met by the field being absent.
  if (branch.some((condition, index) => !condition.absentOk && passing[index]?.length === 0)) return false;
  const stack: SearchState[] = [{ index: 0, chosen: new Map() }];
  for (let state = stack.pop(); state !== undefined; state = stack.pop()) {
    const { index, chosen } = state;
    const condition = branch[index];
    if (condition === undefined) return true;
    const next: SearchState[] = [];
    const absent = !(fields.get(condition.name) ?? []).some((f) => merge(chosen, f.membership) !== undefined);
    if (condition.absentOk && absent) next.push({ index: index + 1, chosen });
    for (const field of passing[index] ?? []) {
      const merged = merge(chosen, field.membership);
      if (merged !== undefined) next.push({ index: index + 1, chosen: merged });
    }
    // Reversed, so the stack tries them in field order, as a recursive search would. One push each: spreading
    // a large array into push() would itself overflow the stack.
    for (const successor of next.reverse()) stack.push(successor);
  }
  return false;
}

/** The choices combined with a field's elements, or undefined when they pick different elements of one array. */
function merge(chosen: Chosen, membership: Membership | undefined): Chosen | undefined {
  let merged: Map<number, number> | undefined;
  for (let link = membership; link !== undefined; link = link.outer) {
    const existing = chosen.get(link.array);
    if (existing === undefined) {
      merged ??= new Map(chosen);
      merged.set(link.array, link.element);
    } else if (existing !== link.element) {
      return undefined;
    }
  }
  return merged ?? chosen;
}

/**
 * Every condition's name and each dotted prefix of it: the only paths of the event that can hold a field the
 * pattern compares. Walking nothing else keeps matching cheap for large events, and a deep Detail costs only as
 * many levels as a pattern names.
 */
function wantedPaths(branches: readonly Branch[]): ReadonlySet<string> {
  const paths = new Set<string>();
  for (const branch of branches) {
    for (const { name } of branch) {
      for (let dot = name.indexOf('.'); dot !== -1; dot = name.indexOf('.', dot + 1)) paths.add(name.slice(0, dot));
      paths.add(name);
    }
  }
  return paths;
}

interface Pending {
  readonly value: unknown;
  readonly name: string;
  readonly membership: Membership | undefined;
}

/**
 * Leaf fields at the wanted paths, by dotted name. Objects and arrays are never leaves, so empty ones contribute
 * nothing. Walked with an explicit stack, in document order (arrays numbered as met), so depth cannot overflow it.
 */
function flatten(event: unknown, wanted: ReadonlySet<string>): Map<string, Field[]> {
  const fields = new Map<string, Field[]>();
  let arrays = 0;
  const stack: Pending[] = [{ value: event, name: '', membership: undefined }];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const { value, name, membership } = item;
    // Children are pushed last first, so they come off the stack in document order.
    if (Array.isArray(value)) {
      const array = arrays++;
      for (let index = value.length - 1; index >= 0; index--) {
        const element: unknown = value[index];
        stack.push({ value: element, name, membership: { array, element: index, outer: membership } });
      }
    } else if (value !== null && typeof value === 'object') {
      const entries = Object.entries(value);
      for (let index = entries.length - 1; index >= 0; index--) {
        const [key, child] = entries[index] ?? ['', undefined];
        const childName = name === '' ? key : `${name}.${key}`;
        if (wanted.has(childName)) stack.push({ value: child, name: childName, membership });
      }
    } else if (name !== '' && isLeaf(value)) {
      const list = fields.get(name);
      if (list === undefined) fields.set(name, [{ value, membership }]);
      else list.push({ value, membership });
    }
  }
  return fields;
}

export const isLeaf = (value: unknown): value is Leaf =>
  value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';

export function affixTest(kind: 'prefix' | 'suffix', needle: string, ignoreCase: boolean): ValueTest {
  const wanted = ignoreCase ? needle.toLowerCase() : needle;
  return (value) => {
    if (typeof value !== 'string') return false;
    const actual = ignoreCase ? value.toLowerCase() : value;
    return kind === 'prefix' ? actual.startsWith(wanted) : actual.endsWith(wanted);
  };
}

export function equalsIgnoreCaseTest(expected: string): ValueTest {
  const wanted = expected.toLowerCase();
  return (value) => typeof value === 'string' && value.toLowerCase() === wanted;
}

/** Matches strings fitting a parsed wildcard: the literal segments that lie between its `*`s, in order. */
export function wildcardTest(segments: readonly string[]): ValueTest {
  return (value) => typeof value === 'string' && wildcardMatches(segments, value);
}

/** Placing each middle segment at its leftmost possible position is optimal, so no backtracking is needed. */
function wildcardMatches(segments: readonly string[], value: string): boolean {
  const first = segments[0] ?? '';
  if (segments.length === 1) return value === first;
  const last = segments[segments.length - 1] ?? '';
  const end = value.length - last.length;
  if (end < first.length || !value.startsWith(first) || !value.endsWith(last)) return false;
  let position = first.length;
  for (const segment of segments.slice(1, -1)) {
    const at = value.indexOf(segment, position);
    if (at === -1 || at + segment.length > end) return false;
    position = at + segment.length;
  }
  return true;
}

/**
 * Bytes of an IPv4 (4) or IPv6 (16) address literal, or undefined when `text` is not one. As in Event Ruler
 * (Java's InetAddress), an IPv4-mapped IPv6 address is the IPv4 address, and dotted or zoned IPv6 is not accepted.
 */
export function parseIp(text: string): number[] | undefined {
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (v4 !== null) {
    const parts = v4.slice(1);
    // Ambiguous literals with leading zeros (octal in some parsers) are rejected, as by current JDKs.
    if (parts.some((part) => part.length > 1 && part.startsWith('0'))) return undefined;
    const bytes = parts.map(Number);
    return bytes.every((byte) => byte <= 255) ? bytes : undefined;
  }
  if (!/^[0-9a-fA-F:]*:[0-9a-fA-F:]*$/.test(text)) return undefined;
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groupsOf = (half: string | undefined) => (half === undefined || half === '' ? [] : half.split(':'));
  const head = groupsOf(halves[0]);
  const tail = groupsOf(halves[1]);
  const explicit = head.length + tail.length;
  if (halves.length === 1 ? explicit !== 8 : explicit > 7) return undefined;
  const groups = [...head, ...Array<string>(8 - explicit).fill('0'), ...tail];
  if (!groups.every((group) => /^[0-9a-fA-F]{1,4}$/.test(group))) return undefined;
  const bytes = groups.flatMap((group) => {
    const word = Number.parseInt(group, 16);
    return [word >> 8, word & 0xff];
  });
  const mapped = bytes.slice(0, 10).every((byte) => byte === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  return mapped ? bytes.slice(12) : bytes;
}

/** Matches strings that are addresses of the same family as `base` and share its first `fixedBits` bits. */
export function ipRangeTest(base: readonly number[], fixedBits: number): ValueTest {
  const mask = (i: number) => (0xff << (8 - Math.min(8, Math.max(0, fixedBits - i * 8)))) & 0xff;
  const low = base.map((byte, i) => byte & mask(i));
  const high = base.map((byte, i) => byte | (~mask(i) & 0xff));
  return (value) => {
    const ip = typeof value === 'string' ? parseIp(value) : undefined;
    return ip?.length === base.length && compareBytes(ip, low) >= 0 && compareBytes(ip, high) <= 0;
  };
}

/** Lexicographic comparison of two addresses of the same length. */
function compareBytes(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) {
    const difference = (a[i] ?? 0) - (b[i] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}
