import type { ReturnConsumedCapacity } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../../shared/platform/dynamodb/client.js';

/** What a client consumed, as DynamoDB (here dynalite) reports it with ReturnConsumedCapacity: TOTAL. */
export interface Capacity {
  reads: number;
  writes: number;
  readUnits: number;
  writeUnits: number;
  /** Conditional writes refused (DynamoDB still charges them; dynalite reports nothing for them). */
  failedWrites: number;
}

const writes = new Set(['PutItem', 'UpdateItem', 'DeleteItem']);
const reads = new Set(['GetItem', 'Query']);
const none = (): Capacity => ({ reads: 0, writes: 0, readUnits: 0, writeUnits: 0, failedWrites: 0 });

/** A document client on `url` that asks for the consumed capacity of every single-item request and adds it up. */
export function capacityMeter(url: string): { db: DynamoDBDocumentClient; take: () => Capacity } {
  const db = createDocumentClient(url);
  let seen = none();
  const total: ReturnConsumedCapacity = 'TOTAL';
  db.middlewareStack.add(
    (next, context) => async (args) => {
      const operation = (context.commandName ?? '').replace(/Command$/, '');
      const isWrite = writes.has(operation);
      if (!isWrite && !reads.has(operation)) return next(args);
      if (isWrite) seen.writes++;
      else seen.reads++;
      try {
        const result = await next({ ...args, input: { ...args.input, ReturnConsumedCapacity: total } });
        const consumed: unknown = Reflect.get(result.output as object, 'ConsumedCapacity');
        const units = Number(Reflect.get(Object(consumed), 'CapacityUnits') ?? 0);
        if (isWrite) seen.writeUnits += units;
        else seen.readUnits += units;
        return result;
      } catch (error) {
        if (isWrite && error instanceof Error && error.name === 'ConditionalCheckFailedException') seen.failedWrites++;
        throw error;
      }
    },
    { step: 'initialize', name: 'capacityMeter', priority: 'high' },
  );
  return {
    db,
    take: () => {
      const taken = seen;
      seen = none();
      return taken;
    },
  };
}

/** An item's size by DynamoDB's rule (attribute names plus values) for the scalar and binary attributes we store. */
export function itemBytes(item: Record<string, unknown>): number {
  let bytes = 0;
  for (const [name, value] of Object.entries(item)) {
    bytes += Buffer.byteLength(name);
    if (typeof value === 'string') bytes += Buffer.byteLength(value);
    else if (value instanceof Uint8Array) bytes += value.byteLength;
    else if (typeof value === 'number') bytes += Math.ceil(String(Math.abs(value)).replace('.', '').length / 2) + 1;
    else if (typeof value === 'boolean') bytes += 1;
    else bytes += Buffer.byteLength(JSON.stringify(value)); // (not used for loyalty items: an upper bound)
  }
  return bytes;
}
