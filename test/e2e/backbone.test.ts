import type { PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sesExamples, storefrontExamples } from '../../shared/schemas/examples.js';
import { type EngineHarness, startHarness } from './local-engine.js';

// The issue's acceptance script: a storefront and SES talk to the local engine through the real AWS SDK only.
const shop = (DetailType: string, detail: object, Time?: Date): PutEventsRequestEntry => ({
  EventBusName: 'rekindle',
  Source: 'shop.example',
  DetailType,
  Detail: JSON.stringify(detail),
  ...(Time ? { Time } : {}),
});

const customerId = 'cus_e2e_1';
const registered = { ...storefrontExamples['Customer Registered'], customerId, email: 'noor@example.com' };
const cart = { ...storefrontExamples['Cart Updated'], customerId, anonymousId: undefined, email: undefined };
const order = { ...storefrontExamples['Order Completed'], customerId, anonymousId: undefined };
const click = {
  ...sesExamples['Email Clicked'],
  mail: { ...sesExamples['Email Clicked'].mail, tags: { customerId: [customerId] }, destination: ['noor@example.com'] },
};
const sesClick: PutEventsRequestEntry = {
  EventBusName: 'default',
  Source: 'aws.ses',
  DetailType: 'Email Clicked',
  Detail: JSON.stringify(click),
};
const script = [
  shop('Customer Registered', registered),
  shop('Cart Updated', cart),
  shop('Order Completed', order),
  sesClick,
];

describe('backbone: storefront and SES events reach DynamoDB through the local engine', () => {
  let h: EngineHarness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h?.stop());

  it('accepts the four events with per-entry results and no failures', async () => {
    const out = await h.put(script);
    expect(out.FailedEntryCount).toBe(0);
    expect(out.Entries).toHaveLength(4);
    await h.settle();
  });

  it('shows the profile, one order with its revenue and the last-active time', async () => {
    const { status, body } = await h.get(`/customers/${customerId}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      customerId,
      email: 'noor@example.com',
      locale: registered.locale,
      consents: { email: { granted: true } },
      stats: { orders: 1, revenue: order.total, lastActiveAt: expect.any(String) },
    });
    expect(body).toHaveProperty('carts.0.status', 'ordered');
  });

  it('puts all four on the timeline, the click with its link', async () => {
    const { body } = await h.get(`/customers/${customerId}/timeline`);
    const items = timelineItems(body);
    expect(items.map((i) => i.type).sort()).toEqual(
      ['Cart Updated', 'Customer Registered', 'Email Clicked', 'Order Completed'].sort(),
    );
    const clicked = items.find((i) => i.type === 'Email Clicked');
    expect(clicked?.data.link).toBe(click.click.link);
    expect(clicked?.channel).toBe('email');
    const emailOnly = timelineItems((await h.get(`/customers/${customerId}/timeline?channel=email`)).body);
    expect(emailOnly.map((i) => i.type)).toEqual(['Email Clicked']);
  });

  it('gives the same result when every event is sent twice', async () => {
    const before = await snapshot(h);
    await h.put(script);
    await h.put(script);
    await h.settle();
    expect(await snapshot(h)).toEqual(before);
  });

  it('parks a malformed event with a per-field reason and processes the events after it', async () => {
    const bad = shop('Order Completed', { ...order, orderId: 'ord_bad', total: 'lots', items: [{ productId: 'p' }] });
    // Its own eventId: the storefront's idempotency key says which deliveries are the same event.
    const after = shop('Order Completed', {
      ...order,
      orderId: 'ord_after',
      eventId: 'evt_after',
      total: 10,
      cartId: undefined,
    });
    const out = await h.put([bad, after]);
    expect(out.FailedEntryCount).toBe(0);
    await h.settle();
    const { body } = await h.get('/dlq');
    const parked = parkedItems(body).find((p) => p.detailType === 'Order Completed');
    expect(parked?.issues.map((i) => i.path)).toEqual(
      expect.arrayContaining(['detail.total', 'detail.items[0].name', 'detail.items[0].price']),
    );
    expect(parked?.reason).toContain('detail.total');
    const { body: customer } = await h.get(`/customers/${customerId}`);
    expect(customer).toMatchObject({ stats: { orders: 2, revenue: order.total + 10 } });
  });

  it('answers 404 with a JSON error for an unknown customer', async () => {
    const { status, body } = await h.get('/customers/nobody');
    expect(status).toBe(404);
    expect(body).toMatchObject({ error: 'CustomerNotFound' });
  });

  it('moves the clock by a duration or to a time, and only forward', async () => {
    expect((await h.post('/clock', { advance: 'PT4H' })).body).toEqual({ now: '2026-11-01T13:00:00.000Z' });
    expect((await h.post('/clock', { set: '2026-12-01T00:00:00Z' })).body).toEqual({ now: '2026-12-01T00:00:00.000Z' });
    expect((await h.post('/clock', { set: '2026-01-01T00:00:00Z' })).status).toBe(409);
    const bad = await h.post('/clock', { advance: 'four hours' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('ISO-8601 duration');
  });
});

interface Entry {
  type: string;
  channel: string;
  data: Record<string, unknown>;
}
interface Parked {
  detailType: string;
  reason: string;
  issues: { path: string }[];
}

function timelineItems(body: unknown): Entry[] {
  expect(body).toHaveProperty('items');
  return (body as { items: Entry[] }).items;
}

function parkedItems(body: unknown): Parked[] {
  expect(body).toHaveProperty('items');
  return (body as { items: Parked[] }).items;
}

async function snapshot(h: EngineHarness): Promise<unknown> {
  return {
    customer: (await h.get(`/customers/${customerId}`)).body,
    timeline: (await h.get(`/customers/${customerId}/timeline`)).body,
  };
}
