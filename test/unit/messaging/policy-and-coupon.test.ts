import { describe, expect, it } from 'vitest';
import { couponFor } from '../../../shared/messaging/core/coupon.js';
import type { Recipient } from '../../../shared/messaging/core/model.js';
import { decide } from '../../../shared/messaging/core/policy.js';
import type { SendRequest } from '../../../shared/messaging/core/ports.js';

const recipient = (overrides: Partial<Recipient> = {}): Recipient => ({
  customerId: 'cus_1',
  email: 'layla@example.com',
  phone: '+966501234567',
  firstName: 'Layla',
  lastName: null,
  locale: 'ar-SA',
  timezone: 'Asia/Riyadh',
  birthday: null,
  consents: { email: true, sms: true },
  attributes: {},
  ...overrides,
});

const request = (overrides: Partial<SendRequest> = {}): SendRequest => ({
  idempotencyKey: 'abandoned-cart#cus_1#cart-7:email-1:1',
  customerId: 'cus_1',
  channel: 'email',
  fallback: null,
  template: 'cart-reminder',
  offer: null,
  workflow: { id: 'abandoned-cart', version: 2, priority: 10 },
  enrollmentId: 'abandoned-cart#cus_1#cart-7',
  step: 'email-1',
  key: 'cart-7',
  at: '2026-03-14T16:00:00.000Z',
  ...overrides,
});

const nothingSuppressed = async () => false;

describe('the policy before a send', () => {
  it('sends on the step’s channel when it has consent, an address and no suppression', async () => {
    expect(await decide(request(), recipient(), nothingSuppressed)).toEqual({
      send: true,
      channel: 'email',
      address: 'layla@example.com',
    });
  });

  it('falls back when the channel lacks consent or an address', async () => {
    const fallback = request({ fallback: 'sms' });
    expect(await decide(fallback, recipient({ consents: { sms: true } }), nothingSuppressed)).toMatchObject({
      channel: 'sms',
      address: '+966501234567',
    });
    expect(await decide(fallback, recipient({ email: null }), nothingSuppressed)).toMatchObject({ channel: 'sms' });
  });

  it('skips with every reason when no channel will do', async () => {
    const none = recipient({ consents: { email: false } });
    expect(await decide(request({ fallback: 'sms' }), none, nothingSuppressed)).toEqual({
      send: false,
      reason: 'no consent for email; no consent for sms',
    });
    expect(
      await decide(
        request({ channel: 'whatsapp' }),
        recipient({ phone: null, consents: { whatsapp: true } }),
        nothingSuppressed,
      ),
    ).toEqual({
      send: false,
      reason: 'no phone number',
    });
  });

  it('skips a suppressed address, and never asks about an address it would not use', async () => {
    const asked: string[] = [];
    const suppressed = async (address: string) => {
      asked.push(address);
      return true;
    };
    expect(await decide(request(), recipient(), suppressed)).toEqual({ send: false, reason: 'suppressed' });
    expect(await decide(request(), recipient({ consents: {} }), suppressed)).toEqual({
      send: false,
      reason: 'no consent for email',
    });
    expect(asked).toEqual(['layla@example.com']);
  });
});

describe('coupons', () => {
  const offer = { coupon: { percent: 10, expiresIn: 'P3D' } };

  it('derive the same code from the same key, and different codes from different keys', () => {
    const a = couponFor('k:email-1:1', offer, '2026-03-14T16:00:00.000Z', 'SAR');
    expect(a).toEqual({
      code: expect.stringMatching(/^RK-[0-9A-F]{12}$/),
      percent: 10,
      amount: null,
      currency: 'SAR',
      expiresAt: '2026-03-17T16:00:00.000Z',
    });
    expect(couponFor('k:email-1:1', offer, '2026-03-14T16:00:00.000Z', 'SAR')?.code).toBe(a?.code);
    expect(couponFor('k:email-1:2', offer, '2026-03-14T16:00:00.000Z', 'SAR')?.code).not.toBe(a?.code);
  });

  it('carry an amount off in the shop currency, and none without an offer', () => {
    const amount = couponFor('k', { coupon: { amount: 5, expiresIn: 'P1M' } }, '2026-01-31T00:00:00.000Z', 'SAR');
    expect(amount).toMatchObject({ percent: null, amount: 5, currency: 'SAR', expiresAt: '2026-02-28T00:00:00.000Z' });
    expect(couponFor('k', null, '2026-01-31T00:00:00.000Z', 'SAR')).toBeNull();
  });
});
