import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { balanceAt } from '../../../shared/loyalty/core/balance.js';
import { LoyaltyService } from '../../../shared/loyalty/core/loyalty-service.js';
import { createDocumentClient } from '../../../shared/platform/dynamodb/client.js';
import { loyaltyKeys } from '../../../shared/platform/dynamodb/keys.js';
import { pack } from '../../../shared/platform/dynamodb/packed.js';
import { shippedProgram, useLoyaltyServers } from './harness.js';

const program = shippedProgram();
const servers = useLoyaltyServers();
const customerId = 'cus_legacy';
const at = '2026-01-10T10:00:00.000Z';
const expires = '2027-01-10T10:00:00.000Z';

/** What Rekindle 0.1 stored for an order of 1000 (and its first-order bonus), refunded by 100, and an early refund. */
const legacyAccount = {
  customerId,
  version: 3,
  lots: [
    {
      key: 'order:o1',
      points: 1000,
      remaining: 900,
      earnedAt: at,
      availableAt: '2026-01-24T10:00:00.000Z',
      expiresAt: expires,
      orderId: 'o1',
    },
    { key: 'bonus:nth:1', points: 50, remaining: 50, earnedAt: at, availableAt: at, expiresAt: expires, orderId: 'o1' },
  ],
  debt: 0,
  lifetime: 950,
  tier: 'bronze',
  tierSince: at,
  qualifying: [
    { key: 'order:o1', at, amount: 1000 },
    { key: 'refund:r1', at, effectiveAt: '2026-01-12T10:00:00.000Z', amount: -100 },
  ],
  orders: { o1: { orderId: 'o1', at, total: 1000, points: 1000, refunded: 100, reversed: 100, restored: 0 } },
  redemptions: {},
  heldRefunds: [{ refundId: 'r9', orderId: 'o9', amount: 10, at: '2026-01-12T10:00:00.000Z' }],
  applied: ['order:o1', 'refund:r1', 'refund:r9'],
  orderCount: 1,
};
const legacyLedger = [
  { key: 'earn:order:o1', at, type: 'earn', points: 1000, orderId: 'o1', reason: 'order' },
  { key: 'bonus:nth:1', at, type: 'bonus', points: 50, orderId: 'o1', reason: 'nthOrder' },
  { key: 'reverse:r1', at: '2026-01-12T10:00:00.000Z', type: 'reverse', points: -100, orderId: 'o1', refundId: 'r1' },
];
const sum = (xs: readonly { points: number }[]) => xs.reduce((n, x) => n + x.points, 0);

describe('accounts stored by Rekindle 0.1 (every order and applied key inside)', () => {
  it('read as they were, and are upgraded by their next posting without losing what they knew', async () => {
    const { dynamoUrl, store, publisher } = servers();
    const db = createDocumentClient(dynamoUrl);
    await db.send(
      new PutCommand({
        TableName: 'loyalty',
        Item: {
          ...loyaltyKeys.account(customerId),
          customerId,
          version: 3,
          account: pack(legacyAccount),
          outbox: pack({ entries: [], events: [] }),
        },
      }),
    );
    for (const entry of legacyLedger) {
      await db.send(
        new PutCommand({
          TableName: 'loyalty',
          Item: { ...loyaltyKeys.ledgerEntry(customerId, entry.at, entry.key), customerId, ...entry },
        }),
      );
    }
    const read = await store.load(customerId);
    expect(balanceAt(read?.account ?? fail(), '2026-02-01T00:00:00.000Z')).toEqual({
      available: 950,
      pending: 0,
      lifetime: 950,
    });

    const service = new LoyaltyService(store, publisher, program);
    const order = (orderId: string, total: number, when: string) =>
      ({ kind: 'order', orderId, at: when, total, currency: 'SAR', items: [] }) as const;
    const refund = (refundId: string, orderId: string, amount: number) =>
      ({ kind: 'refund', refundId, orderId, amount, at: '2026-02-01T00:00:00.000Z' }) as const;
    // Already applied before the upgrade: duplicates, whichever record they need.
    expect((await service.apply(customerId, order('o1', 1000, at))).outcome.status).toBe('duplicate');
    expect((await service.apply(customerId, refund('r1', 'o1', 100))).outcome.status).toBe('duplicate');
    expect((await service.apply(customerId, refund('r9', 'o9', 10))).outcome.status).toBe('duplicate');
    const upgraded = await store.load(customerId);
    expect(upgraded?.legacy).toBeUndefined();
    expect(upgraded?.account).toMatchObject({ version: 4, orderCount: 1, lifetime: 950 });
    expect(upgraded?.account.qualifying).toEqual([{ until: '2027-02-01T00:00:00.000Z', from: at, amount: 90000 }]);
    // New postings carry on from what the account knew: cumulative reversal, the held refund applied.
    expect((await service.apply(customerId, refund('r2', 'o1', 100))).outcome.status).toBe('applied');
    expect((await service.apply(customerId, order('o9', 200, '2026-01-11T10:00:00.000Z'))).outcome.status).toBe(
      'applied',
    );
    const ledger = (await store.ledger(customerId, 100)).items;
    expect(ledger.filter((e) => e.type === 'reverse').map((e) => [e.key, e.points])).toEqual(
      expect.arrayContaining([
        ['reverse:o1/r2', -100],
        ['reverse:o9/r9', -10],
      ]),
    );
    const now = await store.load(customerId);
    const balance = balanceAt(now?.account ?? fail(), '2026-03-01T00:00:00.000Z');
    expect(balance.available + balance.pending).toBe(sum(ledger));
    expect(sum(ledger)).toBe(950 - 100 + 200 - 10);
  });
});

function fail(): never {
  throw new Error('expected a stored account');
}
