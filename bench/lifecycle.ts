import { BatchWriteCommand, type DynamoDBDocumentClient, GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { ensureTable } from '../infra/local/dynamodb.js';
import { startEventBridgeServer } from '../infra/local/eventbridge-server.js';
import { addDays, type InactivityThreshold, sweepInactivity } from '../shared/lifecycle/core/inactivity.js';
import { loadInactivityConfig } from '../shared/lifecycle/inactivity-config.js';
import { DynamoInactivityStore } from '../shared/lifecycle/store/inactivity-store.js';
import { createDocumentClient } from '../shared/platform/dynamodb/client.js';
import { keys } from '../shared/platform/dynamodb/keys.js';
import { EventBridgePublisher } from '../shared/platform/eventbridge/publisher.js';
import { ProfileWriter } from '../shared/tracking/store/profile-writer.js';
import { type DynamoCounters, DynamoMeter, emptyCounters, itemSize } from './dynamo-meter.js';
import { startDynamoThread } from './lifecycle-dynamo.js';

/**
 * The inactivity sweep's reads against a full scan: a table of `customers` profiles (shaped as the profile writer
 * writes them) of which `crossingShare` cross one of the default thresholds on the swept day, spread evenly over the
 * thresholds; the real sweep (DynamoInactivityStore, the local PutEvents endpoint) runs once for that day, then one
 * paginated Scan reads the same table.
 */

export interface LifecycleOptions {
  readonly customers: number;
  readonly crossingShare: number;
  /** BatchWriteItem requests in flight while loading. */
  readonly loadConcurrency: number;
}

export interface ReadFigures {
  readonly dynamo: DynamoCounters;
  /** Items returned: index keys by Query, profiles by BatchGetItem, the progress item by GetItem; Scan: scanned. */
  readonly indexItems: number;
  readonly tableItems: number;
  readonly wallMs: number;
}

export interface LifecycleResult {
  readonly customers: number;
  readonly sweptDay: string;
  readonly thresholds: readonly InactivityThreshold[];
  /** Crossings seeded for the swept day, and what the sweep published. */
  readonly crossing: number;
  readonly published: number;
  /** Mean profile item size (DynamoDB's rule), and the customers who ever ordered. */
  readonly profileBytes: number;
  readonly ordered: number;
  readonly loadMs: number;
  readonly sweep: ReadFigures;
  readonly scan: ReadFigures;
  readonly phaseMs: number;
}

const table = 'bench-lifecycle';
const sweptDay = '2027-03-01';

export async function runLifecycle(options: LifecycleOptions): Promise<LifecycleResult> {
  const phaseStart = performance.now();
  const { thresholds } = loadInactivityConfig({});
  const dynamo = await startDynamoThread(table);
  let published = 0;
  const bus = await startEventBridgeServer({
    port: 0,
    buses: ['rekindle'],
    now: () => new Date(),
    onEvents: (events) => {
      published += events.length;
    },
  });
  const loader = createDocumentClient(dynamo.url);
  const meter = new DynamoMeter();
  const sweeper = createDocumentClient(dynamo.url);
  const scanner = createDocumentClient(dynamo.url);
  try {
    const template = await templateProfile(loader, dynamo.url);
    const population = new Population(options, thresholds, template);
    const loadStart = performance.now();
    await load(loader, population, options.loadConcurrency);
    const loadMs = performance.now() - loadStart;

    meter.instrument(sweeper, 'inactivity-sweep');
    const sweepItems = countItems(sweeper);
    const store = new DynamoInactivityStore(sweeper, table);
    const publisher = EventBridgePublisher.create('rekindle', bus.url);
    const sweepStart = performance.now();
    // At 00:15 the next day, as on AWS: the first sweep ever takes only the day before.
    await sweepInactivity(store, publisher, thresholds, new Date(`${addDays(sweptDay, 1)}T00:15:00.000Z`), 30);
    const sweepMs = performance.now() - sweepStart;

    meter.instrument(scanner, 'scan');
    const scanItems = countItems(scanner);
    const scanStart = performance.now();
    await scanAll(scanner);
    const scanMs = performance.now() - scanStart;

    const counters = meter.snapshot();
    return {
      customers: options.customers,
      sweptDay,
      thresholds,
      crossing: population.crossing,
      published,
      profileBytes: population.bytes / options.customers,
      ordered: population.ordered,
      loadMs,
      sweep: { dynamo: counters['inactivity-sweep'] ?? emptyCounters(), ...sweepItems, wallMs: sweepMs },
      scan: { dynamo: counters.scan ?? emptyCounters(), ...scanItems, wallMs: scanMs },
      phaseMs: performance.now() - phaseStart,
    };
  } finally {
    for (const client of [loader, sweeper, scanner]) client.destroy();
    await bus.close();
    await dynamo.close();
  }
}

/** A registered customer with two orders, written by the real profile writer (in a table of its own) and read back. */
async function templateProfile(db: DynamoDBDocumentClient, url: string): Promise<Record<string, unknown>> {
  const templateTable = `${table}-template`;
  await ensureTable(url, templateTable);
  const profiles = new ProfileWriter(db, templateTable);
  const id = 'cus_template';
  await profiles.apply(id, {
    at: '2026-01-10T09:00:00.000Z',
    email: 'layla.haddad@shop.example',
    phone: '+966501234567',
    firstName: 'Layla',
    lastName: 'Haddad',
    locale: 'ar-SA',
    timezone: 'Asia/Riyadh',
    birthday: '1990-04-12',
    consents: { email: true, sms: true, whatsapp: false },
    registered: true,
  });
  for (const [orderId, at] of [
    ['ord-1', '2026-02-01T12:00:00.000Z'],
    ['ord-2', '2026-05-01T12:00:00.000Z'],
  ] as const) {
    await profiles.addOrder(id, { orderId, at, total: 240, currency: 'SAR', itemCount: 2 });
    await profiles.touch(id, at);
  }
  const { Item } = await db.send(new GetCommand({ TableName: templateTable, Key: keys.profile(id) }));
  if (!Item) throw new Error('the template profile was not written');
  return Item;
}

const orderAttributes = ['orderCount', 'revenue', 'orderKeys', 'firstOrderAt', 'lastOrderAt', 'orderDay'];

/**
 * The customers, made on demand from a seed (the same table every run): customer i's last activity and last order,
 * each `a` days before the swept day. The first `crossing` customers cross one threshold each on the swept day (last
 * active, or last ordered, exactly N days before it); nobody else has an activity or order day that crosses then.
 */
class Population {
  readonly crossing: number;
  bytes = 0;
  ordered = 0;
  private readonly perThreshold: number;
  private readonly activityDays: ReadonlySet<number>;
  private readonly purchaseDays: ReadonlySet<number>;

  constructor(
    readonly options: LifecycleOptions,
    private readonly thresholds: readonly InactivityThreshold[],
    private readonly template: Record<string, unknown>,
  ) {
    this.perThreshold = Math.round((options.customers * options.crossingShare) / thresholds.length);
    this.crossing = this.perThreshold * thresholds.length;
    const daysOf = (basis: string) => new Set(thresholds.filter((t) => t.basis === basis).map((t) => t.days));
    this.activityDays = daysOf('activity');
    this.purchaseDays = daysOf('purchase');
  }

  item(i: number): Record<string, unknown> {
    const random = mulberry32(i + 1);
    const threshold = i < this.crossing ? this.thresholds[Math.floor(i / this.perThreshold)] : undefined;
    let active: number;
    let order: number | null;
    if (threshold?.basis === 'purchase') {
      order = threshold.days;
      active = this.avoid(this.activityDays, Math.floor(random() * order));
    } else {
      active = threshold ? threshold.days : this.avoid(this.activityDays, Math.floor(random() * 400));
      order = random() < 0.7 ? this.avoid(this.purchaseDays, active + 1 + Math.floor(random() * 200)) : null;
    }
    const id = `cus_${String(i).padStart(6, '0')}`;
    const lastActiveAt = instant(active, random);
    const item: Record<string, unknown> = {
      ...this.template,
      ...keys.profile(id),
      customerId: id,
      email: `customer${i}@shop.example`,
      lastActiveAt,
      activeDay: lastActiveAt.slice(0, 10),
    };
    if (order === null) {
      for (const attribute of orderAttributes) delete item[attribute];
    } else {
      const lastOrderAt = instant(order, random);
      Object.assign(item, {
        firstOrderAt: instant(order + 30, random),
        lastOrderAt,
        orderDay: lastOrderAt.slice(0, 10),
        orderKeys: new Set([`ord-${i}-1`, `ord-${i}-2`]),
      });
      this.ordered++;
    }
    this.bytes += itemSize(item);
    return item;
  }

  /** `days`, moved on by one while it is a threshold of the other basis (so it crosses nothing on the swept day). */
  private avoid(crossing: ReadonlySet<number>, days: number): number {
    let d = days;
    while (crossing.has(d)) d++;
    return d;
  }
}

/** A time on the day `daysBefore` the swept day. */
function instant(daysBefore: number, random: () => number): string {
  const ms = Date.parse(`${addDays(sweptDay, -daysBefore)}T00:00:00.000Z`) + Math.floor(random() * 86_400_000);
  return new Date(ms).toISOString();
}

/** A small seeded generator (mulberry32), so every run loads the same table. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** BatchWriteItem of 25, `concurrency` at a time, asking again for what is left unprocessed. */
async function load(db: DynamoDBDocumentClient, population: Population, concurrency: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < population.options.customers) {
      const from = next;
      next = Math.min(population.options.customers, next + 25);
      let requests = Array.from({ length: next - from }, (_, k) => ({
        PutRequest: { Item: population.item(from + k) },
      }));
      while (requests.length > 0) {
        const out = await db.send(new BatchWriteCommand({ RequestItems: { [table]: requests } }));
        requests = (out.UnprocessedItems?.[table] ?? []).flatMap((r) =>
          r.PutRequest?.Item ? [{ PutRequest: { Item: r.PutRequest.Item } }] : [],
        );
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

/**
 * The full-scan alternative: every item of the table, keeping what a scanning sweep needs (a projection saves the
 * transfer, not the read: DynamoDB bills the whole items scanned).
 */
async function scanAll(db: DynamoDBDocumentClient): Promise<void> {
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await db.send(
      new ScanCommand({
        TableName: table,
        ProjectionExpression: 'customerId, lastActiveAt, lastOrderAt',
        ExclusiveStartKey,
      }),
    );
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
}

/** Counts the items a client's reads return (SDK middleware): index keys apart from table items. */
function countItems(db: DynamoDBDocumentClient): { indexItems: number; tableItems: number } {
  const counts = { indexItems: 0, tableItems: 0 };
  db.middlewareStack.add(
    (next, context) => async (args) => {
      const input: object = args.input;
      const result = await next(args);
      const output: object = result.output;
      const operation = (context.commandName ?? '').replace(/Command$/, '');
      if (operation === 'Query' || operation === 'Scan') {
        const indexed = Reflect.get(input, 'IndexName') !== undefined;
        const n = Number(Reflect.get(output, operation === 'Scan' ? 'ScannedCount' : 'Count') ?? 0);
        if (indexed) counts.indexItems += n;
        else counts.tableItems += n;
      } else if (operation === 'BatchGetItem') {
        const responses: unknown = Reflect.get(output, 'Responses');
        for (const items of Object.values(responses ?? {}))
          counts.tableItems += Array.isArray(items) ? items.length : 0;
      } else if (operation === 'GetItem' && Reflect.get(output, 'Item') !== undefined) counts.tableItems += 1;
      return result;
    },
    { step: 'initialize', name: 'benchItemCounter' },
  );
  return counts;
}
