import { tableDefinition } from '../shared/platform/table.js';
import { requestCells, requestHeaders } from './cells.js';
import { type DynamoCounters, indexUnits, writeUnitsWithIndexes } from './dynamo-meter.js';
import { eventsPerStory } from './events.js';
import { fixed, integer, ratio, type TableRow } from './table.js';
import { batchSize, type PhaseResult, type TrackingResult, targetNames } from './tracking.js';

/** The tracking block of the bench table (events through the local engine, per event), and its notes. */

/** Sub-rows: the functions the phase reaches first (in the order of its path), then in this order, then by name. */
const functionOrder: readonly string[] = ['track', 'loyalty', 'workflow', 'engagement', 'admin', 'loyalty-sweep'];

export const sortFunctions = <T>(targets: string, entries: [string, T][]): [string, T][] => {
  const order = [...targetNames(targets), ...functionOrder];
  const rank = (name: string) => (order.includes(name) ? order.indexOf(name) : order.length);
  return entries.sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b));
};

/** Where the capacity figures come from (see the notes). */
export const sourceOf = (d: DynamoCounters): string =>
  `D${d.failedConditions ? '+c' : ''}${d.emptyQueries ? '+q' : ''}`;

export const phaseHeaders: readonly string[] = [
  'phase',
  'routed to',
  'events',
  'ev/s',
  ...requestHeaders,
  'src',
  'idx',
  'WCU+idx',
  'CPU µs',
  '×base',
];

/** The DynamoDB cells of a row: requests by operation, failed conditions, capacity, index writes, per event. */
const dynamoCells = (d: DynamoCounters, events: number, routed: boolean, indexed: boolean): string[] => [
  ...requestCells(d, events),
  routed ? sourceOf(d) : '–',
  indexed ? fixed(indexUnits(d) / events) : '–',
  indexed ? fixed(writeUnitsWithIndexes(d) / events) : '–',
];

/**
 * A phase's row, then a sub-row per function when more than one sent requests. `baseCpuPerEvent`: the no-route
 * phase's CPU per event, for the ×base column (NaN when the tracking phases did not run).
 */
export function phaseRows(p: PhaseResult, baseCpuPerEvent: number, label = p.name, routed = true): TableRow[] {
  const cpu = p.cpuMicros / p.events;
  const row: TableRow = {
    kind: 'row',
    cells: [
      label,
      p.targets,
      integer(p.events),
      integer(p.events / (p.wallMs / 1000)),
      ...dynamoCells(p.dynamo, p.events, routed, p.indexWritesCounted),
      integer(cpu),
      routed ? ratio(cpu / baseCpuPerEvent) : '1.0×',
    ],
  };
  const functions = sortFunctions(p.targets, Object.entries(p.byFunction));
  if (functions.length < 2) return [row];
  return [
    row,
    ...functions.map(
      ([name, d], i): TableRow => ({
        kind: 'row',
        cells: [
          `  ${i === functions.length - 1 ? '└' : '├'} ${name}`,
          '',
          '',
          '',
          ...dynamoCells(d, p.events, true, p.indexWritesCounted),
        ],
      }),
    ),
  ];
}

export const baseCpuOf = (tracking: TrackingResult | undefined): number =>
  tracking ? tracking.baseline.cpuMicros / tracking.baseline.events : Number.NaN;

export function trackingRows(tracking: TrackingResult): TableRow[] {
  const { mix, baseline, perType } = tracking;
  const base = baseCpuOf(tracking);
  return [
    {
      kind: 'section',
      title:
        'Tracking: PutEvents (SDK) → local bus → handlers → dynalite; per event: all functions it reaches, then each',
    },
    { kind: 'header', cells: phaseHeaders },
    ...phaseRows(mix, base, `mix: ${integer(mix.events / eventsPerStory)} customers × ${eventsPerStory}`),
    ...perType.flatMap((p) => phaseRows(p, base)),
    ...phaseRows(baseline, base, baseline.name, false),
  ];
}

export function trackingHeader(tracking: TrackingResult): string {
  const { mix, perType, baseline } = tracking;
  const phases = [mix, ...perType, baseline];
  const measured = phases.reduce((n, p) => n + p.events, 0);
  const retries = phases.reduce((n, p) => n + p.failedAttempts, 0);
  return (
    `Events: ${integer(measured)} measured (mix ${integer(mix.events)}, ${perType.length} single-type phases × ` +
    `${integer(perType[0]?.events ?? 0)}, no-route ${integer(baseline.events)}) after ${integer(tracking.warmUpEvents)} ` +
    `warm-up; PutEvents batches of ${batchSize}, sent one after another, then bus.settle(); handler retries: ${retries}.`
  );
}

const names = (indexes: readonly { name: string }[]): string => indexes.map((i) => i.name).join(', ') || '(none)';

/** Notes on the phase columns: any block with `phaseHeaders` (tracking, redemption, orders, bursts). */
export function phaseNotes(): string[] {
  return [
    'ev/s: events ÷ time from the first PutEvents to settle(). Requests per event as the functions sent them (SDK ' +
      'middleware on their client); Get/Put/Update/Query: GetItem, PutItem, UpdateItem, Query; other: any other ' +
      'operation (named in --json); req: all requests; cond✗: conditional writes refused ("already applied"), also ' +
      'counted under Put/Update.',
    'routed to: the functions the routing table sends the events to, then (→) those the fact that tracking hands on ' +
      '(Source rekindle, the same detail-type) reaches; a visitor’s events hand none on.',
    '├/└ <function>: the share of the row sent by that function’s own DynamoDB client (the local engine gives each ' +
      'function one: track, loyalty, workflow, engagement, admin, ...), per event of the phase; listed when more than ' +
      'one function sent requests; the sub-rows add up to the row. E.g. Order Completed └ loyalty = the loyalty ' +
      'function alone per order. The bus settles before a phase ends, so a row covers every function its events reach.',
    'src of WCU/RCU: D = ConsumedCapacity returned by dynalite (ReturnConsumedCapacity TOTAL, base table only); ' +
      '+c = refused conditional writes, which return no capacity, sized by DynamoDB’s rule (the larger of the stored ' +
      'item and the written one, per started KB, min 1) from the item read after the phase; +q = empty Query at the ' +
      '0.5 RCU minimum (dynalite says 0).',
    `idx: write units of the secondary indexes (local: ${names(tableDefinition.localIndexes)}; global: ` +
      `${names(tableDefinition.globalIndexes)}; projections as DescribeTable gives them), by DynamoDB’s rules from ` +
      'each written item before and after the write: a key appearing is a put, disappearing a delete, changing both, ' +
      'an unchanged key an update only if a projected attribute changed (never for keys-only); 1 WCU per started KB ' +
      'of the index entry. Not in WCU; WCU+idx: both. The meter reads an updated item just before the update (not ' +
      'counted in req or RCU), so CPU µs and ev/s include that read; – : not counted (the mix, the no-route phase ' +
      'and the bursts run without it, for their time).',
    'CPU µs: process.cpuUsage() (user+system) over the phase ÷ events; the whole process, i.e. the local ' +
      'EventBridge endpoint, dynalite, the SDK clients, the handlers and anything they publish in turn. ×base: ÷ the ' +
      'no-route phase (PutEvents only).',
  ];
}

/** Warnings for phases whose figures include retries or parking. */
export function failingPhaseNotes(phases: readonly PhaseResult[]): string[] {
  return phases
    .filter((p) => p.failedAttempts > 0 || p.parked > 0)
    .map(
      (p) =>
        `warning: ${p.name}: ${p.failedAttempts} failed handler attempts, ${p.parked} events parked; its figures ` +
        'include the retries and the parking',
    );
}
