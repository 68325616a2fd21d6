import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { writeIfCondition } from '../../platform/dynamodb/conditional.js';
import { keys } from '../../platform/dynamodb/keys.js';

/**
 * Suppresses an address on every channel. The first reason and time are kept; the address itself is never stored,
 * only its hash (in the key).
 */
export async function putSuppression(
  db: DynamoDBDocumentClient,
  table: string,
  address: string,
  reason: string,
  at: string,
): Promise<void> {
  await writeIfCondition(() =>
    db.send(
      new PutCommand({
        TableName: table,
        Item: { ...keys.suppression(address), reason, at },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    ),
  );
}
