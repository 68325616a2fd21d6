import { createHash } from 'node:crypto';
import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { queryAll } from './query-all.js';

/**
 * The `byDue` index, shared by every kind of timer (loyalty accounts, workflow enrollments): an item is due when it
 * has `dueShard = <kind>#<n>` and `dueAt` (ISO time). Spreading a kind over a few shards keeps any one index
 * partition cool; a sweep queries each shard for `dueAt <= now`, so it reads only what is due.
 */
export const dueShardOf = (kind: string, shards: number, id: string): string =>
  `${kind}#${createHash('sha256').update(id).digest().readUInt8(0) % shards}`;

export interface DueKind {
  readonly kind: string;
  readonly shards: number;
}

/** Keys (`pk`, `sk`) of the items of `kind` due at or before `now`, every page of every shard. */
export async function dueKeys(
  db: DynamoDBDocumentClient,
  table: string,
  { kind, shards }: DueKind,
  now: string,
): Promise<{ pk: string; sk: string }[]> {
  const found: { pk: string; sk: string }[] = [];
  for (let shard = 0; shard < shards; shard++) {
    const items = await queryAll(db, {
      TableName: table,
      IndexName: 'byDue',
      KeyConditionExpression: 'dueShard = :shard AND dueAt <= :now',
      ExpressionAttributeValues: { ':shard': `${kind}#${shard}`, ':now': now },
    });
    for (const item of items) {
      if (typeof item.pk === 'string' && typeof item.sk === 'string') found.push({ pk: item.pk, sk: item.sk });
    }
  }
  return found;
}

/** The earliest `dueAt` of `kind` after `after`, reading one item per shard. */
export async function earliestDue(
  db: DynamoDBDocumentClient,
  table: string,
  { kind, shards }: DueKind,
  after: string,
): Promise<string | null> {
  let earliest: string | null = null;
  for (let shard = 0; shard < shards; shard++) {
    const page = await db.send(
      new QueryCommand({
        TableName: table,
        IndexName: 'byDue',
        KeyConditionExpression: 'dueShard = :shard AND dueAt > :after',
        ExpressionAttributeValues: { ':shard': `${kind}#${shard}`, ':after': after },
        Limit: 1,
      }),
    );
    const at = page.Items?.[0]?.dueAt;
    if (typeof at === 'string' && (earliest === null || at < earliest)) earliest = at;
  }
  return earliest;
}
