import type { EventPublisher } from '../../platform/events.js';
import { pool } from '../../platform/pool.js';
import { type AbcClass, type AbcThresholds, classifyAbc, defaultAbcThresholds } from './abc.js';
import { classChanges, rfmClassChanged } from './class-changes.js';
import { type BuyerFigures, type RfmOptions, type RfmScore, scoreRfm } from './rfm.js';
import type { RfmClass } from './rfm-grid.js';

/** An order as its row keeps it: when, its total and what was refunded of it. */
export interface OrderFigures {
  readonly at: string;
  readonly total: number;
  readonly refunded: number;
}

/** A customer's classes as the profile holds them (null: none). */
export interface HeldClasses {
  readonly rfm: RfmClass | null;
  readonly abc: AbcClass | null;
}

/** Port: the table, as the nightly run reads and writes it. */
export interface SegmentsStore {
  /** Every customer who ever ordered, with the day of their last order. */
  buyers(): Promise<readonly { readonly customerId: string; readonly lastOrderDay: string }[]>;
  /** The customer's orders (their rows: total and refunded so far). */
  orders(customerId: string): Promise<readonly OrderFigures[]>;
  /** The classes the profiles hold now. */
  classes(customerIds: readonly string[]): Promise<ReadonlyMap<string, HeldClasses>>;
  /** Writes the classes (null clears) on a profile that is not a purge tombstone. */
  write(customerId: string, rfm: RfmScore | null, abc: AbcClass | null, at: string): Promise<void>;
}

export interface SegmentsOptions extends RfmOptions {
  /** The window orders count in (default 365 days). */
  readonly windowDays?: number;
  readonly abc?: AbcThresholds;
}

export interface SegmentsRun {
  readonly buyers: number;
  readonly rfm: 'scored' | 'not-enough-history';
  readonly written: number;
  readonly rfmChanged: number;
}

const dayMs = 86_400_000;
/** Requests in flight at once: enough to hide DynamoDB's latency, few enough for one function's connections. */
const readsAtOnce = 16;

function figuresOf(customerId: string, orders: readonly OrderFigures[]): BuyerFigures {
  const lastOrderAt = orders.reduce((latest, o) => (o.at > latest ? o.at : latest), '');
  const netRevenue = orders.reduce((sum, o) => sum + Math.max(0, o.total - o.refunded), 0);
  return { customerId, lastOrderAt, orders: orders.length, netRevenue };
}

/**
 * The nightly segments: RFM and ABC over the window's buyers (net of refunds), written back only where a class
 * changed, with `RFM Class Changed` {from, to} announced for each RFM change (the `rfm` segment trigger enters on it).
 * A customer whose last order left the window loses their classes. Below the minimum number of buyers RFM is not
 * scored (and classes RFM gave before are cleared): quintiles of a handful say nothing.
 */
export async function runSegments(
  store: SegmentsStore,
  publisher: EventPublisher,
  now: Date,
  options: SegmentsOptions = {},
): Promise<SegmentsRun> {
  const windowStart = new Date(now.getTime() - (options.windowDays ?? 365) * dayMs).toISOString();
  const everyone = await store.buyers();
  const inWindow = everyone.filter((b) => b.lastOrderDay >= windowStart.slice(0, 10));
  const at = now.toISOString();
  // One query per buyer, a few at a time: a shop's buyers of a year must fit in one run (5 minutes on AWS).
  const read = await pool(inWindow, readsAtOnce, async ({ customerId }) => {
    const orders = (await store.orders(customerId)).filter((o) => o.at >= windowStart && o.at <= at);
    return orders.length === 0 ? [] : [figuresOf(customerId, orders)];
  });
  const figures = read.flat();
  const rfm = scoreRfm(figures, options);
  const scores = new Map(rfm.status === 'scored' ? rfm.scores.map((s) => [s.customerId, s]) : []);
  const abc = new Map(
    (classifyAbc(figures, options.abc ?? defaultAbcThresholds) ?? []).map((a) => [a.customerId, a.abc]),
  );
  const held = await store.classes(everyone.map((b) => b.customerId));
  const heldRfm = new Map([...held].flatMap(([id, c]) => (c.rfm ? [[id, c.rfm] as const] : [])));
  const nextRfm = new Map([...scores].map(([id, s]) => [id, s.segment] as const));
  const rfmChanges = classChanges(heldRfm, nextRfm);
  const changed = new Set(rfmChanges.map((c) => c.customerId));
  for (const [id, c] of held) if ((abc.get(id) ?? null) !== c.abc) changed.add(id);
  for (const id of abc.keys()) if (!held.has(id)) changed.add(id);
  await pool([...changed].sort(), readsAtOnce, (customerId) =>
    store.write(customerId, scores.get(customerId) ?? null, abc.get(customerId) ?? null, at),
  );
  if (rfmChanges.length > 0) await publisher.publish(rfmChanges.map((change) => rfmClassChanged(change, at)));
  return { buyers: figures.length, rfm: rfm.status, written: changed.size, rfmChanged: rfmChanges.length };
}
