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

/** Array id → element index, for every array a field sits in. */
type Membership = ReadonlyMap<number, number>;

interface Field {
  readonly value: Leaf;
  readonly membership: Membership;
}

type FieldsByName = ReadonlyMap<string, readonly Field[]>;

export function matchBranches(branches: readonly Branch[], event: unknown): boolean {
  const fields = flatten(event);
  return branches.some((branch) => matchFrom(branch, 0, fields, new Map()));
}

/**
 * Conditions are tried in name order, as Event Ruler's state machine does: an `exists: false` condition is
 * checked against the array elements already chosen by the conditions before it, not after it.
 */
function matchFrom(branch: Branch, index: number, fields: FieldsByName, chosen: Membership): boolean {
  const condition = branch[index];
  if (condition === undefined) return true;
  const candidates: { field: Field; membership: Membership }[] = [];
  for (const field of fields.get(condition.name) ?? []) {
    const membership = merge(chosen, field.membership);
    if (membership !== undefined) candidates.push({ field, membership });
  }
  if (condition.absentOk && candidates.length === 0 && matchFrom(branch, index + 1, fields, chosen)) return true;
  return candidates.some(
    ({ field, membership }) =>
      condition.tests.some((test) => test(field.value)) && matchFrom(branch, index + 1, fields, membership),
  );
}

/** Both memberships combined, or undefined when they pick different elements of the same array. */
function merge(chosen: Membership, next: Membership): Membership | undefined {
  let merged: Map<number, number> | undefined;
  for (const [array, element] of next) {
    const existing = chosen.get(array);
    if (existing === undefined) {
      merged ??= new Map(chosen);
      merged.set(array, element);
    } else if (existing !== element) {
      return undefined;
    }
  }
  return merged ?? chosen;
}

/** Leaf fields by dotted name. Objects and arrays are never leaves, so empty ones contribute nothing. */
function flatten(event: unknown): Map<string, Field[]> {
  const fields = new Map<string, Field[]>();
  let arrays = 0;
  const visit = (value: unknown, name: string, membership: Membership): void => {
    if (Array.isArray(value)) {
      const array = arrays++;
      value.forEach((element, index) => {
        visit(element, name, new Map(membership).set(array, index));
      });
    } else if (value !== null && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) visit(child, name === '' ? key : `${name}.${key}`, membership);
    } else if (name !== '' && isLeaf(value)) {
      const list = fields.get(name);
      if (list === undefined) fields.set(name, [{ value, membership }]);
      else list.push({ value, membership });
    }
  };
  visit(event, '', new Map());
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
