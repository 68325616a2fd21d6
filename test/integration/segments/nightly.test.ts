import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { keys } from '../../../shared/platform/dynamodb/keys.js';
import type { OutgoingEvent } from '../../../shared/platform/events.js';
import { runSegments } from '../../../shared/segments/core/nightly.js';
import { DynamoSegmentsStore } from '../../../shared/segments/store/segments-store.js';
import { trackStorefrontEvent } from '../../../shared/tracking/core/track-storefront.js';
import { useLocalDynamo } from '../../helpers/dynamo.js';
import { lineItem, orderDetail, storefront } from '../../helpers/events.js';

const dynamo = useLocalDynamo();
const now = new Date('2026-12-01T01:00:00.000Z');
const daysBefore = (n: number) => new Date(now.getTime() - n * 86_400_000).toISOString();

/** Ten buyers: c0 bought once long ago (out of the window), c9 often and lately; c5's order was fully refunded. */
async function seed(): Promise<void> {
  const { store } = dynamo();
  const order = (customerId: string, orderId: string, daysAgo: number, amount: number) =>
    trackStorefrontEvent(
      store,
      storefront('Order Completed', orderDetail({ customerId }, orderId, daysBefore(daysAgo), [lineItem('p', amount)])),
    );
  await order('c0', 'o0', 500, 50);
  for (let i = 1; i <= 9; i++) {
    for (let k = 0; k < i; k++) await order(`c${i}`, `o${i}-${k}`, 200 - i * 20 + k, 10 * i);
  }
  await trackStorefrontEvent(
    store,
    storefront('Order Refunded', { customerId: 'c5', orderId: 'o5-0', amount: 50, occurredAt: daysBefore(10) }),
  );
}

const held = async (customerId: string) => {
  const { db, table } = dynamo();
  const { Item } = await db.send(new GetCommand({ TableName: table, Key: keys.profile(customerId) }));
  return { rfm: Item?.rfm ?? null, abc: Item?.abc ?? null };
};

describe('the nightly segments run', () => {
  it('scores the window’s buyers, writes their classes, announces RFM changes, then changes nothing on a rerun', async () => {
    await seed();
    const { db, table } = dynamo();
    const published: OutgoingEvent[] = [];
    const publisher = { publish: async (events: readonly OutgoingEvent[]) => void published.push(...events) };
    const store = new DynamoSegmentsStore(db, table);
    const first = await runSegments(store, publisher, now, { minimumBuyers: 5 });
    expect(first).toMatchObject({ buyers: 9, rfm: 'scored', rfmChanged: 9 });
    expect(await held('c0')).toEqual({ rfm: null, abc: null });
    expect(await held('c9')).toMatchObject({ rfm: { r: 5, f: 5, m: 5, segment: 'champions' }, abc: 'A' });
    expect(await held('c1')).toMatchObject({ rfm: { r: 1, f: 1, m: 1, segment: 'hibernating' }, abc: 'C' });
    expect(published.map((e) => [e.type, e.detail.customerId, e.detail.from])).toContainEqual([
      'RFM Class Changed',
      'c9',
      null,
    ]);
    const again = await runSegments(store, publisher, now, { minimumBuyers: 5 });
    expect(again).toMatchObject({ buyers: 9, written: 0, rfmChanged: 0 });
    expect(published).toHaveLength(9);
    // As the admin API shows the customer.
    expect((await dynamo().reader.customer('c9'))?.segments).toMatchObject({ rfm: { segment: 'champions' }, abc: 'A' });
  });

  it('says "not enough history" below the minimum and gives no RFM class, while ABC still ranks', async () => {
    await seed();
    const { db, table } = dynamo();
    const store = new DynamoSegmentsStore(db, table);
    const run = await runSegments(store, { publish: async () => undefined }, now);
    expect(run).toMatchObject({ buyers: 9, rfm: 'not-enough-history', rfmChanged: 0 });
    expect(await held('c9')).toEqual({ rfm: null, abc: 'A' });
  });
});
