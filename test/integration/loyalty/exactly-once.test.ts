import { describe, expect, it } from 'vitest';
import { balanceAt } from '../../../shared/loyalty/core/balance.js';
import { LoyaltyService } from '../../../shared/loyalty/core/loyalty-service.js';
import type { LedgerEntry, LoyaltyCommand } from '../../../shared/loyalty/core/model.js';
import type { LoyaltyStore } from '../../../shared/loyalty/core/ports.js';
import type { EventPublisher, OutgoingEvent } from '../../../shared/platform/events.js';
import { shippedProgram, useLoyaltyServers } from './harness.js';

// Flat tier multipliers: the expected sum then does not depend on the order in which concurrent postings land.
const program = shippedProgram((p) => {
  const tiers = p.tiers as { levels: { multiplier: number }[] };
  for (const level of tiers.levels) level.multiplier = 1;
});
const servers = useLoyaltyServers();
const t0 = '2026-11-01T10:00:00.000Z';
const order = (orderId: string, total: number, at = t0): LoyaltyCommand => ({
  kind: 'order',
  orderId,
  at,
  total,
  currency: 'SAR',
  items: [],
});

async function ledgerOf(store: LoyaltyStore, customerId: string): Promise<LedgerEntry[]> {
  return [...(await store.ledger(customerId, 500)).items];
}
const sum = (entries: readonly { points: number }[]) => entries.reduce((n, e) => n + e.points, 0);
const pointsOf = async (store: LoyaltyStore, customerId: string) => {
  const b = balanceAt((await store.load(customerId))?.account ?? fail(), '2026-11-01T11:00:00.000Z');
  return b.available + b.pending;
};
/** The order's record as stored: what the order earned, its refunds. */
const recordOf = async (store: LoyaltyStore, customerId: string, orderId: string) =>
  (await store.records(customerId, [{ kind: 'order', orderId }]))[0]?.record;

describe('loyalty postings against the local DynamoDB, without transactions', () => {
  it('30 concurrent purchases for one customer give exactly the sum', async () => {
    const { store, publisher } = servers();
    const service = new LoyaltyService(store, publisher, program);
    const customerId = 'cus_concurrent';
    const totals = Array.from({ length: 30 }, (_, i) => 10 + i);
    await Promise.all(totals.map((total, i) => service.apply(customerId, order(`ord_c${i}`, total))));

    const bonuses = 50 + 500; // 1st and 5th order bonuses of the shipped program
    const expected = sum(totals.map((points) => ({ points }))) + bonuses;
    expect(await pointsOf(store, customerId)).toBe(expected);
    const ledger = await ledgerOf(store, customerId);
    expect(ledger.filter((e) => e.type === 'earn')).toHaveLength(30);
    expect(sum(ledger)).toBe(expected);
    for (let i = 0; i < 30; i++) expect(await recordOf(store, customerId, `ord_c${i}`)).toBeDefined();
  });

  it('the same order delivered 20 times at once earns once', async () => {
    const { store, publisher } = servers();
    const service = new LoyaltyService(store, publisher, program);
    const customerId = 'cus_racing_duplicates';
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, () => service.apply(customerId, order('ord_1', 120))),
    );
    expect(outcomes.filter((o) => o.outcome.status === 'applied')).toHaveLength(1);
    expect(await pointsOf(store, customerId)).toBe(170);
    expect(sum(await ledgerOf(store, customerId))).toBe(170);
  });

  describe('a crash between any two writes of a posting leaves the ledger exact once anyone posts again', () => {
    // The writes of a first order (it earns a bonus): commit, 2 ledger rows, publish, the order's record.
    const writes = 5;
    const crashes = Array.from({ length: writes }, (_, i) => i + 1);

    it.each(crashes)('crash before write %i, then the retry', async (crashAt) => {
      const { store, publisher, published } = servers();
      const customerId = `cus_crash_${crashAt}`;
      const crashing = crashingAt(crashAt, store, publisher);
      await expect(
        new LoyaltyService(crashing.store, crashing.publisher, program).apply(customerId, order('ord_1', 120)),
      ).rejects.toThrow('injected crash');

      // The retry: the same event delivered again, with working storage.
      await new LoyaltyService(store, publisher, program).apply(customerId, order('ord_1', 120));

      const ledger = await ledgerOf(store, customerId);
      expect(ledger.map((e) => e.type).sort()).toEqual(['bonus', 'earn']);
      expect(sum(ledger)).toBe(120 + 50);
      expect(await pointsOf(store, customerId)).toBe(170);
      expect(await recordOf(store, customerId, 'ord_1')).toMatchObject({ record: { order: { points: 120 } } });
      // Events are at-least-once: a crash may repeat them, never lose them; consumers dedupe on eventId.
      expect(eventIdsOf(published, customerId).size).toBe(2);
    });

    it.each(crashes)('crash before write %i, then another order of the customer', async (crashAt) => {
      const { store, publisher, published } = servers();
      const customerId = `cus_crash_next_${crashAt}`;
      const crashing = crashingAt(crashAt, store, publisher);
      await expect(
        new LoyaltyService(crashing.store, crashing.publisher, program).apply(customerId, order('ord_1', 120)),
      ).rejects.toThrow('injected crash');

      // Not the retry: the customer's next order completes what the crash left, before it commits its own.
      const service = new LoyaltyService(store, publisher, program);
      await service.apply(customerId, order('ord_2', 30));
      const committed = crashAt > 1;
      const ledger = await ledgerOf(store, customerId);
      expect(sum(ledger)).toBe(committed ? 120 + 50 + 30 : 30 + 50);
      expect(await pointsOf(store, customerId)).toBe(sum(ledger));
      expect(eventIdsOf(published, customerId).size).toBe(ledger.length);
      // And the retry, when it comes, finds the order done (or, had it not committed, posts it now).
      await service.apply(customerId, order('ord_1', 120));
      expect(sum(await ledgerOf(store, customerId))).toBe(await pointsOf(store, customerId));
      expect((await ledgerOf(store, customerId)).filter((e) => e.type === 'earn')).toHaveLength(2);
    });
  });

  it('never lets a slow retry overwrite a record a later posting wrote', async () => {
    const { store, publisher } = servers();
    const customerId = 'cus_stale_flush';
    const service = new LoyaltyService(store, publisher, program);
    await service.apply(customerId, order('ord_1', 200));
    const refund: LoyaltyCommand = { kind: 'refund', refundId: 'ref_1', orderId: 'ord_1', amount: 100, at: t0 };
    await service.apply(customerId, refund);
    const before = await store.records(customerId, [{ kind: 'order', orderId: 'ord_1' }]);
    // The first posting's flush, replayed late (a process that stalled after its commit).
    const stale = { kind: 'order', record: { orderId: 'ord_1', refunds: [], held: [] } } as const;
    await store.writeRecords(customerId, [stale], 1);
    expect(await store.records(customerId, [{ kind: 'order', orderId: 'ord_1' }])).toEqual(before);
    expect(before[0]).toMatchObject({ version: 2, record: { record: { refunds: ['ref_1'] } } });
  });

  it('holds a refund that arrives before its order and applies it when the order arrives', async () => {
    const { store, publisher } = servers();
    const service = new LoyaltyService(store, publisher, program);
    const customerId = 'cus_early_refund';
    const refund: LoyaltyCommand = { kind: 'refund', refundId: 'ref_1', orderId: 'ord_9', amount: 50, at: t0 };
    expect((await service.apply(customerId, refund)).outcome.status).toBe('held');
    expect((await service.apply(customerId, refund)).outcome.status).toBe('duplicate');
    await service.apply(customerId, order('ord_9', 200, '2026-10-31T10:00:00.000Z'));
    const ledger = await ledgerOf(store, customerId);
    const reversed = ledger.filter((e) => e.type === 'reverse');
    expect(sum(reversed)).toBe(-50);
    expect(sum(ledger)).toBe(200 - 50 + 50);
    expect(await recordOf(store, customerId, 'ord_9')).toMatchObject({ record: { held: [], refunds: ['ref_1'] } });
  });

  it('holds a refund racing its order: it is applied exactly once, whichever commits first', async () => {
    const { store, publisher } = servers();
    const service = new LoyaltyService(store, publisher, program);
    for (let i = 0; i < 10; i++) {
      const customerId = `cus_race_refund_${i}`;
      const refund: LoyaltyCommand = { kind: 'refund', refundId: 'ref_1', orderId: 'ord_1', amount: 100, at: t0 };
      await Promise.all([service.apply(customerId, refund), service.apply(customerId, order('ord_1', 200))]);
      const ledger = await ledgerOf(store, customerId);
      expect(ledger.filter((e) => e.type === 'reverse').map((e) => e.points)).toEqual([-100]);
      expect(sum(ledger)).toBe(200 + 50 - 100);
      expect(await pointsOf(store, customerId)).toBe(sum(ledger));
    }
  });
});

function eventIdsOf(published: readonly { event: { detail: unknown } }[], customerId: string): Set<string> {
  const ids = published
    .filter((e) => e.event.detail && JSON.stringify(e.event.detail).includes(customerId))
    .map((e) => {
      const detail = e.event.detail;
      return typeof detail === 'object' && detail !== null && 'eventId' in detail ? String(detail.eventId) : '';
    });
  return new Set(ids);
}

function fail(): never {
  throw new Error('expected a stored account');
}

/** Storage and publisher that throw just before their `crashAt`-th write (1-based), then work again. */
function crashingAt(crashAt: number, store: LoyaltyStore, publisher: EventPublisher) {
  let writes = 0;
  const write = <T>(run: () => Promise<T>): Promise<T> => {
    writes++;
    if (writes === crashAt) return Promise.reject(new Error('injected crash'));
    return run();
  };
  const crashingStore: LoyaltyStore = {
    load: (id) => store.load(id),
    peek: (id, key) => store.peek(id, key),
    records: (id, keys) => store.records(id, keys),
    commit: (account, outbox, expected, due) => write(() => store.commit(account, outbox, expected, due)),
    writeEntries: async (id, entries) => {
      for (const entry of entries) await write(() => store.writeEntries(id, [entry]));
    },
    writeRecords: async (id, records, version) => {
      for (const record of records) await write(() => store.writeRecords(id, [record], version));
    },
    clearOutbox: (id, version, due) => write(() => store.clearOutbox(id, version, due)),
    ledger: (id, limit, cursor) => store.ledger(id, limit, cursor),
    dueCustomers: (now) => store.dueCustomers(now),
  };
  const crashingPublisher: EventPublisher = {
    publish: (events: readonly OutgoingEvent[]) => write(() => publisher.publish(events)),
  };
  return { store: crashingStore, publisher: crashingPublisher };
}
