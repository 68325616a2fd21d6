import type { BurstResult } from './burst.js';
import type { Figures, PerEvent } from './figures.js';
import { fixed, integer, ratio, type TableRow } from './table.js';
import { batchSize, quietMs } from './tracking.js';

/** The figures of "One pass per event" as blocks of the bench table, and their notes. */

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
            cells: [
              'burst',
              'in flight',
              'ev/s',
              '÷ PutItem/s',
              'req/ev',
              'bus-parked',
              'DLQ writes',
              'sent ev. parked',
              'facts parked',
              'retries',
            ],
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
                integer(b.parkedSent),
                integer(b.parkedRekindle),
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
      `Bursts: the mix, ${burst.inFlight} PutEvents calls of ${batchSize} entries in flight at once, then settle() and ` +
        `until no function has sent a DynamoDB request for ${quietMs / 1000} s (an attempt that timed out keeps ` +
        'running after its event was retried or parked: its work counts too); ev/s: events ÷ that time; bus-parked: ' +
        'deliveries the bus parked after its retries (an event sent and the fact handed on for it are delivered, and ' +
        'parked, apart); DLQ writes: puts to the DLQ partition (either way of parking); sent ev. parked, facts ' +
        'parked: what the DLQ gained, by source (the valid events the bench sent; Rekindle’s own); retries: failed ' +
        `handler attempts. ÷ PutItem/s: ev/s ÷ the raw rate, PutItem straight to the engine's dynalite through the ` +
        `SDK, ${burst.inFlight} in flight (${raw}; the rate is over both). No index counting in this engine.`,
    );
    for (const b of f.bursts ?? []) {
      const reasons = Object.entries(b.parkedReasons)
        .sort(([, a], [, c]) => c - a)
        .map(([reason, n]) => `${integer(n)} × “${reason}”`);
      if (reasons.length) notes.push(`Parked in the burst of ${integer(b.events)} events: ${reasons.join('; ')}.`);
    }
  }
  return notes;
}
