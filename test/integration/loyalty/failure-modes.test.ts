import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalDynamo, startDynamo } from '../../../infra/local/dynamodb.js';
import { LocalScheduler } from '../../../infra/local/scheduler.js';
import { balanceAt } from '../../../shared/loyalty/core/balance.js';
import { LoyaltyService } from '../../../shared/loyalty/core/loyalty-service.js';
import type { LoyaltyStore } from '../../../shared/loyalty/core/ports.js';
import { sweepLoyalty } from '../../../shared/loyalty/core/sweep.js';
import { DynamoLoyaltyStore } from '../../../shared/loyalty/store/loyalty-store.js';
import { createDocumentClient } from '../../../shared/platform/dynamodb/client.js';
import { ValidationError } from '../../../shared/platform/errors.js';
import type { EventPublisher } from '../../../shared/platform/events.js';
import { shippedProgram } from './harness.js';

const program = shippedProgram();
let dynamo: LocalDynamo;
let store: DynamoLoyaltyStore;
beforeAll(async () => {
  dynamo = await startDynamo({ port: 0, table: 'review' });
  store = new DynamoLoyaltyStore(createDocumentClient(dynamo.url), 'review');
});
afterAll(async () => dynamo?.close());

const ok: EventPublisher = { publish: async () => undefined };
const down: EventPublisher = {
  publish: async () => {
    throw new Error('PutEvents throttled');
  },
};
const sum = (xs: readonly { points: number }[]) => xs.reduce((n, x) => n + x.points, 0);

describe('loyalty storage', () => {
  it.each(['publish', 'writeEntries'] as const)(
    'a sweep tick whose flush fails (%s) is completed by a later sweep (outbox empty, ledger = balance)',
    async (failing) => {
      const id = `cus_review_strand_${failing}`;
      await new LoyaltyService(store, ok, program).apply(id, {
        kind: 'order',
        orderId: 'ord_1',
        at: '2026-01-10T10:00:00.000Z',
        total: 120,
        currency: 'SAR',
        items: [],
      });
      // Their lot (120 earned + 50 first-order bonus) expires on 2027-02-01; the tick commits, then its flush fails.
      const broken: LoyaltyStore = Object.assign(Object.create(store), {
        writeEntries: async () => {
          throw new Error('ProvisionedThroughputExceeded');
        },
      });
      const service =
        failing === 'publish' ? new LoyaltyService(store, down, program) : new LoyaltyService(broken, ok, program);
      const first = await sweepLoyalty(store, service, '2027-02-02T00:00:00.000Z');
      expect(first.failed).toHaveLength(1); // sweep.ts:12 "it stays due and is picked up by the next sweep"
      // A tick's outbox has no record to prove it done: the account stays due until the outbox is emptied.
      const later = await sweepLoyalty(store, new LoyaltyService(store, ok, program), '2030-01-01T00:00:00.000Z');
      const stored = await store.load(id);
      if (!stored) throw new Error('expected a stored account');
      const ledger = (await store.ledger(id, 500)).items;
      const b = balanceAt(stored.account, '2030-01-01T00:00:00.000Z');
      expect({ due: later.due, outbox: stored.outbox.entries.length, ledger: sum(ledger) }).toEqual({
        due: 1,
        outbox: 0,
        ledger: b.available + b.pending,
      });
    },
  );

  it('a sweep tick that pays a birthday and whose records fail is completed by a later sweep', async () => {
    const id = 'cus_review_birthday';
    const registered = '2026-01-10T10:00:00.000Z';
    await new LoyaltyService(store, ok, program).apply(id, { kind: 'profile', birthday: '--03-01', at: registered });
    const broken: LoyaltyStore = Object.assign(Object.create(store), {
      writeRecords: async () => {
        throw new Error('ProvisionedThroughputExceeded');
      },
    });
    const first = await sweepLoyalty(store, new LoyaltyService(broken, ok, program), '2026-03-01T06:00:00.000Z');
    expect(first.failed).toHaveLength(1);
    const later = await sweepLoyalty(store, new LoyaltyService(store, ok, program), '2026-03-01T07:00:00.000Z');
    expect(later).toMatchObject({ due: 1, failed: [] });
    const ledger = (await store.ledger(id, 10)).items;
    expect(ledger.map((e) => [e.key, e.points])).toEqual([['bonus:birthday:2026', 200]]);
    expect(await store.records(id, [{ kind: 'posting', key: 'bonus:birthday:2026' }])).toMatchObject([{ version: 2 }]);
    // Once completed, the account is due only at its next time (the bonus's reminder, a year on).
    expect(await store.dueCustomers('2026-03-02T00:00:00.000Z')).not.toContain(id);
  });

  it('a cursor for the right customer but a foreign sort key is a ValidationError (400), not a 500', async () => {
    const cursor = Buffer.from(JSON.stringify({ pk: 'CUST#cus_review_strand', sk: 123 })).toString('base64url');
    await expect(store.ledger('cus_review_strand', 10, cursor)).rejects.toBeInstanceOf(ValidationError);
  });
});

describe('local scheduler', () => {
  it('a clock jump stops at every due time on the way, whatever stays due in the past', async () => {
    let now = new Date('2027-01-01T00:00:00.000Z');
    const runs: string[] = [];
    const dues = ['2026-12-31T00:00:00.000Z', '2027-01-05T00:00:00.000Z', '2027-02-10T00:00:00.000Z'];
    const scheduler = new LocalScheduler(
      [
        {
          name: 'loyalty-sweep',
          run: async (at) => void runs.push(at.toISOString()),
          // As the store answers: the earliest due time after `after` (a stuck past item is not in the way).
          nextDueAt: async (after) => dues.find((d) => d > after.toISOString()) ?? null,
        },
      ],
      () => now,
      () => undefined,
    );
    await scheduler.advanceTo(new Date('2027-03-01T00:00:00.000Z'), { set: (d) => (now = d) }, async () => undefined);
    expect(runs).toEqual(['2027-01-05T00:00:00.000Z', '2027-02-10T00:00:00.000Z', '2027-03-01T00:00:00.000Z']);
  });
});
