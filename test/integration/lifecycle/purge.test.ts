import { readFileSync } from 'node:fs';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { exportCustomer } from '../../../shared/customer/store/customer-export.js';
import type { PurgeRecord } from '../../../shared/lifecycle/core/purge-service.js';
import { PurgeService } from '../../../shared/lifecycle/core/purge-service.js';
import { DynamoCustomerDataStore } from '../../../shared/lifecycle/store/customer-data-store.js';
import { LoyaltyService } from '../../../shared/loyalty/core/loyalty-service.js';
import { loyaltyForTrackedFact } from '../../../shared/loyalty/core/track-loyalty.js';
import { DynamoLoyaltyStore } from '../../../shared/loyalty/store/loyalty-store.js';
import { DynamoMessageLog } from '../../../shared/messaging/store/message-log.js';
import { DynamoMessagingFacts } from '../../../shared/messaging/store/messaging-facts.js';
import { keys } from '../../../shared/platform/dynamodb/keys.js';
import { unpack } from '../../../shared/platform/dynamodb/packed.js';
import type { OutgoingEvent } from '../../../shared/platform/events.js';
import type { EventEnvelope } from '../../../shared/schemas/envelope.js';
import { trackEngagementEvent } from '../../../shared/tracking/core/track-engagement.js';
import { trackStorefrontEvent } from '../../../shared/tracking/core/track-storefront.js';
import { statsOf, sumCounts } from '../../../shared/workflow/core/executor/counts.js';
import { workflowDefinition } from '../../../shared/workflow/core/schema/workflow.js';
import { DynamoWorkflowStore } from '../../../shared/workflow/store/workflow-store.js';
import { type DynamoFixture, useLocalDynamo } from '../../helpers/dynamo.js';
import { lineItem, orderDetail, sesEvent, sesMail, storefront } from '../../helpers/events.js';
import { shippedProgram } from '../loyalty/harness.js';
import { executorFixture } from '../workflow/harness.js';

// The erasure on dynalite through the real SDK, over what the real tracking, loyalty, workflow and message code wrote.
const dynamo = useLocalDynamo();
const layla = 'cus_purge_layla';
const email = 'layla@example.com';
const phone = '+966501234567';
const t0 = '2026-11-02T10:00:00.000Z';
const at = (minutes: number) => new Date(Date.parse(t0) + minutes * 60_000).toISOString();
const welcome = workflowDefinition.parse(JSON.parse(readFileSync('workflows/welcome-series.workflow.json', 'utf8')));

function purgeFixture(f: DynamoFixture, options: { failOnceInErase?: boolean } = {}) {
  const published: OutgoingEvent[] = [];
  let failures = options.failOnceInErase ? 1 : 0;
  const store = new DynamoCustomerDataStore(f.db, f.table, new DynamoWorkflowStore(f.db, f.table));
  const crashing: typeof store = Object.assign(Object.create(store), {
    erase: async (customerId: string, record: PurgeRecord) => {
      if (failures-- > 0) throw new Error('crash between the tombstone and the erasure');
      return store.erase(customerId, record);
    },
  });
  let n = 0;
  const service = new PurgeService({
    store: crashing,
    publisher: { publish: async (events) => void published.push(...events) },
    now: () => new Date(at(60)),
    newPseudonym: () => `p_test_${++n}`,
  });
  return { service, store, published };
}

const request = { customerId: layla, reason: 'inactive', requestedBy: 'test', requestedAt: at(59) };

const loyaltyOf = (f: DynamoFixture) =>
  new LoyaltyService(new DynamoLoyaltyStore(f.db, f.table), { publish: async () => undefined }, shippedProgram());

/** Layla registers (anonymous browsing first), fills a cart, orders, earns points, enters the welcome series, gets mail. */
async function seedLayla(f: DynamoFixture, options: { order?: boolean } = {}) {
  const workflow = await executorFixture(f, [welcome], { start: t0 });
  const loyalty = loyaltyOf(f);
  const events: EventEnvelope[] = [
    storefront('Product Viewed', { anonymousId: 'visit-1', occurredAt: at(-5), product: { productId: 'p-1' } }),
    storefront('Customer Registered', {
      customerId: layla,
      anonymousId: 'visit-1',
      occurredAt: t0,
      email,
      phone,
      firstName: 'Layla',
      consents: { email: true, sms: true },
    }),
    storefront('Cart Updated', {
      customerId: layla,
      cartId: 'cart-1',
      occurredAt: at(1),
      currency: 'SAR',
      total: 120,
      items: [lineItem('p-1', 120)],
    }),
    ...(options.order === false
      ? []
      : [
          storefront(
            'Order Completed',
            // In the program's currency: this loyalty service has no rate table (another currency would be parked).
            orderDetail({ customerId: layla }, 'ord-1', at(2), [lineItem('p-1', 120)], { currency: 'SAR' }),
          ),
        ]),
  ];
  for (const event of events) {
    const fact = await workflow.deliver(event);
    if (fact) await loyaltyForTrackedFact(loyalty, fact);
  }
  const log = new DynamoMessageLog(f.db, f.table);
  const record = {
    idempotencyKey: `welcome-series#${layla}:welcome:1`,
    customerId: layla,
    enrollmentId: `welcome-series#${layla}`,
    step: 'welcome',
    workflow: { id: 'welcome-series', version: 1 },
    at: t0,
    channel: 'email' as const,
    template: 'welcome',
    locale: 'en',
    contentHash: 'abc',
    coupon: null,
    providerMessageId: null,
    status: 'sending' as const,
    history: [],
  };
  await log.claim(record);
  await log.markSent(record, 'ses-msg-1', t0);
  return workflow;
}

const partition = async (f: DynamoFixture, pk: string) =>
  (
    await f.db.send(
      new QueryCommand({
        TableName: f.table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': pk },
      }),
    )
  ).Items ?? [];
const item = async (f: DynamoFixture, key: { pk: string; sk: string }) =>
  (await f.db.send(new GetCommand({ TableName: f.table, Key: key }))).Item;

describe('purge', () => {
  it('leaves alone a customer active since the silence a workflow purge was meant for (checked as it runs)', async () => {
    const f = dynamo();
    await seedLayla(f);
    const before = (await partition(f, `CUST#${layla}`)).length;
    const { service, published } = purgeFixture(f);
    // Layla was last active at t0 (activity is kept to the hour): silent since an hour before is wrong, since minute 30
    // is right.
    const outcome = await service.purge({ ...request, inactiveSince: at(-60) });
    expect(outcome).toMatchObject({ status: 'active-again', customerId: layla });
    expect((await partition(f, `CUST#${layla}`)).length).toBe(before);
    expect(published).toEqual([]);
    expect(await service.purge({ ...request, inactiveSince: at(30) })).toMatchObject({ status: 'purged' });
  });

  it('erases what is held, keeps suppression and pseudonymised accounting rows, and announces it', async () => {
    const f = dynamo();
    await seedLayla(f);
    const before = (await partition(f, `CUST#${layla}`)).map((i) => String(i.sk));
    expect(before).toEqual(
      expect.arrayContaining(['PROFILE', 'CART#cart-1', 'ORDER#ord-1', 'LOYALTY', 'LOYALTY#ORDER#ord-1']),
    );
    const records = before.filter((sk) => sk.startsWith('LOYALTY#')).length;
    const { service, published } = purgeFixture(f);

    const outcome = await service.purge(request);

    expect(outcome.status).toBe('purged');
    expect((await partition(f, `CUST#${layla}`)).map((i) => i.sk)).toEqual(['PROFILE']);
    expect(await f.reader.customer(layla)).toBeNull();
    expect(await partition(f, 'CUST#anon:visit-1')).toEqual([]);
    for (const key of [
      keys.identity('email', email),
      keys.identity('phone', phone),
      keys.identity('anonymous', 'visit-1'),
      keys.message('ses-msg-1'),
    ]) {
      expect(await item(f, key)).toBeUndefined();
    }
    for (const address of [email, phone]) {
      expect(await item(f, keys.suppression(address))).toMatchObject({ reason: 'purge', at: at(60) });
    }
    const kept = await partition(f, 'PSEUDO#p_test_1');
    expect(kept.map((i) => String(i.sk).split('#')[0]).sort()).toEqual(
      expect.arrayContaining(['LEDGER', 'LOYALTY', 'ORDER']),
    );
    expect(JSON.stringify(kept)).not.toContain(layla);
    expect(kept.find((i) => i.sk === 'ORDER#ord-1')).toMatchObject({
      orderId: 'ord-1',
      total: 120,
      pseudonymised: true,
    });
    // The order's loyalty record (what it earned, what its refunds took back) is accounting too: moved, not erased.
    const orderRecord = kept.find((i) => i.sk === 'LOYALTY#ORDER#ord-1');
    expect(orderRecord).toMatchObject({ customerId: 'p_test_1', pseudonymised: true });
    expect(unpack(orderRecord?.record)).toMatchObject({
      kind: 'order',
      record: { orderId: 'ord-1', order: { total: 120, points: expect.any(Number) } },
    });
    expect(kept.filter((i) => String(i.sk).startsWith('LOYALTY#'))).toHaveLength(records);
    // The tombstone no longer links to the pseudonym once done.
    expect(JSON.stringify(await exportCustomer(f.db, f.table, layla, new Date(at(61))))).not.toContain('p_test_1');

    expect(published).toEqual([
      {
        type: 'Customer Purged',
        detail: expect.objectContaining({
          customerId: layla,
          eventId: `purged:${layla}:${at(60)}`,
          reason: 'inactive',
          requestedBy: 'test',
          purgedAt: at(60),
          counts: expect.objectContaining({
            profile: 1,
            carts: 1,
            orders: 1,
            enrollments: 1,
            messages: 1,
            loyaltyAccount: 1,
            loyaltyRecords: records,
            identities: 3,
            suppressions: 2,
            anonymousVisits: 1,
          }),
        }),
      },
    ]);
    expect(await item(f, keys.purgeAudit(at(60), layla))).toMatchObject({ reason: 'inactive', requestedBy: 'test' });
  });

  it('removes the identities of the addresses the customer had before too', async () => {
    const f = dynamo();
    await seedLayla(f, { order: false });
    await trackStorefrontEvent(
      f.store,
      storefront('Customer Updated', { customerId: layla, occurredAt: at(30), email: 'layla.new@example.com' }),
    );
    expect(await item(f, keys.identity('email', email))).toMatchObject({ customerId: layla });
    await purgeFixture(f).service.purge(request);
    for (const old of [email, 'layla.new@example.com'])
      expect(await item(f, keys.identity('email', old))).toBeUndefined();
    // The address in use is suppressed; the old one is no longer the customer's to suppress.
    expect(await item(f, keys.suppression('layla.new@example.com'))).toMatchObject({ reason: 'purge' });
  });

  it('counts the stopped enrollment as exited purged in its workflow report', async () => {
    const f = dynamo();
    const workflow = await seedLayla(f, { order: false }); // no first order: the welcome series is still on its way
    expect(statsOf(sumCounts(Object.values(await workflow.workflows.read('welcome-series'))))).toMatchObject({
      active: 1,
    });
    await purgeFixture(f).service.purge(request);
    expect(statsOf(sumCounts(Object.values(await workflow.workflows.read('welcome-series'))))).toMatchObject({
      active: 0,
      exited: { purged: 1 },
    });
  });

  it('leaves an export with nothing in it but the erasure', async () => {
    const f = dynamo();
    await seedLayla(f);
    const full = await exportCustomer(f.db, f.table, layla, new Date(at(50)));
    expect(full?.profile).toMatchObject({ email, phone, firstName: 'Layla' });
    expect(full?.held.orders).toHaveLength(1);
    expect(full?.anonymousVisits).toEqual([expect.objectContaining({ anonymousId: 'visit-1' })]);

    await purgeFixture(f).service.purge(request);
    const erased = await exportCustomer(f.db, f.table, layla, new Date(at(61)));
    expect(erased).toMatchObject({ profile: null, anonymousVisits: [], suppressions: [] });
    expect(Object.values(erased?.held ?? {}).flat()).toEqual([]);
    expect(erased?.erasure).toEqual({ purgedAt: at(60), reason: 'inactive', requestedBy: 'test' });
  });

  it('is harmless twice, and a crash after the commit point is finished by the retry with the same event', async () => {
    const f = dynamo();
    await seedLayla(f);
    const { service, published } = purgeFixture(f, { failOnceInErase: true });
    await expect(service.purge(request)).rejects.toThrow('crash between');
    expect(await f.reader.customer(layla)).toBeNull(); // the tombstone is the commit point
    const retried = await service.purge(request);
    const again = await service.purge({ ...request, reason: 'again' });

    expect(retried).toMatchObject({ status: 'purged', audit: { purgedAt: at(60), reason: 'inactive' } });
    expect(again).toMatchObject({ status: 'already-purged', audit: { purgedAt: at(60), reason: 'inactive' } });
    expect(published.map((e) => e.detail.eventId)).toEqual([`purged:${layla}:${at(60)}`]);
    expect(await partition(f, 'PSEUDO#p_test_1')).not.toEqual([]);
    expect(await partition(f, 'PSEUDO#p_test_2')).toEqual([]);
  });

  it('drops late events from before the purge; a later registration starts afresh, suppressed until it opts in', async () => {
    const f = dynamo();
    await seedLayla(f);
    await purgeFixture(f).service.purge(request);
    const late = await trackStorefrontEvent(
      f.store,
      storefront('Cart Updated', {
        customerId: layla,
        cartId: 'cart-2',
        occurredAt: at(30),
        currency: 'SAR',
        total: 5,
        items: [lineItem('p-2', 5)],
      }),
    );
    expect(late).toMatchObject({ effects: 0, dropped: 'erased' });
    // Nor do loyalty and workflows (tracking hands no fact on: a late order earns nothing), nor engagement (a click on
    // a mail sent before the purge).
    const lateOrder = storefront(
      'Order Completed',
      orderDetail({ customerId: layla }, 'ord-late', at(40), [lineItem('p-1', 50)]),
    );
    expect(await trackStorefrontEvent(f.store, lateOrder)).toMatchObject({ dropped: 'erased' });
    expect((await trackStorefrontEvent(f.store, lateOrder)).fact).toBeUndefined();
    const click = sesEvent(
      'Email Clicked',
      { ...sesMail({ messageId: 'ses-msg-1', destination: [email], tags: { customerId: [layla] } }), timestamp: t0 },
      { timestamp: at(90) },
    );
    expect(await trackEngagementEvent(f.store, click)).toMatchObject({ customerId: null });
    expect((await partition(f, `CUST#${layla}`)).map((i) => i.sk)).toEqual(['PROFILE']);

    await trackStorefrontEvent(
      f.store,
      storefront('Customer Registered', { customerId: layla, occurredAt: at(120), email, consents: { email: true } }),
    );
    const facts = new DynamoMessagingFacts(f.db, f.table);
    const back = await facts.recipient(layla);
    expect(back).toMatchObject({ email, consents: { email: true } });
    expect(await facts.isSuppressed(email, 'email', back?.optedInAt?.email)).toBe(true);

    await trackStorefrontEvent(
      f.store,
      storefront('Customer Updated', { customerId: layla, occurredAt: at(180), consents: { email: true } }),
    );
    const optedIn = await facts.recipient(layla);
    expect(optedIn?.optedInAt?.email).toBe(at(180));
    expect(await facts.isSuppressed(email, 'email', optedIn?.optedInAt?.email)).toBe(false);
  });

  it('previews exactly what it would do without writing anything', async () => {
    const f = dynamo();
    await seedLayla(f);
    const { service, published } = purgeFixture(f);
    const items = await partition(f, `CUST#${layla}`);

    const preview = await service.preview(layla);

    expect(preview).toMatchObject({
      status: 'would-purge',
      erase: expect.objectContaining({ profile: 1, carts: 1, enrollments: 1, messages: 1, identities: 3 }),
      pseudonymise: expect.objectContaining({ orders: 1, loyaltyAccount: 1, loyaltyRecords: expect.any(Number) }),
      suppress: ['l***@example.com', '+96*******567'],
    });
    expect(await partition(f, `CUST#${layla}`)).toEqual(items);
    expect(published).toEqual([]);
    expect(await service.preview('cus_nobody')).toMatchObject({ status: 'unknown' });
    expect(await service.purge({ ...request, customerId: 'cus_nobody' })).toEqual({
      status: 'unknown',
      customerId: 'cus_nobody',
    });
  });
});
