import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EngineHarness, startHarness } from './local-engine.js';
import { type MessageView, observe, registered } from './observe.js';

// Issue 5's done-when, on the whole local engine: the shipped welcome series emails a new customer; the mail in the
// SES emulator carries RFC 8058 one-click headers and a visible link; a GET shows the page and changes nothing; a
// mail client's one-click POST unsubscribes, so the series' offer three days later is recorded as skipped.
const start = '2026-11-02T10:00:00.000Z';
const offerAt = '2026-11-06T07:00:00.000Z'; // 3 days after sign-up, then 10:00 in Riyadh
const clickedAt = '2026-11-02T12:00:00.000Z';
const customer = 'cus_unsubscriber';

interface StoredEmail {
  messageId: string;
  body: { html?: string; text?: string };
  headers?: { name: string; value: string }[];
}

describe('one-click unsubscribe on the local engine', () => {
  let h: EngineHarness;
  let o: ReturnType<typeof observe>;
  let welcome: MessageView | undefined;
  let email: StoredEmail | undefined;
  let path = '';

  /** The link as a mail client or browser would follow it (on the admin server; see `linkPath`). */
  const request = async (method: 'GET' | 'POST', to: string, headers: Record<string, string> = {}) => {
    const res = await fetch(`${h.engine.endpoints.admin}${to}`, {
      method,
      headers,
      ...(method === 'POST' ? { body: 'List-Unsubscribe=One-Click' } : {}),
    });
    return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
  };
  const oneClick = (to: string) => request('POST', to, { 'content-type': 'application/x-www-form-urlencoded' });

  beforeAll(async () => {
    h = await startHarness(new Date(start));
    o = observe(h);
    await o.send(registered(customer, start));
    [welcome] = await o.messages(customer, 'welcome-series');
    const store = (await (await fetch(`${h.engine.endpoints.ses}/store`)).json()) as { emails: StoredEmail[] };
    email = store.emails.find((e) => e.messageId === welcome?.providerMessageId);
  });
  afterAll(async () => h?.stop());

  it('the workflow email carries List-Unsubscribe, List-Unsubscribe-Post and the same link, visible', () => {
    expect(welcome).toMatchObject({ step: 'welcome', status: 'sent' });
    const headers = Object.fromEntries((email?.headers ?? []).map((x) => [x.name, x.value]));
    expect(headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    const url = /^<(http:\/\/127\.0\.0\.1:\d+\/u\/v1\.[\w-]+\.[\w-]{43})>$/.exec(
      headers['List-Unsubscribe'] ?? '',
    )?.[1];
    expect(url).toBeDefined();
    expect(email?.body.html).toContain(`href="${url}"`);
    expect(email?.body.text).toContain(url);
    // The engine signs links for its configured admin port; the tests' engine listens on a free one instead.
    path = new URL(url ?? '').pathname;
  });

  it('GET of the link shows the page with a button that POSTs, and does not unsubscribe', async () => {
    const page = await request('GET', path, { accept: 'text/html' });
    expect(page).toMatchObject({ status: 200, type: 'text/html; charset=utf-8' });
    expect(page.text).toContain('Stop receiving marketing emails from us?');
    expect(page.text).toContain('<form method="post">');
    expect((await o.customer(customer)) as unknown).toMatchObject({ consents: { email: { granted: true } } });
    expect((await o.messages(customer, 'welcome-series'))[0]?.history.map((x) => x.status)).toEqual(['sent']);
  });

  it("POSTing it as a mail client's one-click unsubscribes at once: 200, empty", async () => {
    await o.clockTo(clickedAt);
    expect(await oneClick(path)).toMatchObject({ status: 200, text: '' });
    expect((await o.customer(customer)) as unknown).toMatchObject({
      consents: { email: { granted: false, at: clickedAt } },
    });
    const [noted] = await o.messages(customer, 'welcome-series');
    expect(noted?.history).toEqual([
      { status: 'sent', at: start },
      { status: 'unsubscribed', at: clickedAt, detail: 'email' },
    ]);
    expect(await oneClick(path)).toMatchObject({ status: 200, text: '' }); // a second POST is fine
  });

  it("the series' next email, three days later at 10:00 local, is recorded as skipped with the reason", async () => {
    await o.clockTo(offerAt);
    const [, offer] = await o.messages(customer, 'welcome-series');
    expect(offer).toMatchObject({ step: 'offer', status: 'skipped', providerMessageId: null });
    expect(offer?.history).toEqual([{ status: 'skipped', at: offerAt, detail: 'no consent for email' }]);
  });

  it('a tampered token is refused with 400 saying so, as JSON or as a page', async () => {
    const [version, payload = '', signature] = path.slice('/u/'.length).split('.');
    const forged = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), c: 'cus_someone_else' }),
    ).toString('base64url');
    const tampered = `/u/${version}.${forged}.${signature}`;
    const refused = await request('POST', tampered, { accept: 'application/json' });
    expect(refused.status).toBe(400);
    expect(JSON.parse(refused.text)).toEqual({
      error: 'TamperedToken',
      message: 'this unsubscribe link has been altered: its signature does not match',
    });
    const page = await request('GET', tampered, { accept: 'text/html' });
    expect(page.status).toBe(400);
    expect(page.text).toContain('This link has been altered');
    expect((await oneClick('/u/not-a-token')).status).toBe(400);
  });

  it('an expired token (a year after its message, by the engine clock) is refused with 400 saying so', async () => {
    await o.clockTo('2027-11-02T10:00:00.000Z');
    const refused = await request('POST', path, { accept: 'application/json' });
    expect(refused.status).toBe(400);
    expect(JSON.parse(refused.text)).toEqual({
      error: 'ExpiredToken',
      message: 'this unsubscribe link expired on 2027-11-02; use the link in a more recent message',
    });
    expect((await request('GET', path)).text).toContain('This link has expired');
  });
});
