import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { createPurgeService } from '../../../shared/lifecycle/compose.js';
import { registerCustomer, sendRequest, useMessaging } from './harness.js';

const messaging = useMessaging();
const layla = { customerId: 'cus_1', email: 'layla@example.com', firstName: 'Layla', consents: { email: true } };

describe('a send to a purged customer', () => {
  it('sends nothing and writes nothing under the erased customer', async () => {
    const { dynamo, messaging: m, emailsTo } = messaging();
    await registerCustomer(dynamo, layla);
    const purge = createPurgeService(
      { db: dynamo.db, table: dynamo.table, now: () => new Date('2026-03-20T00:00:00.000Z') },
      { publish: async () => undefined },
    );
    expect(
      (await purge.purge({ ...layla, reason: 'test', requestedBy: 'test', requestedAt: '2026-03-20T00:00:00Z' }))
        .status,
    ).toBe('purged');

    // A step committed before the purge, carried out after it (its outbox was being emptied).
    const outcome = await m.messenger.submit(sendRequest({ at: '2026-03-20T00:00:01.000Z' }));

    expect(outcome).toEqual({ status: 'skipped', reason: 'customer purged' });
    const { Items } = await dynamo.db.send(
      new QueryCommand({
        TableName: dynamo.table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': 'CUST#cus_1' },
      }),
    );
    expect(Items?.map((i) => i.sk)).toEqual(['PROFILE']);
    expect(await emailsTo(layla.email)).toEqual([]);
  });
});
