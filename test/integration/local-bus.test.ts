import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalBus as Bus, LocalBus, type LocalHandler } from '../../infra/local/bus.js';
import { BusJournal } from '../../infra/local/bus-journal.js';
import { type LocalDynamo, startDynamo } from '../../infra/local/dynamodb.js';
import { createDocumentClient } from '../../shared/platform/dynamodb/client.js';
import { ParkedEventStore } from '../../shared/platform/dynamodb/parked-events.js';
import type { Route } from '../../shared/platform/routing.js';
import { exampleEnvelope, storefrontExamples } from '../../shared/schemas/examples.js';

// The local stand-in for rules + Lambda async invocation: retries, then the DLQ (on the real local DynamoDB).
const route: Route = {
  id: 'OrdersToTrack',
  bus: 'rekindle',
  pattern: { 'detail-type': ['Order Completed'] },
  target: 'track',
  retryAttempts: 2,
  maxEventAgeSeconds: 3600,
};
const loyaltyRoute: Route = { ...route, id: 'OrdersToLoyalty', target: 'loyalty' };
const envelope = (type: 'Order Completed' | 'Cart Updated', detail: object) => {
  const e = exampleEnvelope('shop.example', type, detail);
  return { ...e, resources: [...e.resources] };
};
const order = (orderId: string) => envelope('Order Completed', { ...storefrontExamples['Order Completed'], orderId });

describe('local bus', () => {
  let dynamo: LocalDynamo;
  let parked: ParkedEventStore;
  beforeAll(async () => {
    dynamo = await startDynamo({ port: 0, table: 'bus' });
    parked = new ParkedEventStore(createDocumentClient(dynamo.url), 'bus');
  });
  const dirs: string[] = [];
  afterAll(async () => {
    await dynamo?.close();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });
  const journalDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'rekindle-journal-'));
    dirs.push(dir);
    return dir;
  };
  const never: LocalHandler = () => new Promise(() => undefined);
  const ok: LocalHandler = async () => undefined;
  const journaledBus = (
    journal: BusJournal,
    handlers: { track: LocalHandler; loyalty: LocalHandler },
    options: { parked?: ParkedEventStore; onParkError?: (routeId: string, event: { id: string }) => void } = {},
  ): Bus =>
    new LocalBus({
      routes: [route, loyaltyRoute],
      handlers: { ...handlers, engagement: ok, workflow: ok, purge: ok },
      parked: options.parked ?? parked,
      now: () => new Date('2026-11-01T00:00:00Z'),
      retryDelayMs: () => 1,
      journal,
      ...(options.onParkError ? { onParkError: options.onParkError } : {}),
    });

  const busWith = (track: (event: unknown) => Promise<unknown>): Bus =>
    new LocalBus({
      routes: [route],
      handlers: {
        track,
        loyalty: async () => undefined,
        engagement: async () => undefined,
        workflow: async () => undefined,
        purge: async () => undefined,
      },
      parked,
      now: () => new Date('2026-11-01T00:00:00Z'),
      retryDelayMs: () => 1,
    });

  it('retries a failing handler and succeeds without parking', async () => {
    let calls = 0;
    const bus = busWith(async () => {
      calls++;
      if (calls < 3) throw new Error('throttled');
    });
    bus.publish('rekindle', order('ord_retry'));
    await bus.settle();
    expect(calls).toBe(3);
    expect(bus.stats).toMatchObject({ delivered: 1, failedAttempts: 2, parked: 0, pending: 0 });
    expect((await parked.list()).some((p) => p.eventId === order('ord_retry').id)).toBe(false);
  });

  it('parks an event with its last error after 1 + retryAttempts failures', async () => {
    const bus = busWith(async () => {
      throw new Error('table unavailable');
    });
    const event = order('ord_poison');
    bus.publish('rekindle', event);
    await bus.settle();
    expect(bus.stats).toMatchObject({ delivered: 0, failedAttempts: 3, parked: 1 });
    const entry = (await parked.list()).find((p) => p.eventId === event.id);
    expect(entry).toMatchObject({ route: 'track', attempts: 3, detailType: 'Order Completed' });
    expect(entry?.reason).toBe('failed after 3 attempts: table unavailable');
  });

  it('delivers only to routes on the same bus whose pattern matches', async () => {
    const seen: unknown[] = [];
    const bus = busWith(async (event) => {
      seen.push(event);
    });
    bus.publish('default', order('ord_other_bus'));
    bus.publish('rekindle', envelope('Cart Updated', storefrontExamples['Cart Updated']));
    bus.publish('rekindle', order('ord_match'));
    await bus.settle();
    expect(seen).toEqual([order('ord_match')]);
  });

  it('keeps an accepted event until each route has finished with it, and replays only the unfinished ones', async () => {
    const dir = journalDir();
    const first = await BusJournal.open(dir);
    const handled = order('ord_journal_handled');
    const pending = order('ord_journal_pending');
    // The engine is "killed" while loyalty still works on the second order: nothing more happens to this bus.
    const killed = journaledBus(first.journal, {
      track: ok,
      loyalty: (event) => (event === pending ? new Promise(() => undefined) : Promise.resolve()),
    });
    await killed.publishAll([
      { bus: 'rekindle', event: handled },
      { bus: 'rekindle', event: pending },
    ]);
    await until(() => killed.stats.delivered === 3);
    await first.journal.idle();

    const restarted = await BusJournal.open(dir);
    expect(restarted.unfinished).toEqual([{ bus: 'rekindle', event: pending, routeId: 'OrdersToLoyalty' }]);
    const seen: string[] = [];
    const bus = journaledBus(restarted.journal, {
      track: ok,
      loyalty: async (event) => {
        seen.push(JSON.stringify(event));
      },
    });
    bus.replay(restarted.unfinished);
    await bus.settle();
    expect(seen).toEqual([JSON.stringify(pending)]);
    expect((await BusJournal.open(dir)).unfinished).toEqual([]);
  });

  it('answers only once the events are on disk: one write per call, whatever the entry count', async () => {
    const dir = journalDir();
    const { journal } = await BusJournal.open(dir);
    const bus = journaledBus(journal, { track: never, loyalty: never });
    const orders = Array.from({ length: 10 }, (_, i) => ({ bus: 'rekindle', event: order(`ord_batch_${i}`) }));
    await bus.publishAll(orders);
    // Nothing was handled yet, and already every delivery is in the file a restart reads.
    const lines = readFileSync(join(dir, 'journal.log'), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(10);
    expect((await BusJournal.open(dir)).unfinished).toHaveLength(20);
  });

  it('parks an event whose route is gone since it was accepted, instead of dropping it', async () => {
    const { journal } = await BusJournal.open(journalDir());
    const bus = journaledBus(journal, { track: ok, loyalty: ok });
    const event = order('ord_route_gone');
    bus.replay([{ bus: 'rekindle', event, routeId: 'RetiredRoute' }]);
    await bus.settle();
    expect(bus.stats).toMatchObject({ parked: 1, parkFailed: 0 });
    const entry = (await parked.list()).find((p) => p.eventId === event.id);
    expect(entry).toMatchObject({ route: 'RetiredRoute', reason: 'route RetiredRoute no longer exists' });
  });

  it('when parking fails too, settles, counts and reports it, and keeps the delivery for the next start', async () => {
    const dir = journalDir();
    const { journal } = await BusJournal.open(dir);
    const reported: string[] = [];
    const bus = journaledBus(
      journal,
      {
        track: async () => {
          throw new Error('table unavailable');
        },
        loyalty: ok,
      },
      {
        parked: new ParkedEventStore(createDocumentClient(dynamo.url), 'no-such-table'),
        onParkError: (routeId, event) => reported.push(`${routeId} ${event.id}`),
      },
    );
    const event = order('ord_unparkable');
    await bus.publish('rekindle', event);
    await bus.settle();
    expect(bus.stats).toMatchObject({ delivered: 1, failedAttempts: 3, parked: 0, parkFailed: 1, pending: 0 });
    expect(reported).toEqual([`OrdersToTrack ${event.id}`]);
    expect((await BusJournal.open(dir)).unfinished).toEqual([{ bus: 'rekindle', event, routeId: 'OrdersToTrack' }]);
  });

  it('compacts finished deliveries away, so the journal stays bounded', async () => {
    const dir = journalDir();
    const { journal } = await BusJournal.open(dir, { compactAfter: 20 });
    const bus = journaledBus(journal, { track: ok, loyalty: ok });
    for (let i = 0; i < 30; i++) {
      await bus.publish('rekindle', order(`ord_compact_${i}`));
      await bus.settle();
    }
    const lines = readFileSync(join(dir, 'journal.log'), 'utf8').trim().split('\n');
    // 30 events x (1 accept + 2 finishes) = 90 lines without compaction.
    expect(lines.length).toBeLessThanOrEqual(20 + 3);
    expect((await BusJournal.open(dir)).unfinished).toEqual([]);
  });
});

/** Waits for a condition (no fixed sleeps: the machine may be busy). */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}
