import { CreateTableCommand, DynamoDBClient, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import { PutCommand, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTable, type LocalDynamo, startDynamo } from '../../infra/local/dynamodb.js';
import { createDocumentClient } from '../../shared/platform/dynamodb/client.js';
import { keys } from '../../shared/platform/dynamodb/keys.js';

// A table kept in .rekindle/ by an earlier version has the indexes of its day; dynalite cannot add one later, so
// ensureTable re-creates it with every index of tableDefinition and puts the items back.

let dynamo: LocalDynamo;
beforeAll(async () => {
  dynamo = await startDynamo({ port: 0, table: 'upgrade-0' });
});
afterAll(async () => dynamo?.close());

/** The table as it was before `byOrderDay`: the timeline LSI and the byActiveDay and byDue GSIs. */
async function createOldTable(TableName: string): Promise<void> {
  const client = new DynamoDBClient({
    endpoint: dynamo.url,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const gsi = (IndexName: string, hash: string, range: string) => ({
    IndexName,
    KeySchema: [
      { AttributeName: hash, KeyType: 'HASH' as const },
      { AttributeName: range, KeyType: 'RANGE' as const },
    ],
    Projection: { ProjectionType: 'KEYS_ONLY' as const },
  });
  await client.send(
    new CreateTableCommand({
      TableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: ['pk', 'sk', 'tlSort', 'activeDay', 'dueShard', 'dueAt'].map((AttributeName) => ({
        AttributeName,
        AttributeType: 'S',
      })),
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      LocalSecondaryIndexes: [
        {
          IndexName: 'timeline',
          KeySchema: [
            { AttributeName: 'pk', KeyType: 'HASH' },
            { AttributeName: 'tlSort', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
      GlobalSecondaryIndexes: [gsi('byActiveDay', 'activeDay', 'pk'), gsi('byDue', 'dueShard', 'dueAt')],
    }),
  );
  await waitUntilTableExists({ client, maxWaitTime: 10, minDelay: 0.05, maxDelay: 0.2 }, { TableName });
  client.destroy();
}

describe('the local table kept from an earlier version', () => {
  it('gets the missing byOrderDay index with every item kept, and the profiles that ordered indexed on it', async () => {
    const table = 'upgrade-1';
    await createOldTable(table);
    const db = createDocumentClient(dynamo.url);
    const buyer = {
      ...keys.profile('cus_1'),
      customerId: 'cus_1',
      lastActiveAt: '2026-03-04T10:00:00.000Z',
      activeDay: '2026-03-04',
      lastOrderAt: '2026-03-01T09:00:00.000Z',
      orderKeys: new Set(['o-1']),
    };
    const visitor = { ...keys.profile('anon:v-1'), customerId: 'anon:v-1', lastOrderAt: '2026-03-01T09:00:00.000Z' };
    const browser = { ...keys.profile('cus_2'), customerId: 'cus_2', activeDay: '2026-03-02' };
    const event = { ...keys.timeline('cus_1', 'e-1'), tlSort: '2026-03-01T09:00:00.000Z#e-1', type: 'Order Completed' };
    for (const Item of [buyer, visitor, browser, event]) await db.send(new PutCommand({ TableName: table, Item }));

    expect(await ensureTable(dynamo.url, table)).toEqual(['byOrderDay']);

    const { Items } = await db.send(new ScanCommand({ TableName: table }));
    expect(Items).toHaveLength(4);
    expect(Items).toContainEqual({ ...buyer, orderDay: '2026-03-01' });
    expect(Items).toContainEqual(visitor); // an anonymous visitor is never indexed
    expect(Items).toContainEqual(browser);
    expect(Items).toContainEqual(event);
    const byDay = (IndexName: string, attribute: string, day: string) =>
      db.send(
        new QueryCommand({
          TableName: table,
          IndexName,
          KeyConditionExpression: '#d = :day',
          ExpressionAttributeNames: { '#d': attribute },
          ExpressionAttributeValues: { ':day': day },
        }),
      );
    expect((await byDay('byOrderDay', 'orderDay', '2026-03-01')).Items).toEqual([
      { pk: buyer.pk, sk: 'PROFILE', orderDay: '2026-03-01' },
    ]);
    expect((await byDay('byActiveDay', 'activeDay', '2026-03-02')).Items).toEqual([
      { pk: browser.pk, sk: 'PROFILE', activeDay: '2026-03-02' },
    ]);

    expect(await ensureTable(dynamo.url, table)).toEqual([]); // up to date: left alone
    expect((await db.send(new ScanCommand({ TableName: table }))).Items).toHaveLength(4);
    db.destroy();
  });
});
