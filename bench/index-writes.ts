import type { TableDescription } from '@aws-sdk/client-dynamodb';
import { isRecord, itemSize } from './item-size.js';

/**
 * DynamoDB's rules for the writes a base-table write causes in each secondary index, from the item before and after
 * it (`undefined`: no item). An item is in an index when it carries every attribute of the index key (indexes are
 * sparse). Per index:
 * - key absent → present: one put of the index entry;
 * - present → absent: one delete;
 * - key value changed: a delete of the old entry and a put of the new one (two writes);
 * - key unchanged and present: one update if a projected attribute changed (never with KEYS_ONLY), else nothing.
 * A put or update costs 1 WCU per started KB of the new entry (its projected attributes), a delete per started KB
 * of the old one; at least 1 each. A failed conditional write changes no item, so it writes no index either.
 */

export type Item = Readonly<Record<string, unknown>>;

export interface IndexDefinition {
  readonly name: string;
  /** The index key's attributes (partition key, then sort key). */
  readonly keys: readonly string[];
  /** Which attributes the index holds beside the table's and its own keys: none, the listed ones, or all. */
  readonly projection:
    | { readonly type: 'KEYS_ONLY' }
    | { readonly type: 'INCLUDE'; readonly attributes: readonly string[] }
    | { readonly type: 'ALL' };
}

export interface TableIndexes {
  /** The table's own key attributes (every index entry carries them). */
  readonly tableKeys: readonly string[];
  readonly indexes: readonly IndexDefinition[];
}

export interface IndexWrite {
  readonly index: string;
  readonly puts: number;
  readonly deletes: number;
  readonly updates: number;
  readonly units: number;
}

/** The index writes of one base-table write that turned `before` into `after`; indexes it does not touch are left out. */
export function indexWrites(table: TableIndexes, before: Item | undefined, after: Item | undefined): IndexWrite[] {
  const writes: IndexWrite[] = [];
  for (const index of table.indexes) {
    const old = entryOf(table, index, before);
    const next = entryOf(table, index, after);
    const write = { index: index.name, puts: 0, deletes: 0, updates: 0, units: 0 };
    if (old && next && index.keys.every((k) => sameValue(old[k], next[k]))) {
      if (sameValue(old, next)) continue;
      write.updates = 1;
      write.units = unitsOf(next);
    } else {
      if (old) {
        write.deletes = 1;
        write.units += unitsOf(old);
      }
      if (next) {
        write.puts = 1;
        write.units += unitsOf(next);
      }
    }
    if (write.units > 0) writes.push(write);
  }
  return writes;
}

/** Total write units of `indexWrites`. */
export const indexWriteUnits = (table: TableIndexes, before: Item | undefined, after: Item | undefined): number =>
  indexWrites(table, before, after).reduce((n, w) => n + w.units, 0);

/** The entry `item` has in `index` (its projected attributes), or undefined when it lacks part of the index key. */
function entryOf(table: TableIndexes, index: IndexDefinition, item: Item | undefined): Item | undefined {
  if (!item || index.keys.some((k) => item[k] === undefined || item[k] === null)) return undefined;
  if (index.projection.type === 'ALL') return item;
  const names = [
    ...table.tableKeys,
    ...index.keys,
    ...(index.projection.type === 'INCLUDE' ? index.projection.attributes : []),
  ];
  return Object.fromEntries(names.filter((n) => item[n] !== undefined).map((n) => [n, item[n]]));
}

const unitsOf = (entry: Item): number => Math.max(1, Math.ceil(itemSize(entry) / 1024));

/** The indexes of a table as DynamoDB describes it (`DescribeTable`): the truth, whatever created the table. */
export function indexesOf(table: TableDescription): TableIndexes {
  const tableKeys = (table.KeySchema ?? []).flatMap((k) => (k.AttributeName ? [k.AttributeName] : []));
  const indexes = [...(table.LocalSecondaryIndexes ?? []), ...(table.GlobalSecondaryIndexes ?? [])].map(
    (index): IndexDefinition => {
      const type = index.Projection?.ProjectionType ?? 'ALL';
      return {
        name: index.IndexName ?? '?',
        keys: (index.KeySchema ?? []).flatMap((k) => (k.AttributeName ? [k.AttributeName] : [])),
        projection:
          type === 'INCLUDE'
            ? { type, attributes: index.Projection?.NonKeyAttributes ?? [] }
            : { type: type === 'KEYS_ONLY' ? 'KEYS_ONLY' : 'ALL' },
      };
    },
  );
  return { tableKeys, indexes };
}

/** Deep equality of document values (strings, numbers, booleans, null, binary, sets, lists, maps). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a instanceof Uint8Array || b instanceof Uint8Array) {
    return a instanceof Uint8Array && b instanceof Uint8Array && Buffer.from(a).equals(Buffer.from(b));
  }
  if (a instanceof Set || b instanceof Set) {
    return a instanceof Set && b instanceof Set && a.size === b.size && [...a].every((v) => b.has(v));
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => sameValue(v, b[i]));
  }
  if (isRecord(a) && isRecord(b)) {
    const names = Object.keys(a).filter((k) => a[k] !== undefined);
    return (
      names.length === Object.keys(b).filter((k) => b[k] !== undefined).length &&
      names.every((k) => sameValue(a[k], b[k]))
    );
  }
  return false;
}
