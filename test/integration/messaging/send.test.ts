import { describe, expect, it } from 'vitest';
import { createAdminApi, handleAdminRequest } from '../../../shared/admin/admin.js';
import type { Account } from '../../../shared/loyalty/core/model.js';
import { DynamoLoyaltyStore } from '../../../shared/loyalty/store/loyalty-store.js';
import { UnsubscribeTokens } from '../../../shared/messaging/core/unsubscribe.js';
import { at, registerCustomer, sendRequest, unsubscribeBase, unsubscribeKey, useMessaging } from './harness.js';

const messaging = useMessaging();
const layla = {
  customerId: 'cus_1',
  email: 'layla@example.com',
  phone: '+966501234567',
  firstName: 'Layla',
  locale: 'en-US',
  consents: { email: true, sms: true },
};

describe('an email send', () => {
  it('lands in SES with the name, the cart items and the coupon rendered, and one-click unsubscribe headers', async () => {
    const { dynamo, messaging: m, email } = messaging();
    await registerCustomer(dynamo, layla);
    const request = sendRequest({
      template: 'cart-coupon',
      step: 'email-coupon',
      offer: { coupon: { percent: 10, expiresIn: 'P3D' } },
    });

    const outcome = await m.messenger.submit(request);

    expect(outcome).toEqual({ status: 'sent', channel: 'email', messageId: expect.any(String) });
    if (outcome.status !== 'sent' || !outcome.messageId) throw new Error('not sent');
    const sent = await email(outcome.messageId);
    expect(sent).toMatchObject({
      from: 'Rekindle Shop <hello@shop.example>',
      destination: { to: ['layla@example.com'] },
      subject: '10% off your cart, just for you',
    });
    expect(sent?.body.html).toContain('Layla, still thinking it over?');
    expect(sent?.body.html).toContain('2 items in your cart (SAR\u00a0611.00)');
    expect(sent?.body.text).toMatch(/RK-[0-9A-F]{12}/);
    expect(sent?.body.text).toContain('Valid until March 17, 2026, once.');
    const headers = Object.fromEntries((sent?.headers ?? []).map((h) => [h.name, h.value]));
    const token = /^<https:\/\/shop\.example\/u\/(v1\.[\w-]+\.[\w-]{43})>, /.exec(
      headers['List-Unsubscribe'] ?? '',
    )?.[1];
    expect(headers['List-Unsubscribe']).toBe(
      `<${unsubscribeBase}/u/${token}>, <mailto:unsubscribe@shop.example?subject=unsubscribe-${token}>`,
    );
    expect(headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    expect(new UnsubscribeTokens([unsubscribeKey]).verify(token ?? '', new Date(at))).toMatchObject({
      status: 'ok',
      claims: { customerId: 'cus_1', channel: 'email', messageKey: request.idempotencyKey, issuedAt: at },
    });
    expect(sent?.body.html).toContain(`href="${unsubscribeBase}/u/${token}"`);
  });

  it('shows the cart items with their name, image, price and link in the cart reminder', async () => {
    const { dynamo, messaging: m, email } = messaging();
    await registerCustomer(dynamo, layla);
    const outcome = await m.messenger.submit(sendRequest());
    if (outcome.status !== 'sent' || !outcome.messageId) throw new Error('not sent');
    const html = (await email(outcome.messageId))?.body.html ?? '';
    expect(html).toContain('<a href="https://shop.example/p/oud-wood"');
    expect(html).toContain('src="https://shop.example/img/oud.jpg"');
    expect(html).toContain('Amber Candle');
    expect(html).toContain('href="https://shop.example/cart/cart-7"');
  });

  it('keeps a record: channel, template, locale, content hash, workflow, step, status', async () => {
    const { dynamo, messaging: m } = messaging();
    await registerCustomer(dynamo, { ...layla, locale: 'ar-SA' });
    const outcome = await m.messenger.submit(sendRequest());
    if (outcome.status !== 'sent') throw new Error('not sent');

    const page = await m.messages.messages('cus_1', 10);

    expect(page).toEqual({
      nextCursor: null,
      items: [
        {
          idempotencyKey: 'abandoned-cart#cus_1#cart-7:email-1:1',
          customerId: 'cus_1',
          at,
          channel: 'email',
          template: 'cart-reminder',
          locale: 'ar',
          contentHash: expect.stringMatching(/^[0-9a-f]{64}$/),
          workflow: { id: 'abandoned-cart', version: 2 },
          step: 'email-1',
          enrollmentId: 'abandoned-cart#cus_1#cart-7',
          providerMessageId: outcome.messageId,
          coupon: null,
          localeFallback: null,
          status: 'sent',
          history: [{ status: 'sent', at }],
        },
      ],
    });
  });

  it('is sent once for one idempotency key, however often it is submitted', async () => {
    const { dynamo, messaging: m, emailsTo } = messaging();
    await registerCustomer(dynamo, { ...layla, email: 'once@example.com' });
    const request = sendRequest();

    // Three at once (an executor and its retry racing), then once more after the send.
    const racing = await Promise.all([1, 2, 3].map(() => m.messenger.submit(request)));
    const later = await m.messenger.submit(request);

    expect(racing.map((o) => o.status).sort()).toEqual(['duplicate', 'duplicate', 'sent']);
    expect(later).toEqual({ status: 'duplicate' });
    expect(await emailsTo('once@example.com')).toHaveLength(1);
    expect((await m.messages.messages('cus_1', 10)).items).toHaveLength(1);
  });
});

describe('loyalty in templates', () => {
  it('renders the points and tier of the loyalty account as of the send', async () => {
    const { dynamo, messaging: m, email } = messaging();
    await registerCustomer(dynamo, layla);
    const account: Account = {
      customerId: 'cus_1',
      version: 1,
      // One lot available, one still pending at the time of the send (released at midnight, 2026-03-20).
      lots: [
        { remaining: 1250, expiresAt: null },
        { remaining: 40, expiresAt: null, availableAt: '2026-03-20T00:00:00.000Z' },
      ],
      debt: 0,
      lifetime: 1290,
      tier: 'gold',
      tierSince: '2026-01-01T00:00:00.000Z',
      qualifying: [],
      orderCount: 2,
      birthdayYears: [],
    };
    const outbox = { version: 1, entries: [], events: [], records: [] };
    await new DynamoLoyaltyStore(dynamo.db, dynamo.table).commit(account, outbox, 0, null);

    const outcome = await m.messenger.submit(sendRequest({ template: 'tier-upgrade', step: 'congrats' }));

    if (outcome.status !== 'sent' || !outcome.messageId) throw new Error('not sent');
    const sent = await email(outcome.messageId);
    expect(sent?.subject).toBe('Welcome to Gold');
    expect(sent?.body.text).toContain('Your balance: 1,250 points.');
  });
});

describe('consent and suppression', () => {
  it('falls back to SMS when there is no email consent', async () => {
    const { dynamo, messaging: m, sms } = messaging();
    await registerCustomer(dynamo, { ...layla, phone: '+966500000001', consents: { email: false, sms: true } });

    const outcome = await m.messenger.submit(sendRequest({ fallback: 'sms' }));

    expect(outcome).toEqual({ status: 'sent', channel: 'sms', messageId: expect.any(String) });
    if (outcome.status !== 'sent') throw new Error('not sent');
    const text = sms.messages().find((s) => s.messageId === outcome.messageId);
    expect(text).toMatchObject({
      to: '+966500000001',
      from: '+15550100',
      messageType: 'PROMOTIONAL',
      context: { workflowId: 'abandoned-cart', stepId: 'email-1', customerId: 'cus_1' },
    });
    expect(text?.body).toBe(
      'Hi Layla, your cart (SAR\u00a0611.00) is still waiting: https://shop.example/cart/cart-7 Reply STOP to opt out.',
    );
    expect((await m.messages.messages('cus_1', 1)).items[0]).toMatchObject({ channel: 'sms', locale: 'en' });
  });

  it('skips, with the reason recorded, when no channel has consent', async () => {
    const { dynamo, messaging: m, emailsTo } = messaging();
    await registerCustomer(dynamo, { ...layla, email: 'nobody@example.com', consents: { email: false } });
    const request = sendRequest({ fallback: 'sms' });

    expect(await m.messenger.submit(request)).toEqual({
      status: 'skipped',
      reason: 'no consent for email; no consent for sms',
    });
    expect(await m.messenger.submit(request)).toEqual({ status: 'duplicate' });
    expect(await emailsTo('nobody@example.com')).toEqual([]);
    expect((await m.messages.messages('cus_1', 10)).items).toMatchObject([
      {
        channel: null,
        status: 'skipped',
        contentHash: null,
        history: [{ status: 'skipped', at, detail: 'no consent for email; no consent for sms' }],
      },
    ]);
  });

  it('skips a suppressed address', async () => {
    const { dynamo, messaging: m, emailsTo } = messaging();
    await registerCustomer(dynamo, { ...layla, email: 'bounced@example.com' });
    await dynamo.store.apply({ kind: 'suppress', address: 'Bounced@Example.com', reason: 'bounce', at });

    expect(await m.messenger.submit(sendRequest())).toEqual({ status: 'skipped', reason: 'suppressed' });
    expect(await emailsTo('bounced@example.com')).toEqual([]);
  });

  it('skips a customer it knows nothing about', async () => {
    const { messaging: m } = messaging();
    expect(await m.messenger.submit(sendRequest({ customerId: 'cus_ghost' }))).toEqual({
      status: 'skipped',
      reason: 'unknown customer',
    });
  });
});

describe('template problems', () => {
  it('are a recorded failure, never a send: the key is spent and the reason is on the message', async () => {
    const { dynamo, messaging: m } = messaging();
    await registerCustomer(dynamo, layla);
    const request = sendRequest({ template: 'no-such-template' });

    const reason = 'template folder no-such-template/ not found';
    expect(await m.messenger.submit(request)).toEqual({ status: 'failed', reason });
    expect((await m.messages.messages('cus_1', 10)).items).toMatchObject([
      { status: 'failed', history: [{ status: 'failed', detail: reason }] },
    ]);
    expect(await m.messenger.submit(request)).toEqual({ status: 'duplicate' });
  });
});

describe('the message list', () => {
  it('pages newest first', async () => {
    const { dynamo, messaging: m } = messaging();
    await registerCustomer(dynamo, layla);
    for (const [step, time] of [
      ['email-1', '2026-03-14T16:00:00.000Z'],
      ['email-2', '2026-03-15T16:00:00.000Z'],
      ['email-3', '2026-03-16T16:00:00.000Z'],
    ] as const) {
      await m.messenger.submit(sendRequest({ step, at: time }));
    }
    const first = await m.messages.messages('cus_1', 2);
    expect(first.items.map((i) => i.step)).toEqual(['email-3', 'email-2']);
    const second = await m.messages.messages('cus_1', 2, first.nextCursor ?? undefined);
    expect(second.items.map((i) => i.step)).toEqual(['email-1']);
    await expect(m.messages.messages('cus_2', 2, first.nextCursor ?? undefined)).rejects.toThrow('query.cursor');
  });

  it('is served at GET /customers/{id}/messages', async () => {
    const { dynamo, messaging: m } = messaging();
    await registerCustomer(dynamo, layla);
    await m.messenger.submit(sendRequest());
    const api = createAdminApi({ customers: dynamo.reader, parked: dynamo.parked, messages: m.messages });
    const get = (path: string, query = '') =>
      handleAdminRequest(api, { method: 'GET', path, query: new URLSearchParams(query), body: undefined });

    expect(await get('/customers/cus_1/messages', 'limit=10')).toMatchObject({
      status: 200,
      body: { items: [{ step: 'email-1', status: 'sent' }], nextCursor: null },
    });
    expect(await get('/customers/cus_nobody/messages')).toMatchObject({ status: 404 });
    expect(await get('/customers/cus_1/messages', 'limit=0')).toMatchObject({
      status: 400,
      body: { details: [{ path: 'query.limit' }] },
    });
  });
});
