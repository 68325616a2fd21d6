import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../shared/platform/dynamodb/client.js';

/** What a client sent: requests by operation, the items its Queries returned, the keys its BatchGets asked for. */
export interface Meter {
  requests: Record<string, number>;
  queryItems: number;
  /** Queries and the items they returned, by index (`table` for the table itself). */
  byIndex: Record<string, { queries: number; items: number }>;
  batchGetKeys: number;
}

/** A document client on `url` that counts what it sends (SDK middleware; retries are not counted twice). */
export function metered(url: string): { db: DynamoDBDocumentClient; meter: Meter } {
  const db = createDocumentClient(url);
  const meter: Meter = { requests: {}, queryItems: 0, byIndex: {}, batchGetKeys: 0 };
  db.middlewareStack.add(
    (next, context) => async (args) => {
      const operation = (context.commandName ?? '').replace(/Command$/, '');
      meter.requests[operation] = (meter.requests[operation] ?? 0) + 1;
      const input: unknown = args.input;
      if (operation === 'BatchGetItem') meter.batchGetKeys += batchKeys(input);
      const result = await next(args);
      const count: unknown = Reflect.get(result.output as object, 'Count');
      if (operation === 'Query' && typeof count === 'number') {
        meter.queryItems += count;
        const index = String(Reflect.get(input as object, 'IndexName') ?? 'table');
        const seen = meter.byIndex[index] ?? { queries: 0, items: 0 };
        meter.byIndex[index] = { queries: seen.queries + 1, items: seen.items + count };
      }
      return result;
    },
    { step: 'initialize', name: 'testMeter' },
  );
  return { db, meter };
}

function batchKeys(input: unknown): number {
  const requests: unknown = Reflect.get(input as object, 'RequestItems');
  return Object.values(requests ?? {}).reduce<number>((n, r) => {
    const keys: unknown = Reflect.get(r as object, 'Keys');
    return n + (Array.isArray(keys) ? keys.length : 0);
  }, 0);
}
