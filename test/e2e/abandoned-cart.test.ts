import type { PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EngineHarness, startHarness } from './local-engine.js';

// Issue 4's acceptance: the shipped abandoned-cart workflow on the whole local engine, events in through the real
// SDK, time moved by POST /clock, mail read back from the SES emulator and texts from the SMS capture server.
const start = '2026-11-02T10:00:00.000Z';
const shop = (DetailType: string, detail: object): PutEventsRequestEntry => ({
  EventBusName: 'rekindle',
  Source: 'shop.example',
  DetailType,
  Detail: JSON.stringify(detail),
});
const customer = (customerId: string) =>
  shop('Customer Registered', {
    customerId,
    occurredAt: start,
    email: `${customerId}@example.com`,
    phone: '+966501234567',
    firstName: 'Layla',
    locale: 'en-US',
    timezone: 'Asia/Riyadh',
    consents: { email: true, sms: true },
  });
const cart = (customerId: string, cartId: string) =>
  shop('Cart Updated', {
    customerId,
    cartId,
    occurredAt: start,
    currency: 'EUR',
    total: 89.9,
    items: [{ productId: 'p-scarf', name: 'Silk scarf', price: 89.9, quantity: 1 }],
  });
const order = (customerId: string, cartId: string, occurredAt: string) =>
  shop('Order Completed', {
    customerId,
    cartId,
    orderId: `ord-${cartId}`,
    occurredAt,
    currency: 'EUR',
    total: 89.9,
    items: [{ productId: 'p-scarf', name: 'Silk scarf', price: 89.9, quantity: 1 }],
  });

interface Email {
  destination: { to: string[] };
  subject: string;
  body: { html?: string };
  at?: string;
}
interface Enrollment {
  workflowId: string;
  status: string;
  step: string | null;
  nextWakeAt: string | null;
  history: { step: string; outcome: string; at: string }[];
}

describe('abandoned cart on the local engine', () => {
  let h: EngineHarness;
  /** The abandoned-cart workflow's emails to the customer (other shipped workflows mail them too, e.g. welcome). */
  const emailsTo = async (address: string): Promise<Email[]> => {
    const customerId = address.split('@')[0] ?? '';
    const { body } = await h.get(`/customers/${customerId}/messages`);
    const records = (body as { items: { workflow: { id: string }; channel: string; providerMessageId: string }[] })
      .items;
    const ids = new Set(
      records
        .filter((r) => r.workflow.id === 'abandoned-cart' && r.channel === 'email')
        .map((r) => r.providerMessageId),
    );
    const store = (await (await fetch(`${h.engine.endpoints.ses}/store`)).json()) as {
      emails: (Email & { messageId: string })[];
    };
    return store.emails.filter((e) => ids.has(e.messageId) && e.destination.to.includes(address));
  };
  const texts = async (): Promise<{ to: string; body: string }[]> =>
    ((await (await fetch(`${h.engine.endpoints.sms}/messages`)).json()) as { items: never[] }).items;
  const enrollment = async (customerId: string): Promise<Enrollment | undefined> => {
    const { body } = await h.get(`/customers/${customerId}/enrollments`);
    return (body as { items: Enrollment[] }).items.find((e) => e.workflowId === 'abandoned-cart');
  };
  const advance = async (duration: string) => {
    expect((await h.post('/clock', { advance: duration })).status).toBe(200);
    await h.settle();
  };

  beforeAll(async () => {
    h = await startHarness(new Date(start));
    await h.put([customer('cus_intime'), customer('cus_late')]);
    await h.settle();
    await h.put([cart('cus_intime', 'cart_intime'), cart('cus_late', 'cart_late')]);
    await h.settle();
  });
  afterAll(async () => h?.stop());

  it('sends the cart email 4 hours after the cart, not before', async () => {
    expect(await enrollment('cus_intime')).toMatchObject({
      status: 'active',
      step: 'wait-4h',
      nextWakeAt: '2026-11-02T14:00:00.000Z',
    });
    await advance('PT3H59M');
    expect(await emailsTo('cus_intime@example.com')).toHaveLength(0);
    await advance('PT1M');
    const [email] = await emailsTo('cus_intime@example.com');
    expect(email?.subject).toBeTruthy();
    expect(email?.body.html).toContain('Silk scarf');
    expect(await emailsTo('cus_late@example.com')).toHaveLength(1);
    expect(await enrollment('cus_intime')).toMatchObject({ step: 'wait-order' });
  });

  it('an order in time skips the SMS and counts the conversion with its revenue', async () => {
    await advance('PT2H');
    await h.put([order('cus_intime', 'cart_intime', '2026-11-02T16:00:00.000Z')]);
    await h.settle();
    expect(await enrollment('cus_intime')).toMatchObject({ status: 'converted' });
    await advance('P1D'); // past the wait for the order: the late customer's SMS goes, this one's does not
    const sent = await texts();
    expect(sent.map((t) => t.to)).toEqual(['+966501234567']);
    expect(sent[0]?.body).toMatch(/10\s?%/); // the coupon's percent, rendered
    expect(await enrollment('cus_late')).toMatchObject({ status: 'exited', step: 'done' });
    const late = await enrollment('cus_late');
    expect(late?.history.map((e) => `${e.step}: ${e.outcome}`)).toContain('wait-order: timeout');
  });

  it('an order after the SMS followed the other branch and still converts within the goal window', async () => {
    await advance('P1D');
    await h.put([order('cus_late', 'cart_late', '2026-11-04T12:00:00.000Z')]);
    await h.settle();
    expect(await enrollment('cus_late')).toMatchObject({ status: 'converted' });
    const { status, body } = await h.get('/workflows/abandoned-cart/stats');
    expect(status).toBe(200);
    expect((body as { total: unknown }).total).toMatchObject({
      entered: 2,
      converted: 2,
      revenue: 179.8,
      steps: { 'wait-4h': 2, 'email-reminder': 2, 'wait-order': 2, 'sms-coupon': 1, done: 1 },
    });
    // Every message the workflow sent is on record: two emails and one SMS.
    expect((await emailsTo('cus_intime@example.com')).length + (await emailsTo('cus_late@example.com')).length).toBe(2);
    expect(await texts()).toHaveLength(1);
  });
});
