import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { LoyaltyService } from '../shared/loyalty/core/loyalty-service.js';
import type { LoyaltyCommand } from '../shared/loyalty/core/model.js';
import { parseLoyaltyProgram } from '../shared/loyalty/core/program.js';
import { DynamoLoyaltyStore } from '../shared/loyalty/store/loyalty-store.js';
import { ControllableClock } from '../shared/platform/clock.js';
import { createDocumentClient } from '../shared/platform/dynamodb/client.js';
import { customerPk, loyaltyKeys } from '../shared/platform/dynamodb/keys.js';
import {
  type DynamoCounters,
  DynamoMeter,
  diffCounters,
  emptyCounters,
  itemSize,
  readUnits,
  writeUnits,
  writeUnitsWithIndexes,
} from './dynamo-meter.js';
import { type BenchCustomer, customers, giftBoxes, make } from './events.js';
import { fixed, integer, type TableRow } from './table.js';
import { measurePhase, type PhaseResult, type Rig, sendEvents, startRig, stopRig } from './tracking.js';

/**
 * The loyalty figures that events alone do not show: redemptions through the admin API, one run of the sweep, and
 * the size of an account item as its customer orders. A second engine of its own, on a frozen clock that the bench
 * moves, so what is due when does not depend on the date of the run.
 */

export interface LoyaltyOptions {
  /** Measured redemptions, one customer each, sent one after another. */
  readonly redemptions: number;
  readonly warmUpRedemptions: number;
  /** Loyalty accounts in the table when the sweep runs (the redemption customers among them). */
  readonly sweepAccounts: number;
  /** Of those, the accounts whose lots have expired when the sweep runs. */
  readonly sweepDue: number;
  /** After how many orders of one customer the account item is read (ascending). */
  readonly itemSizeOrders: readonly number[];
  /** The order of one customer whose posting is measured against the first (and then delivered again); 500. */
  readonly postingOrder?: number;
}

export interface SweepFigures {
  /** The clock when the sweep ran. */
  readonly at: string;
  /** Loyalty account items in the table (a Scan by the bench, not metered). */
  readonly accounts: number;
  /** Every item in the table: what a Scan of the table reads to find the account items. */
  readonly tableItems: number;
  /** Accounts whose `dueAt` was at or before `at` (counted by the bench's own Scan before the sweep). */
  readonly due: number;
  /** The sweep with `due` accounts due; its `byFunction['loyalty-sweep']` is the job's client. */
  readonly run: PhaseResult;
  /** The same sweep run again at once, with `dueAfter` accounts due (none: the first run moved their due times on). */
  readonly idle: PhaseResult;
  readonly dueAfter: number;
}

export interface ItemSize {
  readonly orders: number;
  /** The account item by DynamoDB's size rule (attribute names and values). */
  readonly bytes: number;
  /** The account attribute as stored (gzipped JSON, or JSON text), and its JSON unpacked. */
  readonly accountStoredBytes: number;
  readonly accountJsonBytes: number;
  /** The outbox attribute as stored. */
  readonly outboxStoredBytes: number;
  /** The loyalty function's DynamoDB figures for that order alone. */
  readonly order: DynamoCounters;
}

/** One order's posting by the loyalty service alone, on a client of its own. */
export interface PostingCost {
  /** Which of the customer's orders. */
  readonly order: number;
  /** Its DynamoDB figures (the index writes included, where the bench counts them). */
  readonly counters: DynamoCounters;
  /** The account item after it, by DynamoDB's size rule. */
  readonly itemBytes: number;
}

/** What a loyalty posting costs as a customer's history grows, and what a redelivery costs. */
export interface PostingFigures {
  readonly first: PostingCost;
  readonly later: PostingCost;
  /** The later order delivered again (EventBridge delivers at least once): its own record answers it. */
  readonly redelivered: PostingCost;
}

export interface LoyaltyResult {
  readonly redemption: PhaseResult;
  readonly sweep: SweepFigures;
  readonly itemSizes: readonly ItemSize[];
  readonly postings: PostingFigures;
  /** Distinct failures the engine logged. */
  readonly failures: readonly string[];
}

export const redemptionPhase = 'Redemption (POST, admin API)';
/** Points per redemption: the program's minimum (workflows/loyalty.json). */
export const redeemPoints = 500;
const day = 24 * 60 * 60 * 1000;
/**
 * The bench's customers start on 2026-03-01 (events.ts): orders from then on, one year of expiry (to the start of the
 * next month), reminders 30 days before. The engine starts after those orders; the old accounts' orders are 120 days
 * earlier (November 2025), so their lots expire on 2026-12-01 while every other lot's reminder is due from 2027-03-02
 * on: at `sweepAt` only they are due.
 */
const startAt = '2026-04-01T00:00:00.000Z';
const oldOrderShiftMs = 120 * day;
const sweepAt = '2026-12-15T00:00:00.000Z';

export async function runLoyalty(options: LoyaltyOptions): Promise<LoyaltyResult> {
  const rig = await startRig(new ControllableClock({ start: new Date(startAt), frozen: true }));
  try {
    // The accounts: the redemption customers' one big order the day before, the old accounts' orders 90 days
    // early, and the rest of the population with an ordinary order each. Not reported.
    const redeemers = customers('r', options.warmUpRedemptions + options.redemptions);
    const old = customers('o', options.sweepDue);
    const others = customers('s', Math.max(0, options.sweepAccounts - redeemers.length - old.length));
    const dayBefore = new Date(Date.parse(startAt) - day).toISOString();
    await sendEvents(rig, 'loyalty accounts', [
      ...redeemers.map((c) => make.orderAt(c, 1, dayBefore, giftBoxes)),
      ...old.map((c) => make.orderAt(c, 1, new Date(c.startMs - oldOrderShiftMs).toISOString())),
      ...others.map((c) => make.orderAt(c, 1, new Date(c.startMs).toISOString())),
    ]);

    // Past the 14-day pending period, through the admin API as a user would: runs the sweeps on the way.
    await adminRequest(rig, 'POST', '/clock', { advance: 'P15D' }, 200);
    const redeem = async (group: readonly BenchCustomer[]) => {
      for (const c of group) {
        const body = { key: `bench-${c.customerId}`, points: redeemPoints };
        await adminRequest(rig, 'POST', `/customers/${c.customerId}/redemptions`, body, 201);
      }
      await rig.engine.bus.settle();
      return 0;
    };
    await redeem(redeemers.slice(0, options.warmUpRedemptions));
    const measured = redeemers.slice(options.warmUpRedemptions);
    const redemption = await measurePhase(
      rig,
      { name: redemptionPhase, events: measured.length, targets: 'admin' },
      () => redeem(measured),
    );

    const sweep = await runSweep(rig);
    const itemSizes = await measureItemSizes(rig, customers('z', 1)[0], options.itemSizeOrders);
    const postings = await measurePostings(rig, options.postingOrder ?? 500);
    return { redemption, sweep, itemSizes, postings, failures: [...rig.failures] };
  } finally {
    await stopRig(rig);
  }
}

/** One run of the loyalty-sweep job at `sweepAt` (the clock set there without running the jobs on the way). */
async function runSweep(rig: Rig): Promise<SweepFigures> {
  rig.engine.clock.set(new Date(sweepAt));
  const { accounts, tableItems, due } = await countAccounts(rig, sweepAt);
  const sweepOnce = async () => {
    await rig.engine.scheduler.runDue();
    await rig.engine.bus.settle();
    return 0;
  };
  const target = { events: 1, targets: 'loyalty-sweep' };
  const run = await measurePhase(rig, { name: 'sweep', ...target }, sweepOnce);
  const { due: dueAfter } = await countAccounts(rig, sweepAt);
  const idle = await measurePhase(rig, { name: 'sweep, nothing due', ...target }, sweepOnce);
  return { at: sweepAt, accounts, tableItems, due, run, idle, dueAfter };
}

/** Counts with the bench's own (unmetered) client: account items, all items, accounts due at `now`. */
async function countAccounts(rig: Rig, now: string): Promise<{ accounts: number; tableItems: number; due: number }> {
  const count = async (filter: string, values: Record<string, string>) => {
    let matched = 0;
    let scanned = 0;
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await rig.reader.send(
        new ScanCommand({
          TableName: rig.engine.tableName,
          FilterExpression: filter,
          ExpressionAttributeValues: values,
          Select: 'COUNT',
          ExclusiveStartKey,
        }),
      );
      matched += page.Count ?? 0;
      scanned += page.ScannedCount ?? 0;
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return { matched, scanned };
  };
  const all = await count('sk = :sk', { ':sk': accountSk });
  const due = await count('sk = :sk AND dueAt <= :now', { ':sk': accountSk, ':now': now });
  return { accounts: all.matched, tableItems: all.scanned, due: due.matched };
}

const accountSk = 'LOYALTY';

/**
 * One customer's orders one at a time (each settled before the next, so no two postings race), an hour apart and
 * before the clock; after each of `checkpoints` orders, the account item's size and that order's loyalty figures.
 */
async function measureItemSizes(
  rig: Rig,
  customer: BenchCustomer | undefined,
  checkpoints: readonly number[],
): Promise<ItemSize[]> {
  if (!customer) return [];
  const last = Math.max(0, ...checkpoints);
  const firstAt = Date.parse(sweepAt) - (last + 1) * 60 * 60 * 1000;
  const sizes: ItemSize[] = [];
  for (let n = 1; n <= last; n++) {
    const entry = make.orderAt(customer, n, new Date(firstAt + n * 60 * 60 * 1000).toISOString());
    if (!checkpoints.includes(n)) {
      await sendEvents(rig, 'account item orders', [entry]);
      continue;
    }
    const phase = await measurePhase(rig, { name: `order ${n}`, events: 1, targets: 'track+loyalty' }, () =>
      sendEvents(rig, 'account item orders', [entry]),
    );
    const { Item } = await rig.reader.send(
      new GetCommand({
        TableName: rig.engine.tableName,
        Key: { pk: customerPk(customer.customerId), sk: accountSk },
        ConsistentRead: true,
      }),
    );
    const account = attributeBytes(Item?.account);
    sizes.push({
      orders: n,
      bytes: Item ? itemSize(Item) : 0,
      accountStoredBytes: account.stored,
      accountJsonBytes: account.json,
      outboxStoredBytes: attributeBytes(Item?.outbox).stored,
      order: phase.byFunction.loyalty ?? emptyCounters(),
    });
  }
  return sizes;
}

/**
 * One customer's orders posted one after another straight to the loyalty service (as the loyalty function does for
 * each tracked order), an hour apart, on a client of its own; the first and the `last` measured, then the last one
 * delivered again. Its events go nowhere (the workflows they would start are not loyalty's cost).
 */
async function measurePostings(rig: Rig, last: number): Promise<PostingFigures> {
  const program = parseLoyaltyProgram(
    JSON.parse(readFileSync(new URL('../workflows/loyalty.json', import.meta.url), 'utf8')),
  );
  const meter = new DynamoMeter();
  const db = createDocumentClient(rig.engine.endpoints.dynamodb);
  meter.instrument(db, 'loyalty-postings');
  meter.countIndexWrites(rig.reader);
  const store = new DynamoLoyaltyStore(db, rig.engine.tableName);
  const service = new LoyaltyService(store, { publish: async () => undefined }, program);
  const customerId = 'bench-postings';
  const firstAt = Date.parse(sweepAt) - (last + 1) * 60 * 60 * 1000;
  const order = (n: number): LoyaltyCommand => ({
    kind: 'order',
    orderId: `ord_bench_${String(n).padStart(6, '0')}`,
    at: new Date(firstAt + n * 60 * 60 * 1000).toISOString(),
    total: 180,
    currency: program.currency,
    items: [{ price: 90, quantity: 2, category: 'Makeup' }],
  });
  const counters = () => meter.snapshot()['loyalty-postings'] ?? emptyCounters();
  const measure = async (n: number): Promise<PostingCost> => {
    const before = counters();
    await service.apply(customerId, order(n));
    await meter.sizeFailedWrites(rig.reader);
    const { Item } = await rig.reader.send(
      new GetCommand({ TableName: rig.engine.tableName, Key: loyaltyKeys.account(customerId), ConsistentRead: true }),
    );
    return { order: n, counters: diffCounters(counters(), before), itemBytes: Item ? itemSize(Item) : 0 };
  };
  try {
    const first = await measure(1);
    meter.stopCountingIndexWrites();
    for (let n = 2; n < last; n++) await service.apply(customerId, order(n));
    meter.countIndexWrites(rig.reader);
    const later = await measure(last);
    const redelivered = await measure(last);
    return { first, later, redelivered };
  } finally {
    db.destroy();
  }
}

/** The postings block of the bench table: a customer's first order, a later one, and that one again. */
export function postingRows(p: PostingFigures): TableRow[] {
  const row = (label: string, c: PostingCost): TableRow => ({
    kind: 'row',
    cells: [
      label,
      integer(c.counters.requests.GetItem ?? 0),
      integer(c.counters.requests.PutItem ?? 0),
      integer(c.counters.requests.UpdateItem ?? 0),
      fixed(writeUnits(c.counters), 1),
      fixed(writeUnitsWithIndexes(c.counters), 1),
      fixed(readUnits(c.counters), 1),
      integer(c.itemBytes),
    ],
  });
  return [
    { kind: 'section', title: "Loyalty posting of an order as the customer's history grows; per posting" },
    { kind: 'header', cells: ['posting', 'Get', 'Put', 'Update', 'WCU', '+index', 'RCU', 'item bytes'] },
    row(`order 1 (+ first-order bonus row)`, p.first),
    row(`order ${integer(p.later.order)}`, p.later),
    row(`order ${integer(p.redelivered.order)} again`, p.redelivered),
  ];
}

export const postingNote =
  'Loyalty posting: one customer’s orders straight to the loyalty service (its own metered client), an hour apart; ' +
  'the 1st and the last measured, then the last delivered again. A posting is the conditional put of the account ' +
  '(its size bounded by the program’s windows, never by history), the ledger row and the order’s record; a ' +
  'redelivery reads the order’s record and writes nothing. +index: with the index writes (the due index changes ' +
  'only when the account’s due time does). item bytes: the account item after it.';

/** A document attribute of the account item: bytes as stored, and of its JSON (gunzipped when binary). */
function attributeBytes(value: unknown): { stored: number; json: number } {
  if (value instanceof Uint8Array) return { stored: value.byteLength, json: gunzipSync(value).byteLength };
  const bytes = typeof value === 'string' ? Buffer.byteLength(value) : 0;
  return { stored: bytes, json: bytes };
}

/** A request to the admin API; any other status than `expected` stops the bench with the response. */
export async function adminRequest(
  rig: Rig,
  method: string,
  path: string,
  body: object,
  expected: number,
): Promise<void> {
  const response = await fetch(`${rig.engine.endpoints.admin}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status !== expected) {
    throw new Error(`${method} ${path}: expected ${expected}, got ${response.status}: ${text.slice(0, 300)}`);
  }
}
