import { describe, expect, it } from 'vitest';
import { sendPolicyFrom } from '../../../shared/messaging/adapters/policy-config.js';
import {
  type CountedSend,
  capReached,
  capReason,
  defaultFrequencyCaps,
  periodMs,
} from '../../../shared/messaging/core/frequency-caps.js';
import { defaultQuietHours, isQuiet, quietHold } from '../../../shared/messaging/core/quiet-hours.js';

describe('quiet hours', () => {
  // Riyadh is UTC+3 all year: 20:00 local is 17:00Z, 08:00 local is 05:00Z.
  it('holds an SMS due at 23:00 local until 08:00 the next morning, in the customer’s time zone', () => {
    expect(quietHold('2026-11-02T20:00:00.000Z', 'sms', defaultQuietHours, 'Asia/Riyadh')).toEqual({
      until: '2026-11-03T05:00:00.000Z',
      reason: 'quiet hours 20:00–08:00 in Asia/Riyadh: held until 08:00',
    });
    expect(quietHold('2026-11-03T04:59:59.999Z', 'sms', defaultQuietHours, 'Asia/Riyadh')?.until).toBe(
      '2026-11-03T05:00:00.000Z',
    );
  });

  it('sends from 08:00 to 20:00 inclusive, and email at any hour by default', () => {
    const riyadh = (utc: string) => isQuiet(utc, 'Asia/Riyadh', { from: '20:00', to: '08:00' });
    expect(riyadh('2026-11-03T05:00:00.000Z')).toBe(false); // 08:00
    expect(riyadh('2026-11-03T17:00:00.000Z')).toBe(false); // 20:00
    expect(riyadh('2026-11-03T17:00:00.001Z')).toBe(true);
    expect(riyadh('2026-11-03T04:59:59.000Z')).toBe(true);
    expect(quietHold('2026-11-02T20:00:00.000Z', 'email', defaultQuietHours, 'Asia/Riyadh')).toBeNull();
    expect(quietHold('2026-11-02T20:00:00.000Z', 'whatsapp', defaultQuietHours, 'Asia/Riyadh')).not.toBeNull();
  });

  it('follows the zone’s daylight saving time, and a window that does not wrap midnight', () => {
    // New York: 08:00 is 12:00Z in summer (EDT) and 13:00Z in winter (EST).
    const hold = (at: string) => quietHold(at, 'sms', defaultQuietHours, 'America/New_York')?.until;
    expect(hold('2026-07-01T03:00:00.000Z')).toBe('2026-07-01T12:00:00.000Z');
    expect(hold('2026-12-01T03:00:00.000Z')).toBe('2026-12-01T13:00:00.000Z');
    expect(isQuiet('2026-07-01T12:30:00.000Z', 'UTC', { from: '12:00', to: '14:00' })).toBe(true);
    expect(isQuiet('2026-07-01T14:30:00.000Z', 'UTC', { from: '12:00', to: '14:00' })).toBe(false);
  });

  it('uses the shop’s zone for a customer without one (or with one Node does not know)', () => {
    const at = '2026-11-02T20:00:00.000Z'; // 20:00 in London, 23:00 in Riyadh
    expect(quietHold(at, 'sms', defaultQuietHours, null, 'Europe/London')).toBeNull();
    expect(quietHold(at, 'sms', defaultQuietHours, null, 'Asia/Riyadh')?.until).toBe('2026-11-03T05:00:00.000Z');
    expect(quietHold(at, 'sms', defaultQuietHours, 'Mars/Olympus', 'Asia/Riyadh')?.reason).toContain('Asia/Riyadh');
  });
});

describe('frequency caps', () => {
  const sends = (...times: string[]): CountedSend[] =>
    times.map((at, i) => ({ key: `k${i}`, at, workflowId: `w${i}` }));
  const daily = [{ count: 2, period: 'P1D' }];

  it('count the sends within the period, whichever workflow sent them', () => {
    const two = sends('2026-11-02T09:00:00.000Z', '2026-11-02T10:00:00.000Z');
    expect(capReached(two, '2026-11-02T11:00:00.000Z', daily)).toEqual({ count: 2, period: 'P1D' });
    // 24 hours after the first, it no longer counts.
    expect(capReached(two, '2026-11-03T09:00:00.000Z', daily)).toBeNull();
    expect(capReached(sends('2026-11-02T09:00:00.000Z'), '2026-11-02T11:00:00.000Z', daily)).toBeNull();
  });

  it('count a send dated before the ones already counted against them too (an outbox completed late)', () => {
    const two = sends('2026-11-02T10:00:00.000Z', '2026-11-02T12:00:00.000Z');
    expect(capReached(two, '2026-11-02T08:00:00.000Z', daily)).not.toBeNull();
  });

  it('say why in words', () => {
    expect(capReason('email', { count: 2, period: 'P1D' })).toBe('capped: 2 emails in 24 hours');
    expect(capReason('sms', { count: 1, period: 'P1D' })).toBe('capped: 1 SMS in 24 hours');
    expect(capReason('sms', { count: 3, period: 'P7D' })).toBe('capped: 3 SMS in 7 days');
    expect(capReason('whatsapp', { count: 1, period: 'PT12H' })).toBe('capped: 1 WhatsApp message in 12 hours');
    expect(capReason('email', { count: 5, period: 'P2W' })).toBe('capped: 5 emails in 14 days');
  });

  it('take periods of fixed length only', () => {
    expect(periodMs('P1D')).toBe(86_400_000);
    expect(periodMs('P1M')).toBeNull();
    expect(periodMs('soon')).toBeNull();
  });
});

describe('the send policy from the environment', () => {
  it('defaults: SMS and WhatsApp quiet 20:00–08:00, email never; caps per channel; UTC for unknown zones', () => {
    expect(sendPolicyFrom({})).toEqual({
      quietHours: defaultQuietHours,
      frequencyCaps: defaultFrequencyCaps,
      timeZone: 'UTC',
      sendRates: { email: 14, sms: 20, whatsapp: 20 },
    });
  });

  it('reads quiet hours, caps and the shop’s zone per channel; off turns one off', () => {
    const policy = sendPolicyFrom({
      QUIET_HOURS_SMS: '21:00-09:00',
      QUIET_HOURS_WHATSAPP: 'off',
      QUIET_HOURS_EMAIL: '22:00-07:00',
      FREQUENCY_CAP_EMAIL: '2/P1D, 5/P7D',
      FREQUENCY_CAP_SMS: 'off',
      SEND_RATE_EMAIL: '50/s',
      SEND_RATE_SMS: 'off',
      SHOP_TIMEZONE: 'Asia/Riyadh',
    });
    expect(policy).toEqual({
      quietHours: { sms: { from: '21:00', to: '09:00' }, email: { from: '22:00', to: '07:00' } },
      frequencyCaps: {
        email: [
          { count: 2, period: 'P1D' },
          { count: 5, period: 'P7D' },
        ],
        whatsapp: defaultFrequencyCaps.whatsapp,
      },
      timeZone: 'Asia/Riyadh',
      sendRates: { email: 50, whatsapp: 20 },
    });
  });

  it('refuses a bad value, naming the variable and what it should be', () => {
    expect(() => sendPolicyFrom({ QUIET_HOURS_SMS: '8pm-8am' })).toThrow(/QUIET_HOURS_SMS: must be HH:MM-HH:MM/);
    expect(() => sendPolicyFrom({ QUIET_HOURS_SMS: '20:00-20:00' })).toThrow(/two different times/);
    expect(() => sendPolicyFrom({ FREQUENCY_CAP_EMAIL: '2/P1M' })).toThrow(/FREQUENCY_CAP_EMAIL: '2\/P1M' must be/);
    expect(() => sendPolicyFrom({ SEND_RATE_SMS: '20' })).toThrow(/SEND_RATE_SMS: must be <count>\/s/);
    expect(() => sendPolicyFrom({ SHOP_TIMEZONE: 'Riyadh' })).toThrow(/SHOP_TIMEZONE: must be an IANA time zone/);
  });
});
