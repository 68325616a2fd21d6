import { performance } from 'node:perf_hooks';
import { PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ControllableClock } from '../shared/platform/clock.js';
import { createDocumentClient } from '../shared/platform/dynamodb/client.js';
import { customers, eventsPerStory, mixedStories } from './events.js';
import { itemSize } from './item-size.js';
import {
  batchSize,
  measurePhase,
  type PhaseResult,
  quietMs,
  type Rig,
  startRig,
  stopRig,
  targetsOf,
} from './tracking.js';

/**
 * Bursts of valid events, as a busy shop sends them: the bench's mix (10 events per customer) with `inFlight`
 * PutEvents calls of `batchSize` entries in flight at once, then the bus settles. What matters is that no valid
 * event is parked (counted by the bus and as DLQ writes), and how the engine's rate compares with dynalite's own:
 * the raw baseline puts small items straight into the engine's dynalite through the SDK, `inFlight` at a time,
 * before and after the bursts. Index writes are not counted here (the meter's reads would slow the functions).
 */

export interface BurstOptions {
  /** Events per burst (a multiple of 10: whole customer stories). */
  readonly bursts: readonly number[];
  readonly inFlight: number;
  readonly warmUpCustomers: number;
  /** PutItem requests of each raw baseline run. */
  readonly rawItems: number;
}

export interface BurstFigures {
  readonly phase: PhaseResult;
  /**
   * Deliveries the bus parked after its retries, and puts to the DLQ partition (a handler parks invalid events):
   * an event sent and the fact tracking handed on for it are parked apart, on their own routes.
   */
  readonly busParked: number;
  readonly dlqWrites: number;
  /** What the DLQ gained: the events the bench sent (any source but `rekindle`), and Rekindle's own (facts, ...). */
  readonly parked: ParkedTally;
}

export interface ParkedTally {
  readonly sent: number;
  readonly rekindle: number;
  /** Their reasons (the first 80 characters), by count. */
  readonly reasons: Record<string, number>;
}

export interface RawBaseline {
  readonly items: number;
  readonly itemBytes: number;
  readonly wallMs: number;
}

export interface BurstResult {
  readonly inFlight: number;
  readonly bursts: readonly BurstFigures[];
  /** Raw PutItem runs, before and after the bursts. */
  readonly raw: readonly RawBaseline[];
  readonly failures: readonly string[];
}

export async function runBurst(options: BurstOptions): Promise<BurstResult> {
  const rig = await startRig(new ControllableClock(), { countIndexWrites: false });
  try {
    await sendConcurrently(rig, mixedStories(customers('bw', options.warmUpCustomers)), options.inFlight);
    await rig.engine.bus.settle();
    await rig.meter.idle(quietMs);
    const raw = [await putRaw(rig, options.rawItems, options.inFlight, 'a')];
    const bursts: BurstFigures[] = [];
    for (const [i, events] of options.bursts.entries()) {
      const entries = mixedStories(customers(`b${i}`, Math.ceil(events / eventsPerStory)));
      const parkedBefore = rig.engine.bus.stats.parked;
      const dlqBefore = await tallyParked(rig);
      const name = `burst of ${entries.length} events, ${options.inFlight} PutEvents in flight`;
      let quietTail = 0;
      const measured = await measurePhase(
        rig,
        { name, events: entries.length, targets: targetsOf(entries) },
        async () => {
          const calls = await sendConcurrently(rig, entries, options.inFlight);
          await rig.engine.bus.settle();
          // Timed-out attempts may still be running after their events were retried or parked: their work counts too,
          // up to their last request (the quiet wait after it is not the burst's time).
          quietTail = await rig.meter.idle(quietMs);
          return calls;
        },
      );
      const phase = { ...measured, wallMs: measured.wallMs - quietTail };
      bursts.push({
        phase,
        busParked: rig.engine.bus.stats.parked - parkedBefore,
        dlqWrites: phase.dynamo.parkedWrites,
        parked: minusTally(await tallyParked(rig), dlqBefore),
      });
    }
    raw.push(await putRaw(rig, options.rawItems, options.inFlight, 'b'));
    return { inFlight: options.inFlight, bursts, raw, failures: [...rig.failures] };
  } finally {
    await stopRig(rig);
  }
}

/** The DLQ partition, read by the bench's own client: parked events by source, and their reasons. */
async function tallyParked(rig: Rig): Promise<ParkedTally> {
  const reasons: Record<string, number> = {};
  const tally = { sent: 0, rekindle: 0, reasons };
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await rig.reader.send(
      new QueryCommand({
        TableName: rig.engine.tableName,
        KeyConditionExpression: 'pk = :dlq AND begins_with(sk, :time)',
        ExpressionAttributeValues: { ':dlq': 'DLQ', ':time': 'T#' },
        ProjectionExpression: '#source, reason',
        ExpressionAttributeNames: { '#source': 'source' },
        ExclusiveStartKey,
      }),
    );
    for (const item of page.Items ?? []) {
      if (item.source === 'rekindle') tally.rekindle++;
      else tally.sent++;
      const reason = String(item.reason ?? '').slice(0, 80);
      tally.reasons[reason] = (tally.reasons[reason] ?? 0) + 1;
    }
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return tally;
}

function minusTally(after: ParkedTally, before: ParkedTally): ParkedTally {
  const reasons = Object.fromEntries(
    Object.entries(after.reasons)
      .map(([reason, n]): [string, number] => [reason, n - (before.reasons[reason] ?? 0)])
      .filter(([, n]) => n > 0),
  );
  return { sent: after.sent - before.sent, rekindle: after.rekindle - before.rekindle, reasons };
}

/** PutEvents of `batchSize` entries, `inFlight` calls at a time; returns the calls. A refused entry stops the bench. */
async function sendConcurrently(
  rig: Rig,
  entries: readonly PutEventsRequestEntry[],
  inFlight: number,
): Promise<number> {
  const batches: PutEventsRequestEntry[][] = [];
  for (let i = 0; i < entries.length; i += batchSize) batches.push(entries.slice(i, i + batchSize));
  await inParallel(batches, inFlight, async (Entries) => {
    const response = await rig.client.send(new PutEventsCommand({ Entries }));
    if (response.FailedEntryCount) {
      const failure = response.Entries?.find((e) => e.ErrorCode);
      throw new Error(`burst: PutEvents refused entries: ${failure?.ErrorCode} ${failure?.ErrorMessage}`);
    }
  });
  return batches.length;
}

/** A small item of the size of a timeline entry, not on any index. */
export function rawItem(run: string, n: number) {
  return {
    pk: `BENCH#raw-${run}-${n}`,
    sk: 'ITEM',
    occurredAt: '2026-03-01T08:00:00.000Z',
    type: 'Product Viewed',
    source: 'shop.example',
    detail: { productId: `prod_${n % 24}`, name: 'Product name of a usual length', price: 129, currency: 'SAR' },
    url: `https://shop.example/products/p${n % 24}?utm_source=newsletter&utm_medium=email`,
  };
}

/** `items` PutItem requests of `rawItem`s straight to the engine's dynalite, `inFlight` at a time. */
async function putRaw(rig: Rig, items: number, inFlight: number, run: string): Promise<RawBaseline> {
  const client = createDocumentClient(rig.engine.endpoints.dynamodb);
  const table = rig.engine.tableName;
  try {
    const all = Array.from({ length: items }, (_, n) => rawItem(run, n));
    const start = performance.now();
    await inParallel(all, inFlight, (Item) => client.send(new PutCommand({ TableName: table, Item })));
    const wallMs = performance.now() - start;
    return { items, itemBytes: itemSize(rawItem(run, 0)), wallMs };
  } finally {
    client.destroy();
  }
}

/** Runs `work` on every item, at most `limit` at a time, in order of the items. */
export async function inParallel<T>(items: readonly T[], limit: number, work: (item: T) => Promise<unknown>) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++];
      if (item !== undefined) await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
