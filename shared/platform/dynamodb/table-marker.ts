import { DescribeTableCommand, DynamoDBClient, ListTagsOfResourceCommand } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { strOrNull } from './items.js';

/**
 * The item that says "this is a Rekindle table": written when the table is created (locally by the engine, which
 * also adds it to a table kept from an earlier version; on AWS by the stack). Tools that write refuse a table
 * without it, so a DynamoDB on the same port that belongs to another program is never written to.
 */
export const tableMarkerKey = { pk: 'REKINDLE', sk: 'TABLE' } as const;

/**
 * On AWS the stack creates the table, and CloudFormation cannot put an item: the table carries this tag from its
 * creation instead (a tag CloudFormation writes with the table, so it is there before any function runs).
 */
export const tableMarkerTag = { key: 'rekindle:table', value: 'rekindle' } as const;

export interface TableMarker {
  readonly createdAt: string;
  /** Locally: the admin API of the engine serving this table, so a tool given only the table finds its clock. */
  readonly localEngineAdmin: string | null;
}

/** The marker, or null when the table has none (not a Rekindle table, or one never opened by the engine since). */
export async function readTableMarker(db: DynamoDBDocumentClient, table: string): Promise<TableMarker | null> {
  const { Item } = await db.send(new GetCommand({ TableName: table, Key: tableMarkerKey, ConsistentRead: true }));
  const createdAt = strOrNull(Item?.createdAt);
  return createdAt === null ? null : { createdAt, localEngineAdmin: strOrNull(Item?.localEngineAdmin) };
}

/** Marks the table as Rekindle's; a table marked before keeps its creation time. Idempotent. */
export async function markTable(
  db: DynamoDBDocumentClient,
  table: string,
  at: string,
  localEngineAdmin?: string,
): Promise<void> {
  await db.send(
    new UpdateCommand({
      TableName: table,
      Key: tableMarkerKey,
      UpdateExpression:
        localEngineAdmin === undefined
          ? 'SET createdAt = if_not_exists(createdAt, :at)'
          : 'SET createdAt = if_not_exists(createdAt, :at), localEngineAdmin = :admin',
      ExpressionAttributeValues: {
        ':at': at,
        ...(localEngineAdmin === undefined ? {} : { ':admin': localEngineAdmin }),
      },
    }),
  );
}

/** The AWS table carries the marker tag (the stack's tables do, from creation); `endpoint` for a local DynamoDB. */
export async function hasMarkerTag(table: string, endpoint?: string): Promise<boolean> {
  const local = { endpoint, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };
  const client = new DynamoDBClient(endpoint === undefined ? {} : local);
  try {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: table }));
    if (!Table?.TableArn) return false;
    const { Tags } = await client.send(new ListTagsOfResourceCommand({ ResourceArn: Table.TableArn }));
    return (Tags ?? []).some((t) => t.Key === tableMarkerTag.key && t.Value === tableMarkerTag.value);
  } finally {
    client.destroy();
  }
}
