import { BatchWriteCommand, DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoMeter, indexUnits, keyKind } from '../../bench/dynamo-meter.js';
import { type LocalDynamo, startDynamo } from '../../infra/local/dynamodb.js';
import { createDocumentClient } from '../../shared/platform/dynamodb/client.js';

// The meter on the real table (dynalite, the indexes of shared/platform/table.ts): each write's index writes.
describe('bench: the DynamoDB meter counts index writes', () => {
  const TableName = 'bench-meter';
  let dynamo: LocalDynamo;
  let db: ReturnType<typeof createDocumentClient>;
  let reader: ReturnType<typeof createDocumentClient>;
  const meter = new DynamoMeter();
  const counters = () => meter.snapshot().fn;

  beforeAll(async () => {
    dynamo = await startDynamo({ port: 0, table: TableName });
    db = createDocumentClient(dynamo.url);
    reader = createDocumentClient(dynamo.url);
    meter.instrument(db, 'fn');
    meter.countIndexWrites(reader);
  });
  afterAll(async () => {
    db.destroy();
    reader.destroy();
    await dynamo.close();
  });

  /** The index writes (`<index> put|delete|update`) and units of `write` alone. */
  async function measure(write: () => Promise<unknown>) {
    const before = structuredClone(counters() ?? { indexWrites: {}, indexWriteUnits: {} });
    await write().catch((error: unknown) => {
      if (!(error instanceof Error) || error.name !== 'ConditionalCheckFailedException') throw error;
    });
    const after = counters();
    if (!after) throw new Error('nothing counted');
    const diff = (a: Record<string, number>, b: Record<string, number>) =>
      Object.fromEntries(Object.entries(a).flatMap(([k, v]) => (v - (b[k] ?? 0) ? [[k, v - (b[k] ?? 0)]] : [])));
    return {
      writes: diff(after.indexWrites, before.indexWrites),
      units: indexUnits(after) - Object.values(before.indexWriteUnits).reduce((a, b) => a + b, 0),
    };
  }

  const profileKey = { pk: 'CUST#1', sk: 'PROFILE' };
  const entryKey = { pk: 'CUST#1', sk: 'EVT#e1' };

  it('a new item on an index is a put; a changed key a delete and a put; other attributes of a keys-only entry nothing', async () => {
    expect(
      await measure(() => db.send(new PutCommand({ TableName, Item: { ...profileKey, activeDay: '2026-03-01' } }))),
    ).toEqual({ writes: { 'byActiveDay put': 1 }, units: 1 });
    const moved = await measure(() =>
      db.send(
        new UpdateCommand({
          TableName,
          Key: profileKey,
          UpdateExpression: 'SET activeDay = :d',
          ExpressionAttributeValues: { ':d': '2026-03-02' },
        }),
      ),
    );
    expect(moved).toEqual({ writes: { 'byActiveDay put': 1, 'byActiveDay delete': 1 }, units: 2 });
    const other = await measure(() =>
      db.send(
        new UpdateCommand({
          TableName,
          Key: profileKey,
          UpdateExpression: 'SET email = :e',
          ExpressionAttributeValues: { ':e': 'a@example.com' },
        }),
      ),
    );
    expect(other).toEqual({ writes: {}, units: 0 });
  });

  it('the local index (projection ALL) is updated when any attribute changes, and deleted with the item', async () => {
    const item = { ...entryKey, tlSort: '2026-03-01T08:00:00.000Z#e1', type: 'Product Viewed' };
    expect(await measure(() => db.send(new PutCommand({ TableName, Item: item })))).toEqual({
      writes: { 'timeline put': 1 },
      units: 1,
    });
    expect(await measure(() => db.send(new PutCommand({ TableName, Item: { ...item, opened: true } })))).toEqual({
      writes: { 'timeline update': 1 },
      units: 1,
    });
    expect(await measure(() => db.send(new DeleteCommand({ TableName, Key: entryKey })))).toEqual({
      writes: { 'timeline delete': 1 },
      units: 1,
    });
  });

  it('a refused conditional write writes no index, and is counted as refused', async () => {
    const refusedBefore = counters()?.failedConditions ?? 0;
    const refused = await measure(() =>
      db.send(
        new PutCommand({
          TableName,
          Item: { ...profileKey, activeDay: '2026-04-01' },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
    expect(refused).toEqual({ writes: {}, units: 0 });
    expect(counters()?.failedConditions).toBe(refusedBefore + 1);
  });

  it('a batch delete removes the index entries of the items it deletes', async () => {
    const deleted = await measure(() =>
      db.send(new BatchWriteCommand({ RequestItems: { [TableName]: [{ DeleteRequest: { Key: profileKey } }] } })),
    );
    expect(deleted).toEqual({ writes: { 'byActiveDay delete': 1 }, units: 1 });
  });

  it('the function gets the output it asked for: no images it did not ask for, its own when it did', async () => {
    const put = await db.send(new PutCommand({ TableName, Item: { ...profileKey, n: 1 } }));
    expect(put.Attributes).toBeUndefined();
    const update = await db.send(
      new UpdateCommand({
        TableName,
        Key: profileKey,
        UpdateExpression: 'SET n = :n',
        ExpressionAttributeValues: { ':n': 2 },
      }),
    );
    expect(update.Attributes).toBeUndefined();
    const asked = await db.send(
      new UpdateCommand({
        TableName,
        Key: profileKey,
        UpdateExpression: 'SET n = :n',
        ExpressionAttributeValues: { ':n': 3 },
        ReturnValues: 'ALL_NEW',
      }),
    );
    expect(asked.Attributes).toEqual({ ...profileKey, n: 3 });
  });

  it('names the kind of item a write touches without its ids', () => {
    expect(keyKind({ pk: 'CUST#cus_1', sk: 'LOYALTY#ORDER#ord_1' })).toBe('CUST/LOYALTY#ORDER');
    expect(keyKind({ pk: 'DLQ', sk: 'track#0b1c' })).toBe('DLQ/…');
    expect(counters()?.writes['PutItem CUST/PROFILE']).toBeGreaterThan(0);
  });
});
