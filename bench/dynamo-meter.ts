import type { ReturnConsumedCapacity } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { tableDefinition } from '../shared/platform/table.js';

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
 * dynalite's figures cover the base table only. Index writes are not in them: `lsiWriteUnits` estimates the
 * LSI share for puts (an item carrying an LSI's sort key, projection ALL: 1 WCU per started KB per index).
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
/** Sort keys of the local secondary indexes: a new item carrying one is also written to that index. */
const lsiSortKeys: readonly string[] = tableDefinition.localIndexes.map((index) => index.sortKey);

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
  /** Estimated LSI write units (not included in the table figures above). */
  lsiWriteUnits: number;
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
  lsiWriteUnits: 0,
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
}

export class DynamoMeter {
  private readonly counters = new Map<string, DynamoCounters>();
  private failedWrites: FailedWrite[] = [];

  /** Adds the counting middleware; pass it as `startLocalEngine({ instrumentDynamo })`. */
  readonly instrument = (client: DynamoDBDocumentClient, functionName: string = unnamedFunction): void => {
    const counters = this.countersOf(functionName);
    const total: ReturnConsumedCapacity = 'TOTAL';
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const operation = (context.commandName ?? 'Unknown').replace(/Command$/, '');
        const input: object = args.input;
        const measured = capacityCommands.has(operation)
          ? { ...args, input: { ...args.input, ReturnConsumedCapacity: total } }
          : args;
        try {
          const result = await next(measured);
          this.recordSuccess(counters, operation, input, result.output);
          return result;
        } catch (error) {
          this.recordFailure(counters, operation, input, error);
          throw error;
        }
      },
      { step: 'initialize', name: 'benchDynamoMeter', priority: 'high' },
    );
  };

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
          write.counters.estimatedWriteUnits += Math.max(1, Math.ceil(size / 1024));
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
    if (isWrite && units === undefined) counters.estimatedWriteUnits += writeUnitsOf(operation, input);
    if (operation === 'PutItem') {
      const item: unknown = Reflect.get(input, 'Item');
      if (isRecord(item)) {
        const indexes = lsiSortKeys.filter((key) => key in item).length;
        counters.lsiWriteUnits += indexes * Math.max(1, Math.ceil(itemSize(item) / 1024));
        if (item.pk === 'DLQ') counters.parkedWrites++;
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
      this.failedWrites.push({ counters, table, key, newItemSize: isRecord(item) ? itemSize(item) : 0 });
      return;
    }
    counters.errors[name] = (counters.errors[name] ?? 0) + 1;
  }
}

function count(counters: DynamoCounters, operation: string): void {
  counters.requests[operation] = (counters.requests[operation] ?? 0) + 1;
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
    lsiWriteUnits: after.lsiWriteUnits - before.lsiWriteUnits,
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
  const add = (into: Record<string, number>, from: Readonly<Record<string, number>>) => {
    for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v;
  };
  const sum = emptyCounters();
  for (const c of all) {
    add(sum.requests, c.requests);
    add(sum.errors, c.errors);
    sum.reportedWriteUnits += c.reportedWriteUnits;
    sum.reportedReadUnits += c.reportedReadUnits;
    sum.estimatedWriteUnits += c.estimatedWriteUnits;
    sum.estimatedReadUnits += c.estimatedReadUnits;
    sum.failedConditions += c.failedConditions;
    sum.emptyQueries += c.emptyQueries;
    sum.lsiWriteUnits += c.lsiWriteUnits;
    sum.queryItems += c.queryItems;
    sum.parkedWrites += c.parkedWrites;
  }
  return sum;
}

export const totalRequests = (c: DynamoCounters): number => Object.values(c.requests).reduce((a, b) => a + b, 0);
export const writeUnits = (c: DynamoCounters): number => c.reportedWriteUnits + c.estimatedWriteUnits;
export const readUnits = (c: DynamoCounters): number => c.reportedReadUnits + c.estimatedReadUnits;

const isWriteOperation = (operation: string): boolean =>
  writeCommands.some((c) => c === operation) || operation === 'BatchWriteItem' || operation === 'TransactWriteItems';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

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

/**
 * An item's size by DynamoDB's rules, from the document form the functions pass (before marshalling):
 * attribute names plus values; strings as UTF-8; numbers about 1 byte per 2 digits plus 1; 1 byte for booleans and
 * null; lists and maps 3 bytes plus 1 per element. Close enough to tell 1 KB boundaries apart.
 */
export function itemSize(item: Readonly<Record<string, unknown>>): number {
  let size = 0;
  for (const [name, value] of Object.entries(item)) {
    if (value === undefined) continue;
    size += Buffer.byteLength(name) + valueSize(value);
  }
  return size;
}

function valueSize(value: unknown): number {
  if (typeof value === 'string') return Buffer.byteLength(value);
  if (typeof value === 'number' || typeof value === 'bigint') {
    const digits = String(value)
      .replace(/[-.]|e.*$/gi, '')
      .replace(/^0+/, '').length;
    return 1 + Math.ceil(Math.max(digits, 1) / 2);
  }
  if (typeof value === 'boolean' || value === null) return 1;
  if (value instanceof Set) return [...value].reduce<number>((sum, v) => sum + valueSize(v), 0);
  if (value instanceof Uint8Array) return value.byteLength;
  if (Array.isArray(value)) return 3 + value.reduce<number>((sum, v) => sum + 1 + valueSize(v), 0);
  if (isRecord(value)) return 3 + Object.keys(value).length + itemSize(value);
  return 0;
}
