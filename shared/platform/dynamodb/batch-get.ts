import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Item } from './items.js';

const batchSize = 100;
const maxBatchAttempts = 8;

/**
 * The items of `keys` that exist (in no particular order), by BatchGetItem of 100 keys, asking again with a growing
 * pause for what DynamoDB leaves unprocessed; throws when some are still unprocessed after 8 attempts.
 */
export async function batchGetAll(
  db: DynamoDBDocumentClient,
  table: string,
  keys: readonly Item[],
  projection?: { readonly ProjectionExpression: string; readonly ExpressionAttributeNames?: Record<string, string> },
): Promise<Item[]> {
  const found: Item[] = [];
  for (let i = 0; i < keys.length; i += batchSize) {
    let pending: Item[] = keys.slice(i, i + batchSize);
    for (let attempt = 1; pending.length > 0; attempt++) {
      if (attempt > maxBatchAttempts) throw new Error(`BatchGetItem: ${pending.length} items still unprocessed`);
      const out = await db.send(new BatchGetCommand({ RequestItems: { [table]: { Keys: pending, ...projection } } }));
      found.push(...(out.Responses?.[table] ?? []));
      pending = out.UnprocessedKeys?.[table]?.Keys ?? [];
      if (pending.length > 0) await new Promise((resolve) => setTimeout(resolve, 25 * 2 ** attempt));
    }
  }
  return found;
}
