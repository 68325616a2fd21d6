import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { ensureTable, type LocalDynamo, startDynamo } from '../../infra/local/dynamodb.js';
import { CustomerReader } from '../../shared/customer/store/customer-reader.js';
import { createDocumentClient } from '../../shared/platform/dynamodb/client.js';
import { ParkedEventStore } from '../../shared/platform/dynamodb/parked-events.js';
import { ProfileWriter } from '../../shared/tracking/store/profile-writer.js';
import { DynamoTrackingStore } from '../../shared/tracking/store/tracking-store.js';

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
    await ensureTable(dynamo.url, table);
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
