import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { UnsubscribeTokens } from '../../../shared/messaging/core/unsubscribe.js';
import { UnsubscribeService } from '../../../shared/messaging/core/unsubscribe-service.js';
import { createUnsubscribeApi } from '../../../shared/messaging/routes/unsubscribe-routes.js';
import { DynamoUnsubscribeStore } from '../../../shared/messaging/store/unsubscribe-store.js';
import { parseDuration } from '../../../shared/platform/duration.js';
import { keys } from '../../../shared/platform/dynamodb/keys.js';
import type { ApiResponse } from '../../../shared/platform/http/http.js';
import { trackStorefrontEvent } from '../../../shared/tracking/core/track-storefront.js';
import { storefront } from '../../helpers/events.js';
import { at, type MessagingFixture, registerCustomer, sendRequest, unsubscribeKey, useMessaging } from './harness.js';

const messaging = useMessaging();
const layla = {
  customerId: 'cus_1',
  email: 'layla@example.com',
  firstName: 'Layla',
  locale: 'en-US',
  consents: { email: true },
};
const clicked = '2026-03-15T08:00:00.000Z';
const oneClick = { 'content-type': 'application/x-www-form-urlencoded' };

/** Sends the cart reminder and returns the token of its List-Unsubscribe link. */
async function sendAndGetToken(m: MessagingFixture): Promise<string> {
  const outcome = await m.messaging.messenger.submit(sendRequest());
  if (outcome.status !== 'sent' || !outcome.messageId) throw new Error(`not sent: ${JSON.stringify(outcome)}`);
  const header = (await m.email(outcome.messageId))?.headers?.find((h) => h.name === 'List-Unsubscribe')?.value;
  const token = /\/u\/([^>]+)>/.exec(header ?? '')?.[1];
  if (!token) throw new Error(`no token in ${header}`);
  return token;
}

/** The public routes over this test's table, with the clock at `now`. */
function api(m: MessagingFixture, now = clicked, tokens = new UnsubscribeTokens([unsubscribeKey])) {
  const router = createUnsubscribeApi(
    new UnsubscribeService(tokens, new DynamoUnsubscribeStore(m.dynamo.db, m.dynamo.table), () => new Date(now)),
  );
  return (method: 'GET' | 'POST', token: string, headers: Record<string, string> = {}): Promise<ApiResponse> =>
    router.handle({
      method,
      path: `/u/${token}`,
      query: new URLSearchParams(),
      body: method === 'POST' ? 'List-Unsubscribe=One-Click' : undefined,
      headers,
    });
}

async function state(m: MessagingFixture, customerId = 'cus_1', address = 'layla@example.com') {
  const get = async (Key: { pk: string; sk: string }) =>
    (await m.dynamo.db.send(new GetCommand({ TableName: m.dynamo.table, Key }))).Item;
  const [record] = (await m.messaging.messages.messages(customerId, 10)).items;
  return {
    consent: (await m.dynamo.reader.customer(customerId))?.consents.email,
    suppression: await get(keys.suppression(address)),
    history: record?.history.map((h) => h.status),
  };
}

describe('GET /u/{token}', () => {
  it('shows the preference page for the channel with a button that POSTs, and unsubscribes nobody', async () => {
    const m = messaging();
    await registerCustomer(m.dynamo, layla);
    const token = await sendAndGetToken(m);

    const page = await api(m)('GET', token, { accept: 'text/html' });

    expect(page.status).toBe(200);
    expect(page.headers?.['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers?.['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(page.body).toContain('<html lang="en" dir="ltr">');
    expect(page.body).toContain('Stop receiving marketing emails from us?');
    expect(page.body).toContain('<form method="post">');
    expect(await state(m)).toEqual({
      consent: { granted: true, at: '2026-03-01T00:00:00.000Z' },
      suppression: undefined,
      history: ['sent'],
    });
  });

  it("is in the customer's language: Arabic right to left", async () => {
    const m = messaging();
    await registerCustomer(m.dynamo, { ...layla, locale: 'ar-SA' });
    const page = await api(m)('GET', await sendAndGetToken(m));
    expect(page.body).toContain('<html lang="ar" dir="rtl">');
    expect(page.body).toContain('هل تريد التوقف عن تلقي الرسائل التسويقية عبر البريد الإلكتروني منا؟');
  });
});

describe('POST /u/{token}', () => {
  it("one-click: 200 empty; consent revoked as of the request, the address suppressed, the message's record notes it", async () => {
    const m = messaging();
    await registerCustomer(m.dynamo, layla);
    const token = await sendAndGetToken(m);

    const response = await api(m)('POST', token, oneClick);

    expect(response).toMatchObject({ status: 200, body: '' });
    expect(await state(m)).toEqual({
      consent: { granted: false, at: clicked },
      suppression: expect.objectContaining({ reason: 'unsubscribe', at: clicked }),
      history: ['sent', 'unsubscribed'],
    });
    const [record] = (await m.messaging.messages.messages('cus_1', 10)).items;
    expect(record?.status).toBe('unsubscribed');
    expect(record?.history[1]).toEqual({ status: 'unsubscribed', at: clicked, detail: 'email' });
  });

  it('the next send is skipped; consent given again by the storefront does not undo the suppression', async () => {
    const m = messaging();
    await registerCustomer(m.dynamo, layla);
    await api(m)('POST', await sendAndGetToken(m), oneClick);

    const next = await m.messaging.messenger.submit(sendRequest({ step: 'email-2', at: '2026-03-16T10:00:00.000Z' }));
    expect(next).toEqual({ status: 'skipped', reason: 'no consent for email' });

    const consentGiven = (occurredAt: string) =>
      trackStorefrontEvent(
        m.dynamo.store,
        storefront('Customer Updated', { customerId: 'cus_1', occurredAt, consents: { email: true } }),
      );
    // An older consent arriving late loses to the unsubscribe (last writer wins by time)...
    await consentGiven('2026-03-15T07:00:00Z');
    expect((await state(m)).consent).toEqual({ granted: false, at: clicked });
    // ...and a newer one restores consent, but the address stays suppressed.
    await consentGiven('2026-03-17T00:00:00Z');
    const later = await m.messaging.messenger.submit(sendRequest({ step: 'email-3', at: '2026-03-18T10:00:00.000Z' }));
    expect(later).toEqual({ status: 'skipped', reason: 'suppressed' });
  });

  it('is idempotent: posting twice answers the same and notes the message once', async () => {
    const m = messaging();
    await registerCustomer(m.dynamo, layla);
    const token = await sendAndGetToken(m);
    await api(m)('POST', token, oneClick);
    const again = await api(m, '2026-03-20T00:00:00.000Z')('POST', token, { accept: 'application/json' });
    expect(again).toEqual({ status: 200, body: { status: 'unsubscribed', channel: 'email' } });
    expect(await state(m)).toMatchObject({
      suppression: expect.objectContaining({ at: clicked }),
      history: ['sent', 'unsubscribed'],
    });
  });

  it('from the page (a browser): a confirmation page', async () => {
    const m = messaging();
    await registerCustomer(m.dynamo, layla);
    const done = await api(m)('POST', await sendAndGetToken(m), { ...oneClick, accept: 'text/html,*/*;q=0.8' });
    expect(done.status).toBe(200);
    expect(done.body).toContain('You are unsubscribed: no more marketing emails from us.');
  });

  it('for a customer no longer known: 200, and no profile is brought back', async () => {
    const m = messaging();
    const token = new UnsubscribeTokens([unsubscribeKey]).sign(
      { customerId: 'cus_gone', channel: 'email', messageKey: 'k' },
      new Date(at),
    );
    expect((await api(m)('POST', token, oneClick)).status).toBe(200);
    expect(await m.dynamo.reader.customer('cus_gone')).toBeNull();
  });
});

describe('refused tokens', () => {
  it.each([
    [
      'tampered',
      (t: string) => `${t.slice(0, 10)}${t[10] === 'A' ? 'B' : 'A'}${t.slice(11)}`,
      'TamperedToken',
      /altered/,
    ],
    ['malformed', () => 'not-a-token', 'MalformedToken', /not a valid unsubscribe link/],
  ])('%s: 400 naming it, as JSON or as a page; nothing changes', async (_name, alter, error, message) => {
    const m = messaging();
    await registerCustomer(m.dynamo, layla);
    const token = alter(await sendAndGetToken(m));
    const call = api(m);

    expect(await call('POST', token, oneClick)).toEqual({
      status: 400,
      body: { error, message: expect.stringMatching(message) },
    });
    expect(await call('GET', token, { accept: 'application/json' })).toMatchObject({ status: 400, body: { error } });
    const page = await call('POST', token, { accept: 'text/html' });
    expect(page.status).toBe(400);
    expect(page.body).toMatch(/This link (has been altered|is not valid)/);
    expect(await state(m)).toMatchObject({ suppression: undefined, history: ['sent'] });
  });

  it('expired: 400 with the date, in the customer language', async () => {
    const m = messaging();
    await registerCustomer(m.dynamo, { ...layla, locale: 'ar-SA' });
    const token = await sendAndGetToken(m);
    const yearLater = api(m, '2027-03-14T16:00:00.000Z');

    expect(await yearLater('POST', token, oneClick)).toEqual({
      status: 400,
      body: { error: 'ExpiredToken', message: expect.stringContaining('expired on 2027-03-14') },
    });
    const page = await yearLater('GET', token);
    expect(page.status).toBe(400);
    expect(page.body).toContain('انتهت صلاحية هذا الرابط');
    expect(await state(m)).toMatchObject({ suppression: undefined, history: ['sent'] });
  });

  it('a token signed with a short lifetime expires when it says', async () => {
    const m = messaging();
    const short = new UnsubscribeTokens([unsubscribeKey], parseDuration('PT1H') ?? undefined);
    const token = short.sign({ customerId: 'cus_1', channel: 'email', messageKey: 'k' }, new Date(clicked));
    expect((await api(m, '2026-03-15T09:00:00.000Z')('POST', token, oneClick)).status).toBe(400);
  });
});
