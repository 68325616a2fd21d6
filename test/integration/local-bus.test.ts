import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalBus as Bus, LocalBus } from '../../infra/local/bus.js';
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
  afterAll(async () => dynamo?.close());

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
});
