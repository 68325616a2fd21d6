import { startDynamo } from '../infra/local/dynamodb.js';
import { createPurgeService } from '../shared/lifecycle/compose.js';
import { LoyaltyService } from '../shared/loyalty/core/loyalty-service.js';
import { parseLoyaltyProgram } from '../shared/loyalty/core/program.js';
import { loyaltyForTrackedFact } from '../shared/loyalty/core/track-loyalty.js';
import { DynamoLoyaltyStore } from '../shared/loyalty/store/loyalty-store.js';
import { createDocumentClient } from '../shared/platform/dynamodb/client.js';
import type { OutgoingEvent } from '../shared/platform/events.js';
import type { EventEnvelope } from '../shared/schemas/envelope.js';
import { trackStorefrontEvent } from '../shared/tracking/core/track-storefront.js';
import { DynamoTrackingStore } from '../shared/tracking/store/tracking-store.js';
import program from '../workflows/loyalty.json' with { type: 'json' };
import {
  type DynamoCounters,
  DynamoMeter,
  diffCounters,
  emptyCounters,
  readUnits,
  totalRequests,
  writeUnits,
} from './dynamo-meter.js';
import { fixed, type TableRow } from './table.js';

/**
 * The cost of a purge against the cost of the history it erases: `customers` customers, each with an anonymous visit,
 * a registration, product views, cart changes and orders written by the real tracking and loyalty code, then purged
 * one by one by the real purge (suppressions, tombstone, erasure, pseudonymised accounting rows, audit item).
 */

export interface PurgeOptions {
  readonly customers: number;
  readonly views: number;
  readonly carts: number;
  readonly orders: number;
}

export interface PurgeResult {
  readonly customers: number;
  /** Storefront events per customer, and items under the customer before the purge (its partition). */
  readonly eventsPerCustomer: number;
  readonly itemsPerCustomer: number;
  readonly history: DynamoCounters;
  readonly purge: DynamoCounters;
  readonly purgeMs: number;
  readonly published: number;
}

const table = 'bench-purge';
const t0 = Date.parse('2026-11-02T10:00:00.000Z');
const at = (minutes: number) => new Date(t0 + minutes * 60_000).toISOString();

export async function runPurge(options: PurgeOptions): Promise<PurgeResult> {
  const dynamo = await startDynamo({ port: 0, table });
  const meter = new DynamoMeter();
  const writer = createDocumentClient(dynamo.url);
  const purger = createDocumentClient(dynamo.url);
  meter.instrument(writer, 'history');
  meter.instrument(purger, 'purge');
  const published: OutgoingEvent[] = [];
  try {
    const tracking = new DynamoTrackingStore(writer, table);
    const loyalty = new LoyaltyService(
      new DynamoLoyaltyStore(writer, table),
      { publish: async () => undefined },
      parseLoyaltyProgram(program),
    );
    const ids = Array.from({ length: options.customers }, (_, i) => `cus_purge_${String(i).padStart(4, '0')}`);
    let events = 0;
    for (const id of ids) {
      for (const event of history(id, options)) {
        const { fact } = await trackStorefrontEvent(tracking, event);
        if (fact) await loyaltyForTrackedFact(loyalty, fact);
        events++;
      }
    }
    const service = createPurgeService(
      { db: purger, table, now: () => new Date(at(60 * 24 * 400)) },
      { publish: async (e) => void published.push(...e) },
    );
    const itemsBefore = (await Promise.all(ids.map((id) => service.preview(id)))).reduce(
      (sum, p) => sum + Object.values({ ...p.erase, ...p.pseudonymise }).reduce((a, b) => a + (b ?? 0), 0),
      0,
    );
    const before = meter.snapshot().purge ?? emptyCounters();
    const start = performance.now();
    for (const id of ids) {
      await service.purge({ customerId: id, reason: 'bench', requestedBy: 'bench', requestedAt: at(0) });
    }
    const purgeMs = performance.now() - start;
    const counters = meter.snapshot();
    return {
      customers: ids.length,
      eventsPerCustomer: events / ids.length,
      itemsPerCustomer: itemsBefore / ids.length,
      history: counters.history ?? emptyCounters(),
      purge: diffCounters(counters.purge ?? emptyCounters(), before),
      purgeMs,
      published: published.length,
    };
  } finally {
    writer.destroy();
    purger.destroy();
    await dynamo.close();
  }
}

/** An anonymous view, the registration tying it, views, cart changes and orders: the history a purge erases. */
function history(id: string, o: PurgeOptions): EventEnvelope[] {
  const visitor = `visit_${id}`;
  const items = [{ productId: 'p-oud', name: 'Oud Royal', price: 120, quantity: 1, category: 'Fragrance' }];
  const details: [string, Record<string, unknown>][] = [
    ['Product Viewed', { anonymousId: visitor, occurredAt: at(0), product: { productId: 'p-oud' } }],
    [
      'Customer Registered',
      {
        customerId: id,
        anonymousId: visitor,
        occurredAt: at(1),
        email: `${id}@shop.example`,
        phone: '+966501234567',
        firstName: 'Layla',
        consents: { email: true, sms: true },
      },
    ],
    ...Array.from({ length: o.views }, (_, i): [string, Record<string, unknown>] => [
      'Product Viewed',
      { customerId: id, occurredAt: at(10 + i), product: { productId: `p-${i}` } },
    ]),
    ...Array.from({ length: o.carts }, (_, i): [string, Record<string, unknown>] => [
      'Cart Updated',
      { customerId: id, cartId: `cart_${id}_${i}`, occurredAt: at(100 + i), currency: 'SAR', total: 120, items },
    ]),
    ...Array.from({ length: o.orders }, (_, i): [string, Record<string, unknown>] => [
      'Order Completed',
      {
        customerId: id,
        orderId: `ord_${id}_${i}`,
        cartId: `cart_${id}_${i}`,
        occurredAt: at(200 + i),
        currency: 'SAR',
        total: 120,
        items,
      },
    ]),
  ];
  return details.map(([type, detail], i) => ({
    version: '0',
    id: `${id}-${i}`,
    'detail-type': type,
    source: 'shop.example',
    account: '000000000000',
    time: String(detail.occurredAt),
    region: 'local',
    resources: [],
    detail,
  }));
}

/** The bench's purge block: per customer, what writing the history cost and what erasing it costs. */
export function purgeRows(r: PurgeResult): TableRow[] {
  const per = (c: DynamoCounters, op: string) => fixed((c.requests[op] ?? 0) / r.customers, 1);
  const row = (label: string, c: DynamoCounters, ms: string): TableRow => ({
    kind: 'row',
    cells: [
      label,
      per(c, 'GetItem'),
      per(c, 'Query'),
      per(c, 'PutItem'),
      per(c, 'UpdateItem'),
      per(c, 'DeleteItem'),
      per(c, 'BatchWriteItem'),
      fixed(totalRequests(c) / r.customers, 1),
      fixed(readUnits(c) / r.customers, 1),
      fixed(writeUnits(c) / r.customers, 1),
      ms,
    ],
  });
  return [
    {
      kind: 'section',
      title:
        `Purge: per customer (${r.customers}), ${fixed(r.eventsPerCustomer, 0)} storefront events written by ` +
        `tracking and loyalty, ${fixed(r.itemsPerCustomer, 0)} items held, then erased`,
    },
    {
      kind: 'header',
      cells: ['per customer', 'Get', 'Query', 'Put', 'Update', 'Delete', 'BatchWrite', 'req', 'RCU', 'WCU', 'ms'],
    },
    row('history (tracking + loyalty)', r.history, '–'),
    row('purge', r.purge, fixed(r.purgeMs / r.customers, 1)),
    {
      kind: 'row',
      cells: [
        'purge ÷ history',
        ...Array(6).fill(''),
        fixed(totalRequests(r.purge) / totalRequests(r.history), 2),
        fixed(readUnits(r.purge) / readUnits(r.history), 2),
        fixed(writeUnits(r.purge) / writeUnits(r.history), 2),
        '',
      ],
    },
  ];
}

export function purgeNotes(r: PurgeResult): string[] {
  return [
    `Purge: ${r.published} Customer Purged events for ${r.customers} purges. Each purge reads the profile and the ` +
      'partition (twice: to count, then to erase), writes 2 suppressions, the tombstone, the pseudonymised order, ' +
      'ledger and account rows, deletes the rest in batches of 25, then the identities, the merged visit, and the ' +
      'audit item. Enrollments and messages are not in this history (their cost per item is the same delete).',
  ];
}
