import { DescribeTableCommand, DynamoDBClient, TagResourceCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import {
  hasMarkerTag,
  markTable,
  readTableMarker,
  tableMarkerTag,
} from '../../shared/platform/dynamodb/table-marker.js';
import { useLocalDynamo } from '../helpers/dynamo.js';

// The marker says "a Rekindle table": an item the local engine writes, or on AWS a tag the stack gives the table.
const fixture = useLocalDynamo();

describe('the Rekindle table marker', () => {
  it('is absent from a table nobody marked, and kept with its creation time once written', async () => {
    const { db, table } = fixture();
    expect(await readTableMarker(db, table)).toBeNull();
    await markTable(db, table, '2026-11-01T00:00:00.000Z');
    await markTable(db, table, '2026-12-01T00:00:00.000Z', 'http://127.0.0.1:13000');
    expect(await readTableMarker(db, table)).toEqual({
      createdAt: '2026-11-01T00:00:00.000Z',
      localEngineAdmin: 'http://127.0.0.1:13000',
    });
  });

  it('on AWS is the table tag: present only on a tagged table', async () => {
    const { url, table } = fixture();
    expect(await hasMarkerTag(table, url)).toBe(false);
    const client = new DynamoDBClient({
      endpoint: url,
      region: 'local',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const { Table } = await client.send(new DescribeTableCommand({ TableName: table }));
    await client.send(
      new TagResourceCommand({
        ResourceArn: Table?.TableArn,
        Tags: [{ Key: tableMarkerTag.key, Value: tableMarkerTag.value }],
      }),
    );
    client.destroy();
    expect(await hasMarkerTag(table, url)).toBe(true);
  });
});
