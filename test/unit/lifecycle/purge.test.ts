import { describe, expect, it } from 'vitest';
import {
  customerPurgedEvent,
  erasedBy,
  kindOf,
  maskAddress,
  pseudonymise,
  tally,
} from '../../../shared/lifecycle/core/purge.js';
import { activeSinceListed, parsePurgeList } from '../../../shared/lifecycle/core/purge-list.js';
import { suppresses } from '../../../shared/messaging/core/suppression.js';

describe('what a purge does to each item', () => {
  it('erases what identifies or follows the customer and keeps the accounting rows, unknown kinds erased', () => {
    const loyaltyRecords = ['LOYALTY#ORDER#o', 'LOYALTY#COUPON#RK-1', 'LOYALTY#POSTING#bonus:signup'];
    const sortKeys = ['PROFILE', 'EVT#1', 'EVT#2', 'CART#c', 'ORDER#o', 'LEDGER#x', 'LOYALTY', 'ENR#w', 'NEW#1'];
    expect(tally([...sortKeys, ...loyaltyRecords])).toEqual({
      erase: { profile: 1, timeline: 2, carts: 1, enrollments: 1, other: 1 },
      pseudonymise: { orders: 1, ledger: 1, loyaltyAccount: 1, loyaltyRecords: 3 },
    });
    expect(kindOf('PROFILE_X')).toBe('other');
    // The account is the exact `LOYALTY` sort key; its records (`LOYALTY#...`) are a kind of their own.
    expect(kindOf('LOYALTY')).toBe('loyaltyAccount');
    expect(kindOf('LOYALTY#ORDER#o')).toBe('loyaltyRecords');
    expect(kindOf('LOYALTYX')).toBe('other');
  });

  it('replaces the customer id everywhere in a kept row, inside strings and sets too', () => {
    const row = { customerId: 'cus_1', key: 'signup:cus_1', lots: [{ by: 'cus_1' }], tags: new Set(['cus_1']), n: 5 };
    expect(pseudonymise(row, 'cus_1', 'p_9')).toEqual({
      customerId: 'p_9',
      key: 'signup:p_9',
      lots: [{ by: 'p_9' }],
      tags: new Set(['p_9']),
      n: 5,
    });
  });

  it('replaces a short or numeric id only as a whole token, never inside another id', () => {
    const row = { customerId: '42', orderId: 'ord_420', key: 'signup:42', lot: '2026-11#42', price: 1420, re: 'a.42+' };
    expect(pseudonymise(row, '42', 'p_1')).toEqual({
      customerId: 'p_1',
      orderId: 'ord_420',
      key: 'signup:p_1',
      lot: '2026-11#p_1',
      price: 1420,
      re: 'a.p_1+',
    });
    expect(pseudonymise('x.y*z', 'y*z', 'p')).toBe('x.p');
  });

  it('masks addresses enough to recognise them, not to use them', () => {
    expect(maskAddress('layla@example.com')).toBe('l***@example.com');
    expect(maskAddress('+966501234567')).toBe('+96*******567');
    expect(maskAddress('12345')).toBe('*****');
  });

  it('drops events that occurred at or before the purge, not after', () => {
    expect(erasedBy('2026-11-02T10:00:00.000Z', '2026-11-02T10:00:00.000Z')).toBe(true);
    expect(erasedBy('2026-11-02T10:00:00.000Z', '2026-11-02T10:00:00.001Z')).toBe(false);
    expect(erasedBy(null, '2020-01-01T00:00:00.000Z')).toBe(false);
  });

  it('announces one eventId per purge', () => {
    const audit = {
      customerId: 'cus_1',
      reason: 'request',
      requestedBy: 'admin API',
      requestedAt: '2026-11-02T09:00:00.000Z',
      purgedAt: '2026-11-02T10:00:00.000Z',
      counts: { profile: 1 },
    };
    expect(customerPurgedEvent(audit).detail).toMatchObject({
      eventId: 'purged:cus_1:2026-11-02T10:00:00.000Z',
      occurredAt: audit.purgedAt,
    });
  });
});

describe('suppression after a purge', () => {
  const at = '2026-11-02T10:00:00.000Z';
  it('is lifted only by an opt-in after it; bounces, complaints and unsubscribes never', () => {
    const purge = { reason: 'purge', at, channels: null };
    expect(suppresses(purge, 'email', undefined)).toBe(true);
    expect(suppresses(purge, 'email', '2026-11-01T00:00:00.000Z')).toBe(true);
    expect(suppresses(purge, 'email', '2026-11-03T00:00:00.000Z')).toBe(false);
    for (const reason of ['bounce', 'complaint', 'unsubscribe', 'STOP']) {
      expect(suppresses({ reason, at, channels: null }, 'email', '2027-01-01T00:00:00.000Z')).toBe(true);
    }
    expect(suppresses({ reason: 'STOP', at, channels: new Set(['sms']) }, 'email', undefined)).toBe(false);
    expect(suppresses(null, 'email', undefined)).toBe(false);
  });
});

describe('an approved purge list', () => {
  it('reads the CSV and JSON of rekindle inactive, plain ids, and drops duplicates', () => {
    const csv = 'customerId,name,lastActiveAt\r\ncus_1,"Haddad, ""Lulu""",2026-11-02T10:00:00.000Z\r\ncus_2,Omar,\r\n';
    expect(parsePurgeList(csv)).toEqual([
      { customerId: 'cus_1', lastActiveAt: '2026-11-02T10:00:00.000Z' },
      { customerId: 'cus_2', lastActiveAt: null },
    ]);
    expect(parsePurgeList('[{"customerId":"cus_1","lastActiveAt":"2026-11-02T10:00:00Z"},"cus_2","cus_2"]')).toEqual([
      { customerId: 'cus_1', lastActiveAt: '2026-11-02T10:00:00Z' },
      { customerId: 'cus_2', lastActiveAt: null },
    ]);
    expect(parsePurgeList('\uFEFFcus_1\ncus_2\n\ncus_1\n').map((e) => e.customerId)).toEqual(['cus_1', 'cus_2']);
  });

  it('names the line or item that is wrong', () => {
    expect(() => parsePurgeList('')).toThrow('the list is empty');
    expect(() => parsePurgeList('customerId\ncus_1\n"cus 2"\n')).toThrow('line 3: "cus 2" is not a customer id');
    expect(() => parsePurgeList('[{"id":"x"}]')).toThrow('item 1: customerId is missing');
    expect(() => parsePurgeList('customerId,lastActiveAt\ncus_1,yesterday\n')).toThrow('line 2: lastActiveAt');
    expect(() => parsePurgeList('[1')).toThrow('not valid JSON');
  });

  it('leaves alone a customer active since the list was made', () => {
    const entry = { customerId: 'cus_1', lastActiveAt: '2026-11-02T10:00:00.000Z' };
    expect(activeSinceListed(entry, '2026-11-02T10:00:00.000Z')).toBe(false);
    expect(activeSinceListed(entry, '2026-12-01T10:00:00.000Z')).toBe(true);
    expect(activeSinceListed({ ...entry, lastActiveAt: null }, '2026-12-01T10:00:00.000Z')).toBe(false);
  });
});
