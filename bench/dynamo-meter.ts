import { performance } from 'node:perf_hooks';
import type { ReturnConsumedCapacity } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { tableDefinition } from '../shared/platform/table.js';
import { indexWrites } from './index-writes.js';
import { isRecord, itemSize } from './item-size.js';
import { type PreparedWrite, WriteImages } from './write-images.js';

/** Re-exported for the benches that size items with the meter. */
export { itemSize };

/**
 * Counts the functions' DynamoDB requests and the capacity they consume, with SDK middleware on their clients, each
 * function on its own (the local engine gives every function its own client and names it).
 * Capacity comes from `ConsumedCapacity` (ReturnConsumedCapacity: TOTAL, which dynalite honours for successful
 * single-item reads, writes and queries). Where dynalite reports nothing, DynamoDB's own rules fill in:
 * - a conditional write whose condition fails still consumes write capacity, by the size of the larger of the stored
 *   item and the item the write would have produced (min 1 WCU). dynalite answers with an error and no capacity, so
 *   `sizeFailedWrites` reads the stored items after the phase (an update's own additions are a few bytes: ignored);
 * - a Query that returns nothing still consumes the minimum read (0.5 RCU eventually consistent, 1 strongly);
 *   dynalite reports 0 for it.
 * dynalite's figures cover the base table only. Once `countIndexWrites` is called, every successful write (PutItem,
 * UpdateItem, DeleteItem, BatchWriteItem) also counts its secondary-index writes by DynamoDB's rules, from the item
 * before and after it (`write-images.ts` gets them, `index-writes.ts` applies the rules); they are kept apart from
 * the table's units (`indexUnits`, `writeUnitsWithIndexes`). A failed conditional write writes no index.
 * Every write is also counted by operation and key kind (`PutItem CUST/EVT`), with its units, table and index: what a
 * phase writes, and where, when a figure looks wrong.
 */

export const writeCommands = ['PutItem', 'UpdateItem', 'DeleteItem'] as const;
export const readCommands = ['GetItem', 'Query'] as const;
const capacityCommands: ReadonlySet<string> = new Set([
  ...writeCommands,
  ...readCommands,
  'Scan',
  'BatchGetItem',
  'BatchWriteItem',
  'TransactGetItems',
  'TransactWriteItems',
]);

export interface DynamoCounters {
  /** Requests by operation name (`GetItem`, `PutItem`, ...), as the functions sent them (retries not counted). */
  requests: Record<string, number>;
  /** Capacity as DynamoDB (here dynalite) reported it. */
  reportedWriteUnits: number;
  reportedReadUnits: number;
  /** Capacity computed from DynamoDB's rules where nothing was reported (see the file comment). */
  estimatedWriteUnits: number;
  estimatedReadUnits: number;
  /** Writes whose condition failed ("already applied"), sized by `sizeFailedWrites`. */
  failedConditions: number;
  /** Queries that found nothing and were counted at the minimum read. */
  emptyQueries: number;
  /** Write units of the secondary indexes by index name, by DynamoDB's rules; not in the table figures above. */
  indexWriteUnits: Record<string, number>;
  /** Index entries put, deleted and updated, by `<index> put|delete|update`. */
  indexWrites: Record<string, number>;
  /** Writes by `<operation> <key kind>` (e.g. `PutItem CUST/EVT`), failed conditional ones included. */
  writes: Record<string, number>;
  /** Their write units, table and index (failed conditional writes once sized). */
  writeUnitsByKey: Record<string, number>;
  /** The meter's own reads of items before a write (not the functions' requests; they add time, not units). */
  meterReads: number;
  /** Items the Queries returned (their `Count`): what a Query read, beside the GetItems. */
  queryItems: number;
  /** Errors other than failed conditions, by name. */
  errors: Record<string, number>;
  /** Events parked in the DLQ (a put to pk `DLQ`): a bench that parks events measures the wrong thing. */
  parkedWrites: number;
}

export const emptyCounters = (): DynamoCounters => ({
  requests: {},
  reportedWriteUnits: 0,
  reportedReadUnits: 0,
  estimatedWriteUnits: 0,
  estimatedReadUnits: 0,
  failedConditions: 0,
  emptyQueries: 0,
  indexWriteUnits: {},
  indexWrites: {},
  writes: {},
  writeUnitsByKey: {},
  meterReads: 0,
  queryItems: 0,
  errors: {},
  parkedWrites: 0,
});

/** Counters by function name (`track`, `loyalty`, ...), as `startLocalEngine` names the clients. */
export type FunctionCounters = Record<string, DynamoCounters>;

/** The name counted under when a client is instrumented without one. */
export const unnamedFunction = '(unnamed)';

interface FailedWrite {
  /** The counters of the function that sent the write. */
  readonly counters: DynamoCounters;
  readonly table: string;
  readonly key: Record<string, unknown>;
  /** Size of the item a failed put would have written; 0 for updates and deletes. */
  readonly newItemSize: number;
  /** `<operation> <key kind>`, for `writeUnitsByKey`. */
  readonly byKey: string;
}

export class DynamoMeter {
  private readonly counters = new Map<string, DynamoCounters>();
  private failedWrites: FailedWrite[] = [];
  private images: WriteImages | undefined;
  /** Requests sent and not answered yet, and when the last one started or ended (for `idle`). */
  private inFlight = 0;
  private lastActivity = 0;

  /** Adds the counting middleware; pass it as `startLocalEngine({ instrumentDynamo })`. */
  readonly instrument = (client: DynamoDBDocumentClient, functionName: string = unnamedFunction): void => {
    const counters = this.countersOf(functionName);
    const total: ReturnConsumedCapacity = 'TOTAL';
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const operation = (context.commandName ?? 'Unknown').replace(/Command$/, '');
        const input: object = args.input;
        this.inFlight++;
        this.lastActivity = performance.now();
        try {
          const prepared = await this.images?.prepare(operation, input);
          const sent: object = prepared?.input ?? input;
          const measured = capacityCommands.has(operation) ? { ...sent, ReturnConsumedCapacity: total } : sent;
          try {
            const result = await next({ ...args, input: measured });
            this.recordSuccess(counters, operation, input, result.output);
            if (prepared) await this.recordIndexWrites(counters, operation, prepared, result.output);
            return result;
          } catch (error) {
            if (prepared) counters.meterReads += prepared.reads;
            this.recordFailure(counters, operation, input, error);
            throw error;
          }
        } finally {
          this.inFlight--;
          this.lastActivity = performance.now();
        }
      },
      { step: 'initialize', name: 'benchDynamoMeter', priority: 'high' },
    );
  };

  /**
   * Resolves once no function has had a request in flight for `quietMs`. A handler that timed out is retried or its
   * event parked while its code may still be running (nothing cancels it), so a settled bus can still be writing:
   * a bench waits for this before measuring anything else, and before closing dynalite. Returns how long it has
   * been quiet (at least `quietMs`), to take that wait out of a phase's time.
   */
  async idle(quietMs: number): Promise<number> {
    for (;;) {
      const quietFor = performance.now() - this.lastActivity;
      if (this.inFlight === 0 && quietFor >= quietMs) return quietFor;
      await new Promise((resolve) => setTimeout(resolve, Math.max(50, quietMs - quietFor)));
    }
  }

  /**
   * From now on, counts the index writes of every successful write, reading items with `reader` (not instrumented)
   * where no request returns them (see `write-images.ts`). Slows the functions down by a read per update.
   */
  countIndexWrites(reader: DynamoDBDocumentClient): void {
    this.images = new WriteImages(reader);
  }

  stopCountingIndexWrites(): void {
    this.images = undefined;
  }

  get countsIndexWrites(): boolean {
    return this.images !== undefined;
  }

  /** Every function's counters so far (a copy). */
  snapshot(): FunctionCounters {
    return structuredClone(Object.fromEntries(this.counters));
  }

  /** Adds the write units of the conditional writes that failed since the last call, sized from the stored items. */
  async sizeFailedWrites(reader: DynamoDBDocumentClient): Promise<void> {
    const failed = this.failedWrites;
    this.failedWrites = [];
    for (let i = 0; i < failed.length; i += 25) {
      await Promise.all(
        failed.slice(i, i + 25).map(async (write) => {
          const { Item } = await reader.send(
            new GetCommand({ TableName: write.table, Key: write.key, ConsistentRead: true }),
          );
          const size = Math.max(write.newItemSize, Item ? itemSize(Item) : 0);
          const units = Math.max(1, Math.ceil(size / 1024));
          write.counters.estimatedWriteUnits += units;
          add(write.counters.writeUnitsByKey, write.byKey, units);
        }),
      );
    }
  }

  private countersOf(functionName: string): DynamoCounters {
    const existing = this.counters.get(functionName);
    if (existing) return existing;
    const created = emptyCounters();
    this.counters.set(functionName, created);
    return created;
  }

  private recordSuccess(counters: DynamoCounters, operation: string, input: object, output: object): void {
    count(counters, operation);
    const units = capacityUnits(Reflect.get(output, 'ConsumedCapacity'));
    const isWrite = isWriteOperation(operation);
    if (units !== undefined) {
      if (isWrite) counters.reportedWriteUnits += units;
      else counters.reportedReadUnits += units;
    }
    if (operation === 'Query') {
      const returned: unknown = Reflect.get(output, 'Count');
      if (typeof returned === 'number') counters.queryItems += returned;
      if (!units) {
        counters.emptyQueries++;
        counters.estimatedReadUnits += Reflect.get(input, 'ConsistentRead') === true ? 1 : 0.5;
      }
    }
    if (!isWrite) return;
    const estimated = units === undefined ? writeUnitsOf(operation, input) : 0;
    counters.estimatedWriteUnits += estimated;
    const byKey = writeKey(operation, input);
    add(counters.writes, byKey, 1);
    add(counters.writeUnitsByKey, byKey, units ?? estimated);
    if (operation === 'PutItem') {
      const item: unknown = Reflect.get(input, 'Item');
      if (isRecord(item) && item.pk === 'DLQ') counters.parkedWrites++;
    }
  }

  /** The index writes of a successful write, from its images. */
  private async recordIndexWrites(
    counters: DynamoCounters,
    operation: string,
    prepared: PreparedWrite,
    output: object,
  ): Promise<void> {
    const done = await prepared.complete(output);
    counters.meterReads += done.reads;
    for (const image of done.images) {
      const indexes = await this.images?.indexes(image.table);
      if (!indexes) continue;
      const byKey = `${operation} ${keyKind(image.key)}`;
      for (const write of indexWrites(indexes, image.before, image.after)) {
        add(counters.indexWriteUnits, write.index, write.units);
        if (write.puts) add(counters.indexWrites, `${write.index} put`, write.puts);
        if (write.deletes) add(counters.indexWrites, `${write.index} delete`, write.deletes);
        if (write.updates) add(counters.indexWrites, `${write.index} update`, write.updates);
        add(counters.writeUnitsByKey, byKey, write.units);
      }
    }
  }

  private recordFailure(counters: DynamoCounters, operation: string, input: object, error: unknown): void {
    count(counters, operation);
    const name = error instanceof Error ? error.name : 'Unknown';
    const table: unknown = Reflect.get(input, 'TableName');
    const item: unknown = Reflect.get(input, 'Item');
    const key: unknown = isRecord(item)
      ? {
          [tableDefinition.partitionKey]: item[tableDefinition.partitionKey],
          [tableDefinition.sortKey]: item[tableDefinition.sortKey],
        }
      : Reflect.get(input, 'Key');
    if (name === 'ConditionalCheckFailedException' && typeof table === 'string' && isRecord(key)) {
      counters.failedConditions++;
      const byKey = writeKey(operation, input);
      add(counters.writes, byKey, 1);
      this.failedWrites.push({ counters, table, key, newItemSize: isRecord(item) ? itemSize(item) : 0, byKey });
      return;
    }
    counters.errors[name] = (counters.errors[name] ?? 0) + 1;
  }
}

function count(counters: DynamoCounters, operation: string): void {
  add(counters.requests, operation, 1);
}

function add(into: Record<string, number>, name: string, n: number): void {
  into[name] = (into[name] ?? 0) + n;
}

/**
 * What kind of item a key names, without its ids: the partition key's and the sort key's leading upper-case
 * segments, e.g. `CUST#cus_1` / `LOYALTY#ORDER#ord_1` -> `CUST/LOYALTY#ORDER`, `DLQ` / `track#<id>` -> `DLQ/…`.
 */
export function keyKind(key: Readonly<Record<string, unknown>>): string {
  const kind = (value: unknown): string => {
    const segments: string[] = [];
    for (const segment of String(value ?? '').split('#')) {
      if (!/^[A-Z_]+$/.test(segment)) break;
      segments.push(segment);
    }
    return segments.join('#') || '…';
  };
  return `${kind(key[tableDefinition.partitionKey])}/${kind(key[tableDefinition.sortKey])}`;
}

/** `<operation> <key kind>` of a single-item write; a batch is counted as one request, by its first item. */
function writeKey(operation: string, input: object): string {
  const item: unknown = Reflect.get(input, 'Item');
  const key: unknown = isRecord(item) ? item : Reflect.get(input, 'Key');
  if (isRecord(key)) return `${operation} ${keyKind(key)}`;
  return operation;
}

/** `after - before`, field by field. */
export function diffCounters(after: DynamoCounters, before: DynamoCounters): DynamoCounters {
  const minus = (a: Record<string, number>, b: Record<string, number>): Record<string, number> =>
    Object.fromEntries(
      Object.entries(a)
        .map(([k, v]): [string, number] => [k, v - (b[k] ?? 0)])
        .filter(([, v]) => v !== 0),
    );
  return {
    requests: minus(after.requests, before.requests),
    reportedWriteUnits: after.reportedWriteUnits - before.reportedWriteUnits,
    reportedReadUnits: after.reportedReadUnits - before.reportedReadUnits,
    estimatedWriteUnits: after.estimatedWriteUnits - before.estimatedWriteUnits,
    estimatedReadUnits: after.estimatedReadUnits - before.estimatedReadUnits,
    failedConditions: after.failedConditions - before.failedConditions,
    emptyQueries: after.emptyQueries - before.emptyQueries,
    indexWriteUnits: minus(after.indexWriteUnits, before.indexWriteUnits),
    indexWrites: minus(after.indexWrites, before.indexWrites),
    writes: minus(after.writes, before.writes),
    writeUnitsByKey: minus(after.writeUnitsByKey, before.writeUnitsByKey),
    meterReads: after.meterReads - before.meterReads,
    queryItems: after.queryItems - before.queryItems,
    errors: minus(after.errors, before.errors),
    parkedWrites: after.parkedWrites - before.parkedWrites,
  };
}

/** `after - before` per function, keeping the functions that sent requests in between. */
export function diffFunctions(after: FunctionCounters, before: FunctionCounters): FunctionCounters {
  return Object.fromEntries(
    Object.entries(after)
      .map(([name, counters]): [string, DynamoCounters] => [
        name,
        diffCounters(counters, before[name] ?? emptyCounters()),
      ])
      .filter(([, counters]) => totalRequests(counters) > 0),
  );
}

/** The counters of several functions added up. */
export function sumCounters(all: readonly DynamoCounters[]): DynamoCounters {
  const addAll = (into: Record<string, number>, from: Readonly<Record<string, number>>) => {
    for (const [k, v] of Object.entries(from)) add(into, k, v);
  };
  const sum = emptyCounters();
  for (const c of all) {
    addAll(sum.requests, c.requests);
    addAll(sum.errors, c.errors);
    addAll(sum.indexWriteUnits, c.indexWriteUnits);
    addAll(sum.indexWrites, c.indexWrites);
    addAll(sum.writes, c.writes);
    addAll(sum.writeUnitsByKey, c.writeUnitsByKey);
    sum.meterReads += c.meterReads;
    sum.reportedWriteUnits += c.reportedWriteUnits;
    sum.reportedReadUnits += c.reportedReadUnits;
    sum.estimatedWriteUnits += c.estimatedWriteUnits;
    sum.estimatedReadUnits += c.estimatedReadUnits;
    sum.failedConditions += c.failedConditions;
    sum.emptyQueries += c.emptyQueries;
    sum.queryItems += c.queryItems;
    sum.parkedWrites += c.parkedWrites;
  }
  return sum;
}

export const totalRequests = (c: DynamoCounters): number => Object.values(c.requests).reduce((a, b) => a + b, 0);
export const writeUnits = (c: DynamoCounters): number => c.reportedWriteUnits + c.estimatedWriteUnits;
export const readUnits = (c: DynamoCounters): number => c.reportedReadUnits + c.estimatedReadUnits;
/** Write units of the secondary indexes (0 unless the meter counted them). */
export const indexUnits = (c: DynamoCounters): number => Object.values(c.indexWriteUnits).reduce((a, b) => a + b, 0);
export const writeUnitsWithIndexes = (c: DynamoCounters): number => writeUnits(c) + indexUnits(c);

const isWriteOperation = (operation: string): boolean =>
  writeCommands.some((c) => c === operation) || operation === 'BatchWriteItem' || operation === 'TransactWriteItems';

/** `ConsumedCapacity` is one object for single-table operations and a list for batches. */
function capacityUnits(consumed: unknown): number | undefined {
  if (Array.isArray(consumed)) {
    const units = consumed.map(capacityUnits).filter((u): u is number => u !== undefined);
    return units.length ? units.reduce((a, b) => a + b, 0) : undefined;
  }
  if (!isRecord(consumed)) return undefined;
  const units = consumed.CapacityUnits;
  return typeof units === 'number' ? units : undefined;
}

/** A successful write with no reported capacity: a put is sized from its item, anything else counts the minimum. */
function writeUnitsOf(operation: string, input: object): number {
  const item: unknown = operation === 'PutItem' ? Reflect.get(input, 'Item') : undefined;
  return isRecord(item) ? Math.max(1, Math.ceil(itemSize(item) / 1024)) : 1;
}
