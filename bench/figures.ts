import type { BurstResult } from './burst.js';
import {
  type DynamoCounters,
  indexUnits,
  readUnits,
  totalRequests,
  writeUnits,
  writeUnitsWithIndexes,
} from './dynamo-meter.js';
import type { OrdersResult } from './orders.js';
import { fixed, integer, ratio, type TableRow } from './table.js';
import { firstViewOfDayPhase, type PhaseResult, redeliveryPhase, type TrackingResult } from './tracking.js';
import { sortFunctions } from './tracking-report.js';

/**
 * The figures of the issue "One pass per event", gathered from the phases that ran (each is absent when its phase
 * did not): what one event costs through every function it reaches, index writes included; how an order's cost
 * grows with the customer's history; and whether bursts of valid events park any.
 */

export interface PerEvent {
  readonly phase: string;
  readonly events: number;
  readonly writeUnits: number;
  readonly indexWriteUnits: number;
  readonly writeUnitsWithIndexes: number;
  readonly readUnits: number;
  readonly requests: number;
}

export interface BurstFigure {
  readonly events: number;
  readonly inFlight: number;
  readonly eventsPerSecond: number;
  readonly requestsPerEvent: number;
  readonly busParked: number;
  readonly dlqWrites: number;
  readonly failedAttempts: number;
  /** Events/s ÷ raw PutItem/s of the same run (the mean of the runs before and after the bursts). */
  readonly perRawPutItem: number;
}

export interface Figures {
  readonly productViewed?: PerEvent;
  readonly productViewedFirstOfDay?: PerEvent;
  readonly orderCompleted?: PerEvent & {
    readonly byFunction: Readonly<Record<string, PerEvent>>;
    /** What it writes and which index entries, per function (see `writtenBy`, `indexedBy`). */
    readonly writes: readonly string[];
    readonly indexWrites: readonly string[];
  };
  /** The loyalty function's share of Order Completed. */
  readonly loyaltyPosting?: PerEvent;
  readonly redelivered?: PerEvent & { readonly writes: readonly string[] };
  readonly orderHistory?: {
    readonly first: PerEvent;
    readonly later: PerEvent;
    readonly laterOrder: number;
    /** later ÷ first, WCU incl. index writes and RCU. */
    readonly writeGrowth: number;
    readonly readGrowth: number;
  };
  readonly rawPutItemsPerSecond?: number;
  readonly bursts?: readonly BurstFigure[];
}

export function perEvent(d: DynamoCounters, events: number, phase: string): PerEvent {
  return {
    phase,
    events,
    writeUnits: writeUnits(d) / events,
    indexWriteUnits: indexUnits(d) / events,
    writeUnitsWithIndexes: writeUnitsWithIndexes(d) / events,
    readUnits: readUnits(d) / events,
    requests: totalRequests(d) / events,
  };
}

const ofPhase = (p: PhaseResult): PerEvent => perEvent(p.dynamo, p.events, p.name);

/**
 * What a phase writes, per function: `track: UpdateItem CUST/PROFILE ×0.50 (0.50 WCU)`, per event, with each
 * write's units (table and index); the answer when a figure looks wrong.
 */
export function writtenBy(p: PhaseResult): string[] {
  return sortFunctions(p.targets, Object.entries(p.byFunction)).flatMap(([fn, d]) =>
    Object.entries(d.writes)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(
        ([key, n]) => `${fn}: ${key} ×${fixed(n / p.events)} (${fixed((d.writeUnitsByKey[key] ?? 0) / p.events)} WCU)`,
      ),
  );
}

/** A phase's index writes per function: `workflow: byDue put ×0.62`, per event. */
export function indexedBy(p: PhaseResult): string[] {
  return sortFunctions(p.targets, Object.entries(p.byFunction)).flatMap(([fn, d]) =>
    Object.entries(d.indexWrites)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([write, n]) => `${fn}: ${write} ×${fixed(n / p.events)}`),
  );
}

export function gatherFigures(parts: {
  readonly tracking?: TrackingResult | undefined;
  readonly orders?: OrdersResult | undefined;
  readonly burst?: BurstResult | undefined;
}): Figures {
  const { tracking, orders, burst } = parts;
  const phase = (name: string) => tracking?.perType.find((p) => p.name === name);
  const viewed = phase('Product Viewed');
  const firstOfDay = phase(firstViewOfDayPhase);
  const order = phase('Order Completed');
  const redelivered = phase(redeliveryPhase);
  const loyalty = order?.byFunction.loyalty;
  const rawRate = burst ? rawPutItemsPerSecond(burst) : undefined;
  return {
    ...(viewed ? { productViewed: ofPhase(viewed) } : {}),
    ...(firstOfDay ? { productViewedFirstOfDay: ofPhase(firstOfDay) } : {}),
    ...(order
      ? {
          orderCompleted: {
            ...ofPhase(order),
            byFunction: Object.fromEntries(
              Object.entries(order.byFunction).map(([fn, d]) => [fn, perEvent(d, order.events, order.name)]),
            ),
            writes: writtenBy(order),
            indexWrites: indexedBy(order),
          },
        }
      : {}),
    ...(order && loyalty ? { loyaltyPosting: perEvent(loyalty, order.events, `${order.name} └ loyalty`) } : {}),
    ...(redelivered ? { redelivered: { ...ofPhase(redelivered), writes: writtenBy(redelivered) } } : {}),
    ...(orders ? { orderHistory: history(orders) } : {}),
    ...(burst && rawRate !== undefined
      ? {
          rawPutItemsPerSecond: rawRate,
          bursts: burst.bursts.map(({ phase: p, busParked, dlqWrites }) => ({
            events: p.events,
            inFlight: burst.inFlight,
            eventsPerSecond: p.events / (p.wallMs / 1000),
            requestsPerEvent: totalRequests(p.dynamo) / p.events,
            busParked,
            dlqWrites,
            failedAttempts: p.failedAttempts,
            perRawPutItem: p.events / (p.wallMs / 1000) / rawRate,
          })),
        }
      : {}),
  };
}

function history(orders: OrdersResult): NonNullable<Figures['orderHistory']> {
  const first = ofPhase(orders.first);
  const later = ofPhase(orders.later);
  return {
    first,
    later,
    laterOrder: orders.laterOrder,
    writeGrowth: later.writeUnitsWithIndexes / first.writeUnitsWithIndexes,
    readGrowth: later.readUnits / first.readUnits,
  };
}

/** Items/s over all raw runs (items ÷ their total time). */
export function rawPutItemsPerSecond(burst: BurstResult): number {
  const items = burst.raw.reduce((n, r) => n + r.items, 0);
  const ms = burst.raw.reduce((n, r) => n + r.wallMs, 0);
  return items / (ms / 1000);
}

const perEventCells = (f: PerEvent): string[] => [
  fixed(f.writeUnits),
  fixed(f.indexWriteUnits),
  fixed(f.writeUnitsWithIndexes),
  fixed(f.readUnits),
  fixed(f.requests),
];

export function figureRows(f: Figures): TableRow[] {
  const row = (label: string, x: PerEvent | undefined): TableRow[] =>
    x ? [{ kind: 'row', cells: [label, integer(x.events), ...perEventCells(x)] }] : [];
  const h = f.orderHistory;
  const perEventRows: TableRow[] = [
    ...row('Product Viewed, minutes after the last event', f.productViewed),
    ...row('Product Viewed, first of the customer’s day', f.productViewedFirstOfDay),
    ...row('Order Completed, all functions', f.orderCompleted),
    ...Object.entries(f.orderCompleted?.byFunction ?? {}).flatMap(([fn, x]) => row(`  ${fn}`, x)),
    ...row('loyalty posting (Order Completed └ loyalty)', f.loyaltyPosting),
    ...row('Order Completed, redelivered', f.redelivered),
    ...row('Order Completed, a customer’s 1st order', h?.first),
    ...row(`Order Completed, a customer’s order ${h?.laterOrder ?? ''}`, h?.later),
    ...(h
      ? [
          {
            kind: 'row' as const,
            cells: [`  order ${h.laterOrder} ÷ 1st`, '', '', '', ratio(h.writeGrowth), ratio(h.readGrowth), ''],
          },
        ]
      : []),
  ];
  const bursts = f.bursts ?? [];
  return [
    ...(perEventRows.length
      ? [
          { kind: 'section' as const, title: 'One pass per event: per event, every function it reaches' },
          { kind: 'header' as const, cells: ['figure', 'events', 'WCU', 'idx', 'WCU+idx', 'RCU', 'req'] },
          ...perEventRows,
        ]
      : []),
    ...(bursts.length && f.rawPutItemsPerSecond !== undefined
      ? [
          {
            kind: 'section' as const,
            title: 'Bursts of valid events (the mix), PutEvents calls in flight at once; valid events parked',
          },
          {
            kind: 'header' as const,
            cells: ['burst', 'in flight', 'ev/s', '÷ PutItem/s', 'req/ev', 'bus-parked', 'DLQ writes', 'retries'],
          },
          ...bursts.map(
            (b): TableRow => ({
              kind: 'row',
              cells: [
                `${integer(b.events)} events`,
                integer(b.inFlight),
                integer(b.eventsPerSecond),
                fixed(b.perRawPutItem, 3),
                fixed(b.requestsPerEvent),
                integer(b.busParked),
                integer(b.dlqWrites),
                integer(b.failedAttempts),
              ],
            }),
          ),
          {
            kind: 'row' as const,
            cells: [
              'raw PutItem (SDK → dynalite)',
              integer(bursts[0]?.inFlight ?? 0),
              integer(f.rawPutItemsPerSecond),
              '1',
              '1.00',
              '',
              '',
              '',
            ],
          },
        ]
      : []),
  ];
}

export function figureNotes(f: Figures, burst: BurstResult | undefined): string[] {
  const notes: string[] = [];
  if (f.productViewed || f.orderCompleted) {
    notes.push(
      'One pass per event: the single-type phases above, per event, all functions together unless named; WCU: the ' +
        'table; idx: the secondary indexes; WCU+idx: both (see idx). The first view of a customer’s day comes the ' +
        'day after their last event; the other view two minutes after their last one.',
    );
  }
  if (f.orderCompleted) {
    notes.push(
      `Order Completed writes, per order: ${f.orderCompleted.writes.join('; ')}. Its index entries: ` +
        `${f.orderCompleted.indexWrites.join('; ') || 'none'}.`,
    );
  }
  if (f.redelivered) {
    const writes = f.redelivered.writes;
    notes.push(
      writes.length
        ? `Order Completed, redelivered: the very same entries again; what writes: ${writes.join('; ')}.`
        : 'Order Completed, redelivered: the very same entries again; no function writes anything.',
    );
  }
  if (f.orderHistory) {
    notes.push(
      `Order history: a few customers' orders placed one round at a time (each customer's next order, then settle), ` +
        `an hour apart; measured: their 1st order and their order ${f.orderHistory.laterOrder}, through every ` +
        'function the order reaches (the rows of the orders block).',
    );
  }
  if (burst) {
    const raw = burst.raw
      .map(
        (r) =>
          `${integer(r.items)} items of ${integer(r.itemBytes)} bytes at ${integer(r.items / (r.wallMs / 1000))}/s`,
      )
      .join(', then ');
    notes.push(
      `Bursts: the mix sent with ${burst.inFlight} PutEvents calls (${integer(burst.bursts[0]?.phase.putEventsCalls ?? 0)} ` +
        `for the first) in flight at once, then settle(); ev/s: events ÷ time to settle; bus-parked: events the bus ` +
        'parked after its retries; DLQ writes: puts to the DLQ partition (either way of parking); retries: failed ' +
        `handler attempts. ÷ PutItem/s: ev/s ÷ the raw rate, PutItem straight to the engine's dynalite through the ` +
        `SDK, ${burst.inFlight} in flight (${raw}; the rate is over both). No index counting in this engine.`,
    );
  }
  return notes;
}
