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
import { fixed } from './table.js';
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
  /** Of the parked: the events sent (the valid storefront and SES events), and Rekindle's own (facts, ...). */
  readonly parkedSent: number;
  readonly parkedRekindle: number;
  readonly parkedReasons: Readonly<Record<string, number>>;
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
          bursts: burst.bursts.map(({ phase: p, busParked, dlqWrites, parked }) => ({
            events: p.events,
            inFlight: burst.inFlight,
            eventsPerSecond: p.events / (p.wallMs / 1000),
            requestsPerEvent: totalRequests(p.dynamo) / p.events,
            busParked,
            dlqWrites,
            parkedSent: parked.sent,
            parkedRekindle: parked.rekindle,
            parkedReasons: parked.reasons,
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
