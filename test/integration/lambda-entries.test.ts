import { describe, expect, it } from 'vitest';
import { snsNotification } from '../../infra/local/capture-server.js';
import { CustomerReader } from '../../shared/customer/store/customer-reader.js';
import { loadMessagingConfig } from '../../shared/messaging/adapters/config.js';
import { createMessenger } from '../../shared/messaging/compose.js';
import type { EventEnvelope } from '../../shared/schemas/envelope.js';
import { DynamoEnrollmentStore } from '../../shared/workflow/store/enrollment-store.js';
import { functionUrlEvent, type StoredEmail, useDeployedFunctions } from '../helpers/deployed-fixture.js';
import {
  deployedEntries,
  handlerFolders,
  smsOriginationIdentity,
  unsubscribeFunctionUrl,
} from '../helpers/deployed-functions.js';
import { envelope, lineItem, orderDetail, sesEvent, sesMail, storefront } from '../helpers/events.js';

// Every functions/<name>/handler.ts as Lambda runs it: the environment the CDK stack gives that function, a cold start
// (a fresh import), a realistic event with a Lambda context, and its effect read back from the local servers. An
// input another function produces on AWS (the tracked fact) is what that function put on the local bus.
const deployed = useDeployedFunctions();

/** What EventBridge Scheduler invokes a sweep with: its targets have no input. */
const scheduled = {};
const ago = (hours: number): string => new Date(Date.now() - hours * 3_600_000).toISOString();
const reader = () => new CustomerReader(deployed().db, deployed().table);

/** Rekindle's own events put on its bus so far in this test, of one detail-type. */
const published = (detailType: string): EventEnvelope[] =>
  deployed()
    .onTheBus.filter((e) => e.bus === 'rekindle' && e.event.source === 'rekindle')
    .map((e) => e.event)
    .filter((e) => e['detail-type'] === detailType);

/** The one event of that detail-type on the bus, as a rule would deliver it. */
function the(detailType: string): EventEnvelope {
  const [event, ...more] = published(detailType);
  if (!event || more.length > 0) throw new Error(`expected one ${detailType}, got ${published(detailType).length}`);
  return event;
}

interface Customer {
  readonly customerId: string;
  readonly email: string;
  readonly phone: string;
  readonly timezone?: string;
  readonly birthday?: string;
}

let phones = 0;
const customer = (id: string, extra: Partial<Customer> = {}): Customer => ({
  customerId: `cus_${id}`,
  email: `${id}@example.com`,
  phone: `+96650${String(1_000_000 + ++phones).slice(-7)}`,
  ...extra,
});

const registered = (c: Customer, occurredAt = ago(1)) =>
  storefront('Customer Registered', {
    firstName: 'Layla',
    locale: 'en',
    timezone: 'Asia/Riyadh',
    consents: { email: true, sms: true },
    ...c,
    occurredAt,
  });

const order = (c: Customer, orderId: string) =>
  storefront(
    'Order Completed',
    orderDetail({ customerId: c.customerId }, orderId, ago(0.5), [lineItem('p1', 420)], { currency: 'SAR' }),
  );

const cartUpdated = (c: Customer, cartId: string, occurredAt: string) =>
  storefront('Cart Updated', {
    customerId: c.customerId,
    cartId,
    currency: 'SAR',
    total: 420,
    items: [lineItem('p1', 420)],
    occurredAt,
  });

/** The track function, as the StorefrontToTrack rule invokes it, on each event in turn (none parked). */
async function tracked(...events: EventEnvelope[]): Promise<void> {
  const track = await deployed().start('track');
  for (const event of events) {
    const { customerId } = event.detail as { customerId: string };
    expect(await track(event)).toMatchObject({ customerId });
  }
}

/** Registered through track, then the workflow function on the fact: the welcome email it sent. */
async function welcomed(c: Customer, occurredAt = ago(1)): Promise<StoredEmail> {
  await tracked(registered(c, occurredAt));
  const workflow = await deployed().start('workflow');
  expect(await workflow(the('Customer Registered'))).toMatchObject({ entered: [`welcome-series#${c.customerId}#-`] });
  const [email, ...more] = await deployed().emailsTo(c.email);
  if (!email || more.length > 0) throw new Error(`expected one welcome email, got ${more.length + (email ? 1 : 0)}`);
  return email;
}

/** A time zone where it is noon now: a text sent there now is inside 08:00-20:00, whatever the hour here. */
function zoneAtNoon(): string {
  const hourIn = (timeZone: string) =>
    Number(new Intl.DateTimeFormat('en-GB', { timeZone, hour: 'numeric', hourCycle: 'h23' }).format(new Date()));
  const zone = Intl.supportedValuesOf('timeZone').find((z) => hourIn(z) === 12);
  if (!zone) throw new Error('no time zone at noon');
  return zone;
}

describe('the Lambda entries, each under the environment the CDK stack gives it', () => {
  it('covers every functions/*/handler.ts, each deployed by one function of the stack', () => {
    expect(handlerFolders()).toEqual([...deployedEntries].sort());
    expect(deployed().deployment.functions).toHaveLength(deployedEntries.length);
    for (const name of deployedEntries) expect(deployed().deployment.variables(name)).toHaveProperty('TABLE_NAME');
  });

  it('track records a registration and an order, and hands each on as a fact carrying the customer', async () => {
    const c = customer('track');
    await tracked(registered(c), order(c, 'ord-1'));
    expect(await reader().customer(c.customerId)).toMatchObject({
      email: c.email,
      consents: { email: { granted: true } },
      stats: { orders: 1, revenue: 420 },
    });
    expect(the('Customer Registered').detail).toMatchObject({ customerId: c.customerId, customer: { email: c.email } });
    expect(the('Order Completed').detail).toMatchObject({ orderId: 'ord-1', customer: { stats: { orders: 1 } } });
  });

  it('loyalty posts the signup bonus and the order points of the tracked facts, announcing Points Awarded', async () => {
    const c = customer('loyalty');
    await tracked(registered(c), order(c, 'ord-7'));
    const facts = [the('Customer Registered'), the('Order Completed')];
    const loyalty = await deployed().start('loyalty');
    for (const fact of facts) expect(await loyalty(fact)).toMatchObject({ customerId: c.customerId });
    const awarded = published('Points Awarded').map((e) => e.detail);
    expect(awarded).toContainEqual(expect.objectContaining({ customerId: c.customerId, reason: 'signup' }));
    expect(awarded).toContainEqual(expect.objectContaining({ reason: 'order', orderId: 'ord-7', points: 420 }));
  });

  it('workflow sends the welcome email of a registration, with one-click unsubscribe at the deployed URL', async () => {
    const email = await welcomed(customer('workflow'));
    expect(email.from).toBe('Shop <hello@shop.example>');
    const headers = Object.fromEntries((email.headers ?? []).map((h) => [h.name, h.value]));
    expect(headers['List-Unsubscribe']).toMatch(new RegExp(`^<${unsubscribeFunctionUrl}u/v1\\.[\\w.-]+>$`));
    expect(headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
  });

  it('unsubscribe honours the one-click link of a sent email (one secret signs and verifies)', async () => {
    const c = customer('unsubscribe');
    const link = (await welcomed(c)).headers?.find((h) => h.name === 'List-Unsubscribe')?.value.slice(1, -1);
    const unsubscribe = await deployed().start('unsubscribe');
    const post = functionUrlEvent('POST', new URL(link ?? '').pathname, {
      body: 'List-Unsubscribe=One-Click',
      contentType: 'application/x-www-form-urlencoded',
    });
    expect(await unsubscribe(post)).toMatchObject({ statusCode: 200 });
    expect((await reader().customer(c.customerId))?.consents.email).toMatchObject({ granted: false });
  });

  it('engagement puts an SES click on the timeline of the customer the email went to', async () => {
    const c = customer('engagement');
    const { messageId } = await welcomed(c);
    const engagement = await deployed().start('engagement');
    const click = sesEvent('Email Clicked', sesMail({ messageId, destination: [c.email] }), {
      link: 'https://shop.example/new',
    });
    expect(await engagement(click)).toMatchObject({ customerId: c.customerId });
    const { items } = await reader().timeline(c.customerId, { limit: 20 });
    expect(items).toContainEqual(expect.objectContaining({ type: 'Email Clicked' }));
  });

  it('workflow-timers wakes an enrollment whose wait is over', async () => {
    const c = customer('timers');
    await welcomed(c, ago(5 * 24)); // the welcome series waits three days after the registration, then until 10:00
    const timers = await deployed().start('workflow-timers');
    expect(await timers(scheduled)).toMatchObject({ woken: 1 });
    const [stored] = await new DynamoEnrollmentStore(deployed().db, deployed().table).ofCustomer(c.customerId);
    expect(stored?.enrollment).toMatchObject({ workflowId: 'welcome-series', step: 'morning' });
  });

  it('purge erases the customer a Customer Purge Requested names, and announces Customer Purged', async () => {
    const c = customer('purge');
    await tracked(registered(c));
    const purge = await deployed().start('purge');
    // As a workflow's purge step puts it on the bus (shared/workflow/adapters/step-effects.ts).
    const requested = envelope('rekindle', 'Customer Purge Requested', {
      customerId: c.customerId,
      reason: 'inactive, no answer to the win-back offers',
      workflowId: 'win-back',
      step: 'purge',
      eventId: `win-back#${c.customerId}:purge:1`,
      occurredAt: ago(0),
    });
    expect(await purge(requested)).toMatchObject({ status: 'purged' });
    expect(await reader().customer(c.customerId)).toBeNull();
    expect(the('Customer Purged').detail).toMatchObject({
      customerId: c.customerId,
      requestedBy: 'workflow win-back step purge',
      counts: { profile: 1 },
    });
  });

  it('inbound revokes SMS consent on a STOP texted back, from the SNS notification', async () => {
    const c = customer('inbound');
    await tracked(registered(c));
    const inbound = await deployed().start('inbound');
    // End User Messaging SMS's two-way payload, as the topic delivers it.
    const text = {
      originationNumber: c.phone,
      destinationNumber: smsOriginationIdentity,
      messageKeyword: 'KEYWORD_123456789012',
      messageBody: 'STOP',
      inboundMessageId: 'b7e3c1a2-0000-4000-8000-000000000001',
      previousPublishedMessageId: null,
    };
    expect(await inbound(snsNotification('rekindle-inbound', text, new Date()))).toEqual({ replies: 1, optedOut: 1 });
    expect((await reader().customer(c.customerId))?.consents.sms).toMatchObject({ granted: false });
  });

  it('admin serves a customer and erases one on DELETE, announcing it on the bus with the IAM caller', async () => {
    const c = customer('admin');
    await tracked(registered(c));
    const admin = await deployed().start('admin');
    const found = await admin(functionUrlEvent('GET', `/customers/${c.customerId}`));
    expect(found).toMatchObject({ statusCode: 200 });
    expect(JSON.parse(String((found as { body?: string }).body))).toMatchObject({ email: c.email });
    const operator = 'arn:aws:iam::123456789012:user/operator';
    const erase = functionUrlEvent('DELETE', `/customers/${c.customerId}`, { iam: operator });
    expect(await admin(erase)).toMatchObject({ statusCode: 200 });
    expect(the('Customer Purged').detail).toMatchObject({ customerId: c.customerId, requestedBy: operator });
  });

  it('cart-sweep announces Cart Abandoned for a cart left past CART_ABANDONED_AFTER', async () => {
    const c = customer('cart');
    await tracked(registered(c, ago(3)), cartUpdated(c, 'cart-1', ago(2)));
    const sweep = await deployed().start('cart-sweep');
    expect(await sweep(scheduled)).toEqual({ due: 1, abandoned: 1 });
    expect(the('Cart Abandoned').detail).toMatchObject({ customerId: c.customerId, cartId: 'cart-1' });
  });

  it('inactivity-sweep announces a customer silent for 30 days as of yesterday', async () => {
    const c = customer('inactive');
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    await tracked(registered(c, new Date(Date.parse(`${yesterday}T12:00:00Z`) - 30 * 86_400_000).toISOString()));
    const sweep = await deployed().start('inactivity-sweep');
    expect(await sweep(scheduled)).toEqual({ days: [yesterday], published: 1 });
    expect(the('Customer Became Inactive').detail).toMatchObject({ customerId: c.customerId, basis: 'activity' });
  });

  it('segments-sweep ranks the buyers of the last 365 days (ABC; too few buyers for RFM quintiles)', async () => {
    const c = customer('segmented');
    await tracked(order(c, 'ord-seg'));
    const sweep = await deployed().start('segments-sweep');
    const result = (await sweep(scheduled)) as { buyers: number; rfm: string };
    expect(result.buyers).toBeGreaterThanOrEqual(1);
    expect(result.rfm).toBe('not-enough-history');
  });

  it('loyalty-sweep pays the birthday bonus of an account that came due', async () => {
    const threeDaysAgo = new Date(Date.now() - 3 * 86_400_000).toISOString().slice(0, 10);
    const c = customer('birthday', { birthday: `1990-${threeDaysAgo.slice(5)}`, timezone: 'UTC' });
    await tracked(registered(c, ago(20 * 24)));
    await (await deployed().start('loyalty'))(the('Customer Registered'));
    deployed().onTheBus.length = 0;
    const sweep = await deployed().start('loyalty-sweep');
    expect(await sweep(scheduled)).toEqual({ due: 1, ticked: 1 });
    expect(the('Points Awarded').detail).toMatchObject({ customerId: c.customerId, reason: 'birthday', points: 200 });
  });

  it('message-sweep sends a text that quiet hours held overnight, once the window is open', async () => {
    const c = customer('held', { timezone: zoneAtNoon() });
    await tracked(registered(c, ago(48)), cartUpdated(c, 'cart-9', ago(20)));
    // The abandoned-cart workflow's text, submitted at about 22:00 last night in the customer's zone: held.
    const { db, table, unsubscribeKey } = deployed();
    const env = { ...deployed().environment('message-sweep'), UNSUBSCRIBE_SECRET: unsubscribeKey };
    const seeding = createMessenger({ db, table, config: loadMessagingConfig(env) });
    const enrollmentId = `abandoned-cart#${c.customerId}#cart-9`;
    const held = await seeding.messenger.submit({
      idempotencyKey: `${enrollmentId}:sms-reminder:1`,
      customerId: c.customerId,
      channel: 'sms',
      fallback: null,
      template: 'cart-reminder',
      offer: null,
      workflow: { id: 'abandoned-cart', version: 2, priority: 10 },
      enrollmentId,
      step: 'sms-reminder',
      key: 'cart-9',
      at: ago(14),
    });
    seeding.destroy();
    expect(held).toMatchObject({ status: 'scheduled' });
    const sweep = await deployed().start('message-sweep');
    expect(await sweep(scheduled)).toMatchObject({ due: 1, sent: 1, skipped: 0 });
    expect(
      deployed()
        .sms.messages()
        .filter((m) => m.to === c.phone),
    ).toEqual([expect.objectContaining({ from: smsOriginationIdentity, body: expect.stringContaining('your cart') })]);
  });
});
