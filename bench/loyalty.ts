import { gunzipSync } from 'node:zlib';
import { GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { ControllableClock } from '../shared/platform/clock.js';
import { customerPk } from '../shared/platform/dynamodb/keys.js';
import { type DynamoCounters, emptyCounters, itemSize } from './dynamo-meter.js';
import { type BenchCustomer, customers, giftBoxes, make } from './events.js';
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

export interface LoyaltyResult {
  readonly redemption: PhaseResult;
  readonly sweep: SweepFigures;
  readonly itemSizes: readonly ItemSize[];
  /** Distinct failures the engine logged. */
  readonly failures: readonly string[];
}

export const redemptionPhase = 'Redemption (POST, admin API)';
/** Points per redemption: the program's minimum (workflows/loyalty.json). */
export const redeemPoints = 500;
const day = 24 * 60 * 60 * 1000;
/**
 * The bench's customers start on 2026-03-01 (events.ts): orders from then on, one year of expiry, reminders 30 days
 * before. The engine starts after those orders; the old accounts' orders are 90 days earlier, so their lots expire
 * around 2026-12-01 while every other lot's reminder is due from 2027-01-29 on: at `sweepAt` only they are due.
 */
const startAt = '2026-04-01T00:00:00.000Z';
const oldOrderShiftMs = 90 * day;
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
    return { redemption, sweep, itemSizes, failures: [...rig.failures] };
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
