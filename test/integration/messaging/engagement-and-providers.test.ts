import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { keys } from '../../../shared/platform/dynamodb/keys.js';
import { trackEngagementEvent } from '../../../shared/tracking/core/track-engagement.js';
import { sesEvent, sesMail } from '../../helpers/events.js';
import { registerCustomer, sendRequest, useMessaging } from './harness.js';

let refuseSms = false;
const messaging = useMessaging({
  refuseSms: () =>
    // A quota refusal: the SDK does not retry it (a ThrottlingException would be, with backoff, slowing the test).
    refuseSms
      ? { status: 400, type: 'ServiceQuotaExceededException', message: 'Monthly spend limit reached' }
      : undefined,
});
const omar = {
  customerId: 'cus_2',
  email: 'omar@example.com',
  phone: '+966500000002',
  firstName: 'Omar',
  locale: 'ar-SA',
  consents: { email: true, sms: true, whatsapp: true },
};

describe('engagement with a sent email', () => {
  it('shows an SES click in engagementFor, and on the message record once per event', async () => {
    const { dynamo, messaging: m } = messaging();
    await registerCustomer(dynamo, omar);
    const request = sendRequest({ customerId: 'cus_2' });
    const outcome = await m.messenger.submit(request);
    if (outcome.status !== 'sent' || !outcome.messageId) throw new Error('not sent');
    expect(await m.engagement.engagementFor('cus_2', request.enrollmentId)).toEqual({
      'email-1': { delivered: false, opened: false, clicked: false },
    });

    // SES publishes as it does on AWS: our tags on the mail, the click on the default bus (delivered twice here).
    const mail = sesMail({
      messageId: outcome.messageId,
      destination: ['omar@example.com'],
      tags: { customerId: ['cus_2'], workflowId: ['abandoned-cart'], stepId: ['email-1'] },
    });
    const click = sesEvent('Email Clicked', mail, { link: 'https://shop.example/cart/cart-7' });
    await trackEngagementEvent(dynamo.store, click);
    await trackEngagementEvent(dynamo.store, click);

    // A click proves the open and the delivery, even when the pixel and the delivery notice have not come.
    expect(await m.engagement.engagementFor('cus_2', request.enrollmentId)).toEqual({
      'email-1': { delivered: true, opened: true, clicked: true },
    });
    const [record] = (await m.messages.messages('cus_2', 1)).items;
    expect(record?.status).toBe('clicked');
    expect(record?.history.map((h) => [h.status, h.detail])).toEqual([
      ['sent', undefined],
      ['clicked', 'https://shop.example/cart/cart-7'],
    ]);
    // The message's own record leads back to the customer, for tracking's attribution.
    const { Item: lookup } = await dynamo.db.send(
      new GetCommand({ TableName: dynamo.table, Key: keys.message(outcome.messageId) }),
    );
    expect(lookup).toMatchObject({ customerId: 'cus_2', enrollmentId: request.enrollmentId, step: 'email-1' });
  });

  it('keeps the engagement of one enrollment apart from another’s, and from other steps', async () => {
    const { dynamo, messaging: m } = messaging();
    await registerCustomer(dynamo, omar);
    const first = sendRequest({ customerId: 'cus_2', enrollmentId: 'abandoned-cart#cus_2#cart-7' });
    const longerId = sendRequest({ customerId: 'cus_2', enrollmentId: 'abandoned-cart#cus_2#cart-7:b' });
    const sent = await m.messenger.submit(first);
    await m.messenger.submit(longerId);
    if (sent.status !== 'sent' || !sent.messageId) throw new Error('not sent');
    const mail = sesMail({ messageId: sent.messageId, tags: { customerId: ['cus_2'] } });
    await trackEngagementEvent(dynamo.store, sesEvent('Email Delivered', mail));

    expect(await m.engagement.engagementFor('cus_2', first.enrollmentId)).toEqual({
      'email-1': { delivered: true, opened: false, clicked: false },
    });
    expect(await m.engagement.engagementFor('cus_2', longerId.enrollmentId)).toEqual({
      'email-1': { delivered: false, opened: false, clicked: false },
    });
    expect(await m.engagement.engagementFor('cus_2', 'welcome#cus_2#-')).toEqual({});
  });
});

describe('providers', () => {
  it('holds the message when the provider refuses (a quota), keeping the claim, so the sweep sends it exactly once', async () => {
    const { dynamo, messaging: m, sms } = messaging();
    await registerCustomer(dynamo, { ...omar, phone: '+966500000003' });
    const request = sendRequest({ customerId: 'cus_2', channel: 'sms', template: 'cart-reminder' });

    refuseSms = true;
    try {
      expect(await m.messenger.submit(request)).toEqual({ status: 'scheduled', channel: 'sms', messageId: null });
    } finally {
      refuseSms = false;
    }
    expect((await m.messages.messages('cus_2', 10)).items.map((r) => r.status)).toEqual(['scheduled']);
    expect(await m.messenger.submit(request)).toEqual({ status: 'duplicate' });

    expect(await m.held.sendDue(new Date(Date.parse(request.at) + 1000).toISOString())).toMatchObject({ sent: 1 });
    expect(await m.messenger.submit(request)).toEqual({ status: 'duplicate' });
    expect(sms.messages().filter((s) => s.to === '+966500000003')).toHaveLength(1);
  });

  it('sends WhatsApp as the approved template, with its parameters rendered for the customer', async () => {
    const { dynamo, messaging: m, whatsapp } = messaging();
    await registerCustomer(dynamo, { ...omar, phone: '+966500000004' });
    const request = sendRequest({
      customerId: 'cus_2',
      channel: 'whatsapp',
      template: 'ramadan-offer',
      step: 'percent-off',
      offer: { coupon: { percent: 15, expiresIn: 'P5D' } },
    });

    const outcome = await m.messenger.submit(request);

    expect(outcome).toMatchObject({ status: 'sent', channel: 'whatsapp' });
    if (outcome.status !== 'sent') throw new Error('not sent');
    const sent = whatsapp.messages().find((w) => w.messageId === outcome.messageId);
    expect(sent).toMatchObject({
      originationPhoneNumberId: 'phone-number-id-0123456789abcdef',
      metaApiVersion: 'v20.0',
      to: '966500000004',
      message: {
        messaging_product: 'whatsapp',
        type: 'template',
        template: { name: 'ramadan_offer', language: { code: 'ar' } },
      },
    });
    const body = JSON.stringify(sent?.message);
    expect(body).toContain('"text":"Omar"');
    expect(body).toContain('"text":"١٥٪؜"');
    expect(body).toMatch(/"text":"RK-[0-9A-F]{12}"/);
  });
});
