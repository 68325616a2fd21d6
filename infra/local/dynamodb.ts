import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import {
  CreateTableCommand,
  DynamoDBClient,
  ResourceInUseException,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import { createDocumentClient } from '../../shared/platform/dynamodb/client.js';
import { markTable } from '../../shared/platform/dynamodb/table-marker.js';
import { tableDefinition } from '../../shared/platform/table.js';
import { closeServer, listen } from './listen.js';
import { addMissingIndexes } from './table-upgrade.js';

export interface LocalDynamo {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/**
 * dynalite on `port`, persisted under `path` (LevelDB) or in memory, with the table created if missing and marked
 * as Rekindle's (a table kept from before the marker gets it here, with its indexes).
 */
export async function startDynamo(options: { port: number; path?: string; table: string }): Promise<LocalDynamo> {
  if (options.path) mkdirSync(options.path, { recursive: true });
  const server: Server = dynalite({ path: options.path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  const port = await listen(server, options.port);
  const url = `http://127.0.0.1:${port}`;
  await ensureTable(url, options.table);
  const db = createDocumentClient(url);
  try {
    await markTable(db, options.table, new Date().toISOString());
  } finally {
    db.destroy();
  }
  return { url, port, close: () => closeServer(server) };
}

/**
 * Creates the table (from `tableDefinition`) unless it exists, and waits until it is active. A table kept from an
 * earlier version gets the indexes added since (see `addMissingIndexes`); returns their names.
 */
export async function ensureTable(endpoint: string, TableName: string): Promise<string[]> {
  const client = new DynamoDBClient({
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    await createTable(client, TableName);
    return [];
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
    await waitUntilTableExists({ client, maxWaitTime: 30, minDelay: 0.05, maxDelay: 0.2 }, { TableName });
    return await addMissingIndexes(client, TableName, () => createTable(client, TableName));
  } finally {
    client.destroy();
  }
}

async function createTable(client: DynamoDBClient, TableName: string): Promise<void> {
  const { partitionKey, sortKey, localIndexes, globalIndexes } = tableDefinition;
  const attributes = new Set<string>([partitionKey, sortKey]);
  for (const l of localIndexes) attributes.add(l.sortKey);
  for (const g of globalIndexes) attributes.add(g.partitionKey).add(g.sortKey);
  await client.send(
    new CreateTableCommand({
      TableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [...attributes].map((AttributeName) => ({ AttributeName, AttributeType: 'S' })),
      KeySchema: [
        { AttributeName: partitionKey, KeyType: 'HASH' },
        { AttributeName: sortKey, KeyType: 'RANGE' },
      ],
      LocalSecondaryIndexes: localIndexes.map((l) => ({
        IndexName: l.name,
        KeySchema: [
          { AttributeName: partitionKey, KeyType: 'HASH' },
          { AttributeName: l.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      })),
      GlobalSecondaryIndexes: globalIndexes.map((g) => ({
        IndexName: g.name,
        KeySchema: [
          { AttributeName: g.partitionKey, KeyType: 'HASH' },
          { AttributeName: g.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'KEYS_ONLY' },
      })),
    }),
  );
  await waitUntilTableExists({ client, maxWaitTime: 30, minDelay: 0.05, maxDelay: 0.2 }, { TableName });
}
