import {
  type AttributeValue,
  BatchWriteItemCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  ScanCommand,
  waitUntilTableNotExists,
} from '@aws-sdk/client-dynamodb';
import { tableDefinition } from '../../shared/platform/table.js';
import { isAnonymousCustomerId } from '../../shared/tracking/core/model.js';

type RawItem = Record<string, AttributeValue>;

/**
 * A table kept in `.rekindle/` by an earlier version lacks the indexes added since, and dynalite cannot add one to an
 * existing table (UpdateTable accepts the request and does nothing). So the table is read whole, deleted, created
 * again by `create` (with every index of `tableDefinition`) and refilled; the indexes fill as the items go back.
 * Returns the indexes that were missing (none: the table is left alone).
 */
export async function addMissingIndexes(
  client: DynamoDBClient,
  TableName: string,
  create: () => Promise<void>,
): Promise<string[]> {
  const { Table } = await client.send(new DescribeTableCommand({ TableName }));
  const present = new Set((Table?.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName));
  const missing = tableDefinition.globalIndexes.map((i) => i.name).filter((name) => !present.has(name));
  if (missing.length === 0) return [];
  const items = await scanAll(client, TableName);
  await client.send(new DeleteTableCommand({ TableName }));
  await waitUntilTableNotExists({ client, maxWaitTime: 30, minDelay: 0.05, maxDelay: 0.2 }, { TableName });
  await create();
  await putAll(client, TableName, items.map(withOrderDay));
  return missing;
}

/** A profile that ordered before `orderDay` existed gets it from its last order, as the profile writer now sets it. */
function withOrderDay(item: RawItem): RawItem {
  const last = item.lastOrderAt?.S;
  const customerId = item.customerId?.S;
  if (item.sk?.S !== 'PROFILE' || customerId === undefined || isAnonymousCustomerId(customerId)) return item;
  if (last === undefined || item.orderDay) return item;
  return { ...item, orderDay: { S: last.slice(0, 10) } };
}

async function scanAll(client: DynamoDBClient, TableName: string): Promise<RawItem[]> {
  const items: RawItem[] = [];
  let ExclusiveStartKey: RawItem | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName, ExclusiveStartKey }));
    items.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}

async function putAll(client: DynamoDBClient, TableName: string, items: readonly RawItem[]): Promise<void> {
  for (let i = 0; i < items.length; i += 25) {
    let pending = items.slice(i, i + 25);
    while (pending.length > 0) {
      const RequestItems = { [TableName]: pending.map((Item) => ({ PutRequest: { Item } })) };
      const out = await client.send(new BatchWriteItemCommand({ RequestItems }));
      pending = (out.UnprocessedItems?.[TableName] ?? []).flatMap((r) =>
        r.PutRequest?.Item ? [r.PutRequest.Item] : [],
      );
    }
  }
}
