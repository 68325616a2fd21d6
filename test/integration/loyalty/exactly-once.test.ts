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

describe('loyalty postings against the local DynamoDB, without transactions', () => {
  it('50 concurrent purchases for one customer give exactly the sum', async () => {
    const { store, publisher } = servers();
    const service = new LoyaltyService(store, publisher, program);
    const customerId = 'cus_concurrent';
    const totals = Array.from({ length: 50 }, (_, i) => 10 + i);
    await Promise.all(totals.map((total, i) => service.apply(customerId, order(`ord_c${i}`, total))));

    const stored = await store.load(customerId);
    const bonuses = 50 + 500; // 1st and 5th order bonuses of the shipped program
    const expected = sum(totals.map((points) => ({ points }))) + bonuses;
    const balance = balanceAt(stored?.account ?? fail(), '2026-11-01T11:00:00.000Z');
    expect(balance.available + balance.pending).toBe(expected);
    const ledger = await ledgerOf(store, customerId);
    expect(ledger.filter((e) => e.type === 'earn')).toHaveLength(50);
    expect(sum(ledger)).toBe(expected);
    expect(stored?.outbox).toEqual({ entries: [], events: [] });
  });

  describe('a crash between any two writes of a posting, then the retry, leaves the ledger exact', () => {
    // The writes of one order posting with a bonus: commit, 2 ledger rows, publish, clear outbox.
    const writes = 5;
    it.each(Array.from({ length: writes }, (_, i) => i + 1))('crash before write %i', async (crashAt) => {
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
      expect(new Set(ledger.map((e) => e.key)).size).toBe(2);
      expect(sum(ledger)).toBe(120 + 50);
      const stored = await store.load(customerId);
      const balance = balanceAt(stored?.account ?? fail(), t0);
      expect(balance.available + balance.pending).toBe(170);
      expect(stored?.outbox).toEqual({ entries: [], events: [] });
      // Events are at-least-once: a crash may repeat them, never lose them; consumers dedupe on eventId.
      const ids = new Set(
        published.filter((e) => e.event.detail && JSON.stringify(e.event.detail).includes(customerId)).map(eventId),
      );
      expect(ids.size).toBe(2);
    });
  });

  it('holds a refund that arrives before its order and applies it when the order arrives', async () => {
    const { store, publisher } = servers();
    const service = new LoyaltyService(store, publisher, program);
    const customerId = 'cus_early_refund';
    const refund: LoyaltyCommand = { kind: 'refund', refundId: 'ref_1', orderId: 'ord_9', amount: 50, at: t0 };
    expect((await service.apply(customerId, refund)).outcome.status).toBe('held');
    await service.apply(customerId, order('ord_9', 200, '2026-10-31T10:00:00.000Z'));
    const ledger = await ledgerOf(store, customerId);
    const reversed = ledger.filter((e) => e.type === 'reverse');
    expect(sum(reversed)).toBe(-50);
    expect(sum(ledger)).toBe(200 - 50 + 50);
  });
});

function eventId(e: { event: { detail: unknown } }): string {
  const detail = e.event.detail;
  return typeof detail === 'object' && detail !== null && 'eventId' in detail ? String(detail.eventId) : '';
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
    commit: (account, outbox, expected, due) => write(() => store.commit(account, outbox, expected, due)),
    writeEntries: async (id, entries) => {
      for (const entry of entries) await write(() => store.writeEntries(id, [entry]));
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
