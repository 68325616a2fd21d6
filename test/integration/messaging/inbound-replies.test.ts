import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInboundHandler } from '../../../functions/inbound/inbound.js';
import { localContext } from '../../../infra/local/bus.js';
import { type CaptureServer, snsNotification } from '../../../infra/local/capture-server.js';
import { type CapturedSms, startSmsServer } from '../../../infra/local/sms-server.js';
import { type CapturedWhatsApp, startWhatsAppServer } from '../../../infra/local/whatsapp-server.js';
import { createRuntime } from '../../../shared/platform/lambda/runtime.js';
import { registerCustomer, sendRequest, useMessaging } from './harness.js';

// Replies come in as a customer would send them: `POST /inbound` on the local SMS and WhatsApp servers, handed on
// as the SNS notification AWS publishes, to the inbound function over this test's table.
const messaging = useMessaging();
let handle: ((snsEvent: unknown) => Promise<unknown>) | undefined;
let smsIn: CaptureServer<CapturedSms> | undefined;
let whatsAppIn: CaptureServer<CapturedWhatsApp> | undefined;
const onInbound = async (snsEvent: unknown) => handle?.(snsEvent);
const replyAt = new Date('2026-03-14T20:30:00.000Z');

beforeAll(async () => {
  smsIn = await startSmsServer({ port: 0, now: () => replyAt, onInbound });
  whatsAppIn = await startWhatsAppServer({ port: 0, now: () => replyAt, onInbound });
});
afterAll(async () => {
  await smsIn?.close();
  await whatsAppIn?.close();
});

/** The fixture of this test, with the inbound function over its table. */
function fixture() {
  const f = messaging();
  const inbound = createInboundHandler(
    createRuntime(
      { TABLE_NAME: f.dynamo.table, EVENT_BUS_NAME: 'rekindle' },
      { service: 'inbound', now: () => replyAt, db: f.dynamo.db },
    ),
  );
  handle = (event) => inbound(event, localContext('inbound', 'test'));
  return f;
}

async function reply(server: CaptureServer<CapturedSms | CapturedWhatsApp> | undefined, from: string, body: string) {
  const res = await fetch(`${server?.url}/inbound`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ from, body }),
  });
  return { status: res.status, body: await res.json() };
}

const phone = '+966501112233';
const customer = {
  customerId: 'cus_stop',
  email: 'stop@example.com',
  phone,
  consents: { email: true, sms: true, whatsapp: true },
};

describe('a STOP reply', () => {
  it('by SMS revokes SMS consent and suppresses the number for SMS; email still goes', async () => {
    const { dynamo, messaging: m } = fixture();
    await registerCustomer(dynamo, customer);
    expect(await reply(smsIn, phone, ' Stop ')).toEqual({ status: 200, body: { replies: 1, optedOut: 1 } });

    expect((await dynamo.reader.customer('cus_stop'))?.consents.sms).toEqual({
      granted: false,
      at: replyAt.toISOString(),
    });
    const { items } = await dynamo.reader.timeline('cus_stop', { limit: 10 });
    expect(items).toContainEqual(
      expect.objectContaining({ type: 'Opted Out', channel: 'sms', occurredAt: replyAt.toISOString() }),
    );
    const later = new Date(replyAt.getTime() + 3_600_000).toISOString();
    expect(await m.messenger.submit(sendRequest({ customerId: 'cus_stop', channel: 'sms', at: later }))).toEqual({
      status: 'skipped',
      reason: 'no consent for sms',
    });
    expect(await m.messenger.submit(sendRequest({ customerId: 'cus_stop', step: 'email-2', at: later }))).toMatchObject(
      { status: 'sent', channel: 'email' },
    );
  });

  it('keeps the number suppressed for whoever registers it next, even with consent', async () => {
    const { dynamo, messaging: m } = fixture();
    expect(await reply(smsIn, phone, 'UNSUBSCRIBE')).toEqual({ status: 200, body: { replies: 1, optedOut: 1 } });
    await registerCustomer(dynamo, { customerId: 'cus_new_owner', phone, consents: { sms: true } });
    expect(await m.messenger.submit(sendRequest({ customerId: 'cus_new_owner', channel: 'sms' }))).toEqual({
      status: 'skipped',
      reason: 'suppressed',
    });
  });

  it('by WhatsApp, in Arabic, stops WhatsApp only', async () => {
    const { dynamo, messaging: m } = fixture();
    await registerCustomer(dynamo, customer);
    expect(await reply(whatsAppIn, phone, 'إيقاف')).toEqual({ status: 200, body: { replies: 1, optedOut: 1 } });
    const whatsApp = sendRequest({ customerId: 'cus_stop', channel: 'whatsapp', template: 'ramadan-offer' });
    expect(await m.messenger.submit(whatsApp)).toEqual({ status: 'skipped', reason: 'no consent for whatsapp' });
    const sms = sendRequest({ customerId: 'cus_stop', channel: 'sms', step: 'sms-1' });
    expect(await m.messenger.submit(sms)).toMatchObject({ status: 'sent', channel: 'sms' });
  });

  it('at night wins over a text held for the morning: skipped at 08:00, saying why', async () => {
    const { dynamo, messaging: m } = fixture();
    await registerCustomer(dynamo, customer);
    const night = '2026-03-14T20:00:00.000Z'; // 23:00 in Riyadh; the reply comes at 23:30
    expect(await m.messenger.submit(sendRequest({ customerId: 'cus_stop', channel: 'sms', at: night }))).toMatchObject({
      status: 'scheduled',
    });
    await reply(smsIn, phone, 'STOP');
    expect(await m.held.sendDue('2026-03-15T05:00:00.000Z')).toMatchObject({ due: 1, sent: 0, skipped: 1 });
    const [held] = (await m.messages.messages('cus_stop', 1)).items;
    expect(held?.history.map((h) => `${h.status}: ${h.detail}`)).toEqual([
      'scheduled: quiet hours 20:00–08:00 in Asia/Riyadh: held until 08:00',
      'skipped: no consent for sms',
    ]);
  });
});

describe('other replies', () => {
  it('change nothing; a malformed one is refused with why', async () => {
    const { dynamo } = fixture();
    await registerCustomer(dynamo, customer);
    expect(await reply(smsIn, phone, 'Thanks, see you soon')).toEqual({
      status: 200,
      body: { replies: 1, optedOut: 0 },
    });
    expect((await dynamo.reader.customer('cus_stop'))?.consents.sms?.granted).toBe(true);
    expect(await reply(smsIn, '0501112233', 'STOP')).toEqual({
      status: 400,
      body: { message: ['from: must be an E.164 phone number such as +966501234567'] },
    });
  });

  it('delivered twice by SNS, a STOP changes nothing more', async () => {
    const { dynamo } = fixture();
    await registerCustomer(dynamo, customer);
    const stop = snsNotification(
      'rekindle-inbound',
      { originationNumber: phone, messageBody: 'STOP', inboundMessageId: 'in-42' },
      replyAt,
    );
    await handle?.(stop);
    await handle?.(stop);
    const { items } = await dynamo.reader.timeline('cus_stop', { limit: 10 });
    expect(items.filter((e) => e.type === 'Opted Out')).toHaveLength(1);
    expect((await dynamo.reader.customer('cus_stop'))?.consents.sms).toEqual({
      granted: false,
      at: replyAt.toISOString(),
    });
  });
});
