import { CreateTableCommand, DynamoDBClient, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { type LocalDynamo, startDynamo } from '../../infra/local/dynamodb.js';
import { createDocumentClient } from '../../shared/adapters/dynamodb/client.js';
import { CustomerReader } from '../../shared/adapters/dynamodb/customer-reader.js';
import { ParkedEventStore } from '../../shared/adapters/dynamodb/parked-events.js';
import { ProfileWriter } from '../../shared/adapters/dynamodb/profile-writer.js';
import { DynamoTrackingStore } from '../../shared/adapters/dynamodb/tracking-store.js';
import { tableDefinition } from '../../shared/table.js';

/** The real adapters over one table of the test file's dynalite. */
export interface DynamoFixture {
  readonly url: string;
  readonly db: DynamoDBDocumentClient;
  readonly table: string;
  readonly store: DynamoTrackingStore;
  readonly reader: CustomerReader;
  readonly parked: ParkedEventStore;
  readonly profiles: ProfileWriter;
}

/**
 * Starts one in-memory dynalite for the calling test file (beforeAll/afterAll) and gives every test a table of
 * its own (beforeEach), so tests never see each other's items. Call at the top level of a test file; read the
 * fixture inside tests with the returned getter.
 */
export function useLocalDynamo(): () => DynamoFixture {
  let dynamo: LocalDynamo | undefined;
  let db: DynamoDBDocumentClient | undefined;
  let current: DynamoFixture | undefined;
  let tables = 0;

  beforeAll(async () => {
    dynamo = await startDynamo({ port: 0, table: 'rekindle-0' });
    db = createDocumentClient(dynamo.url);
  });

  beforeEach(async () => {
    if (!dynamo || !db) throw new Error('dynalite did not start');
    tables += 1;
    const table = `rekindle-${tables}`;
    await createTable(dynamo.url, table);
    current = {
      url: dynamo.url,
      db,
      table,
      store: new DynamoTrackingStore(db, table),
      reader: new CustomerReader(db, table),
      parked: new ParkedEventStore(db, table),
      profiles: new ProfileWriter(db, table),
    };
  });

  afterAll(async () => {
    db?.destroy();
    await dynamo?.close();
  });

  return () => {
    if (!current) throw new Error('useLocalDynamo(): the fixture is only available inside a test');
    return current;
  };
}

/** Creates a table shaped like the production one (`shared/table.ts`). */
export async function createTable(endpoint: string, TableName: string): Promise<void> {
  const client = new DynamoDBClient({
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const { partitionKey, sortKey, localIndexes, globalIndexes } = tableDefinition;
  const attributes = new Set<string>([partitionKey, sortKey]);
  for (const l of localIndexes) attributes.add(l.sortKey);
  for (const g of globalIndexes) attributes.add(g.partitionKey).add(g.sortKey);
  const hashRange = (hash: string, range: string) => [
    { AttributeName: hash, KeyType: 'HASH' as const },
    { AttributeName: range, KeyType: 'RANGE' as const },
  ];
  try {
    await client.send(
      new CreateTableCommand({
        TableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [...attributes].map((AttributeName) => ({ AttributeName, AttributeType: 'S' })),
        KeySchema: hashRange(partitionKey, sortKey),
        LocalSecondaryIndexes: localIndexes.map((l) => ({
          IndexName: l.name,
          KeySchema: hashRange(partitionKey, l.sortKey),
          Projection: { ProjectionType: 'ALL' },
        })),
        GlobalSecondaryIndexes: globalIndexes.map((g) => ({
          IndexName: g.name,
          KeySchema: hashRange(g.partitionKey, g.sortKey),
          Projection: { ProjectionType: 'KEYS_ONLY' },
        })),
      }),
    );
    await waitUntilTableExists({ client, maxWaitTime: 30, minDelay: 0.05, maxDelay: 0.2 }, { TableName });
  } finally {
    client.destroy();
  }
}
