import { describe, expect, it } from 'vitest';
import { defaultSendPolicy } from '../../../shared/messaging/adapters/policy-config.js';
import type { SendRequest } from '../../../shared/messaging/core/ports.js';
import { registerCustomer, sendRequest, useMessaging } from './harness.js';

// Riyadh is UTC+3 all year: 23:00 local is 20:00Z, 08:00 local is 05:00Z.
const night = '2026-03-14T20:00:00.000Z';
const morning = '2026-03-15T05:00:00.000Z';
const throttled = new Set<string>();
const messaging = useMessaging({
  policy: {
    ...defaultSendPolicy,
    frequencyCaps: { ...defaultSendPolicy.frequencyCaps, email: [{ count: 2, period: 'P1D' }] },
  },
  // The provider throttles texts to numbers in `throttled` (as End User Messaging would).
  refuseSms: ({ to }) =>
    throttled.has(to) ? { status: 400, type: 'ThrottlingException', message: 'Rate exceeded' } : undefined,
});

const cart = { id: 'abandoned-cart', version: 1, priority: 10 };
const welcome = { id: 'welcome-series', version: 1, priority: 5 };
const workflows = [cart, welcome, { id: 'win-back', version: 1, priority: 3 }];
/** The send step of workflow `w` for the customer, at `at`. */
const stepOf = (customerId: string, w: SendRequest['workflow'], at: string, overrides: Partial<SendRequest> = {}) =>
  sendRequest({
    customerId,
    enrollmentId: `${w.id}#${customerId}#-`,
    workflow: w,
    key: null,
    at,
    ...overrides,
  });
const hoursAfter = (at: string, hours: number) => new Date(Date.parse(at) + hours * 3_600_000).toISOString();

describe('frequency caps across workflows', () => {
  it('a customer in three workflows at once gets no more than the cap; the skip says why', async () => {
    const { dynamo, messaging: m, emailsTo } = messaging();
    await registerCustomer(dynamo, { customerId: 'cus_three', email: 'three@example.com', consents: { email: true } });
    const at = '2026-03-14T10:00:00.000Z';

    // The three workflows' emails race (as three functions would on AWS): the count is one conditional write.
    const outcomes = await Promise.all(workflows.map((w) => m.messenger.submit(stepOf('cus_three', w, at))));
    expect(outcomes.filter((o) => o.status === 'sent')).toHaveLength(2);
    expect(outcomes.filter((o) => o.status === 'skipped')).toEqual([
      { status: 'skipped', reason: 'capped: 2 emails in 24 hours' },
    ]);
    expect(await emailsTo('three@example.com')).toHaveLength(2);
    const { items } = await m.messages.messages('cus_three', 10);
    expect(items.filter((r) => r.status === 'skipped').map((r) => r.history)).toEqual([
      [{ status: 'skipped', at, detail: 'capped: 2 emails in 24 hours' }],
    ]);

    // Still capped later that day; a day after the first two, there is room again.
    const again = (hours: number, step: string) =>
      m.messenger.submit(stepOf('cus_three', cart, hoursAfter(at, hours), { step }));
    expect(await again(23, 'email-2')).toMatchObject({ status: 'skipped', reason: 'capped: 2 emails in 24 hours' });
    expect(await again(24, 'email-3')).toMatchObject({ status: 'sent', channel: 'email' });
    expect(await emailsTo('three@example.com')).toHaveLength(3);
  });

  it('counts each channel apart, and only what was sent: a text the provider refused leaves its place', async () => {
    const { dynamo, messaging: m, sms } = messaging();
    const phone = '+966500000101';
    await registerCustomer(dynamo, {
      customerId: 'cus_cap_sms',
      phone,
      email: 'cap-sms@example.com',
      consents: { sms: true, email: true },
    });
    const [first, second, third] = workflows.map((w) => stepOf('cus_cap_sms', w, '2026-03-14T10:00:00.000Z'));
    if (!first || !second || !third) throw new Error('three workflows');

    throttled.add(phone);
    expect(await m.messenger.submit({ ...first, channel: 'sms' })).toMatchObject({ status: 'scheduled' });
    throttled.delete(phone);
    expect(await m.messenger.submit({ ...second, channel: 'sms' })).toMatchObject({ status: 'sent' });
    // The refused text, tried again a second later, finds the day's place taken.
    expect(await m.held.sendDue('2026-03-14T10:00:01.000Z')).toEqual({ due: 1, sent: 0, skipped: 1, failed: [] });
    const [refused] = (await m.messages.messages('cus_cap_sms', 10)).items.filter((r) => r.status === 'skipped');
    expect(refused?.history.at(-1)?.detail).toBe('capped: 1 SMS in 24 hours');
    expect(sms.messages().filter((t) => t.to === phone)).toHaveLength(1);
    // Email has its own allowance.
    expect(await m.messenger.submit({ ...third, template: 'cart-reminder' })).toMatchObject({ status: 'sent' });
  });
});

describe('quiet hours', () => {
  it('hold an SMS due at 23:00 in the customer’s zone and send it at 08:00, not before; its history says so', async () => {
    const { dynamo, messaging: m, sms } = messaging();
    const phone = '+966500000201';
    await registerCustomer(dynamo, { customerId: 'cus_night', phone, consents: { sms: true } });
    const request = stepOf('cus_night', cart, night, { channel: 'sms' });

    expect(await m.messenger.submit(request)).toEqual({ status: 'scheduled', channel: 'sms', messageId: null });
    expect(await m.messenger.submit(request)).toEqual({ status: 'duplicate' });
    const texts = () => sms.messages().filter((t) => t.to === phone);
    expect(texts()).toEqual([]);
    expect(await m.held.earliestDueAt(night)).toBe(morning);
    const [held] = (await m.messages.messages('cus_night', 10)).items;
    expect(held).toMatchObject({ status: 'scheduled', channel: 'sms', locale: null });
    expect(held?.history).toEqual([
      { status: 'scheduled', at: night, detail: 'quiet hours 20:00–08:00 in Asia/Riyadh: held until 08:00' },
    ]);

    expect(await m.held.sendDue('2026-03-15T04:59:59.999Z')).toEqual({ due: 0, sent: 0, skipped: 0, failed: [] });
    expect(texts()).toEqual([]);
    // Two sweeps racing at 08:00 (a late run and the next): one text.
    const runs = await Promise.all([m.held.sendDue(morning), m.held.sendDue(morning)]);
    expect(runs.reduce((n, r) => n + r.sent, 0)).toBe(1);
    expect(texts()).toHaveLength(1);
    expect(texts()[0]?.body).toContain('Reply STOP');

    const [sent] = (await m.messages.messages('cus_night', 10)).items;
    expect(sent).toMatchObject({
      status: 'sent',
      channel: 'sms',
      locale: 'en',
      providerMessageId: texts()[0]?.messageId,
    });
    expect(sent?.history.map((h) => `${h.status} ${h.at}`)).toEqual([`scheduled ${night}`, `sent ${morning}`]);
    expect(await m.held.sendDue(hoursAfter(morning, 1))).toMatchObject({ due: 0 });
  });

  it('let the highest-priority workflow go first when held messages come due together; the cap skips the rest', async () => {
    const { dynamo, messaging: m, sms } = messaging();
    const phone = '+966500000301';
    await registerCustomer(dynamo, { customerId: 'cus_contested', phone, consents: { sms: true } });
    // Lowest priority first, so arrival order would pick the wrong one.
    for (const w of [...workflows].reverse()) {
      expect(await m.messenger.submit(stepOf('cus_contested', w, night, { channel: 'sms' }))).toMatchObject({
        status: 'scheduled',
      });
    }
    expect(await m.held.sendDue(morning)).toEqual({ due: 3, sent: 1, skipped: 2, failed: [] });
    expect(sms.messages().filter((t) => t.to === phone)).toHaveLength(1);
    const { items } = await m.messages.messages('cus_contested', 10);
    const byWorkflow = Object.fromEntries(items.map((r) => [r.workflow.id, r]));
    expect(byWorkflow['abandoned-cart']?.status).toBe('sent');
    for (const id of ['welcome-series', 'win-back']) {
      expect(byWorkflow[id]?.history).toEqual([
        expect.objectContaining({ status: 'scheduled', at: night }),
        { status: 'skipped', at: morning, detail: 'capped: 1 SMS in 24 hours' },
      ]);
    }
  });

  it('re-check consent when the window opens, and wait out a throttling provider without sending twice', async () => {
    const { dynamo, messaging: m, sms } = messaging();
    const revoked = '+966500000401';
    const busy = '+966500000402';
    await registerCustomer(dynamo, { customerId: 'cus_changed', phone: revoked, consents: { sms: true } });
    await registerCustomer(dynamo, { customerId: 'cus_busy', phone: busy, consents: { sms: true } });
    const w = welcome;
    await m.messenger.submit(stepOf('cus_changed', w, night, { channel: 'sms' }));
    await m.messenger.submit(stepOf('cus_busy', w, night, { channel: 'sms' }));
    await dynamo.profiles.apply('cus_changed', { at: hoursAfter(night, 1), consents: { sms: false } });

    throttled.add(busy);
    // Throttled: held again (the claim kept), tried a second later.
    expect(await m.held.sendDue(morning)).toEqual({ due: 2, sent: 0, skipped: 1, failed: [] });
    const [changed] = (await m.messages.messages('cus_changed', 1)).items;
    expect(changed?.history.at(-1)).toEqual({ status: 'skipped', at: morning, detail: 'no consent for sms' });

    throttled.delete(busy);
    const later = hoursAfter(morning, 0.1);
    expect(await m.held.sendDue(later)).toMatchObject({ due: 1, sent: 1 });
    expect(sms.messages().filter((t) => t.to === busy)).toHaveLength(1);
    expect(sms.messages().filter((t) => t.to === revoked)).toEqual([]);
    const [sent] = (await m.messages.messages('cus_busy', 1)).items;
    expect(sent?.history.map((h) => h.status)).toEqual(['scheduled', 'scheduled', 'sent']);
  });
});
