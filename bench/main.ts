import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { stop as stopEsbuild } from 'esbuild';
import { tableDefinition } from '../shared/platform/table.js';
import { type BundleResult, emptyName, measureBundles } from './bundles.js';
import { requestCells, requestHeaders } from './cells.js';
import { type DynamoCounters, emptyCounters, readUnits, totalRequests, writeUnits } from './dynamo-meter.js';
import { eventsPerStory } from './events.js';
import { type LifecycleResult, runLifecycle } from './lifecycle.js';
import { lifecycleNotes, lifecycleRows } from './lifecycle-report.js';
import { type ItemSize, type LoyaltyResult, redeemPoints, runLoyalty, type SweepFigures } from './loyalty.js';
import { type MessagingResult, runMessaging } from './messaging.js';
import { messagingNotes, messagingRows } from './messaging-report.js';
import { type PurgeResult, purgeNotes, purgeRows, runPurge } from './purge.js';
import { fixed, integer, ratio, renderTable, type TableRow, wrap } from './table.js';
import { batchSize, type PhaseResult, runTracking, type TrackingResult } from './tracking.js';
import { runWorkflow, type WorkflowResult } from './workflow.js';
import { workflowNotes, workflowRows } from './workflow-report.js';

/**
 * `npm run bench` (`-- --json` for JSON): the cost of Rekindle's tracking path and of its function bundles,
 * all measured in this run. Timings vary with the machine and its load; compare ratios within one run.
 */

const config = {
  mixCustomers: 200,
  perTypeEvents: 200,
  baselineEvents: 2000,
  warmUpCustomers: 20,
  initSamples: 7,
  loyalty: {
    redemptions: 200,
    warmUpRedemptions: 20,
    sweepAccounts: 1000,
    sweepDue: 10,
    itemSizeOrders: [1, 10, 100],
  },
  workflow: {
    customers: 100,
    warmUpCustomers: 10,
    bystanders: 300,
    interpreter: { customers: 5000, rounds: 5 },
  },
  messaging: { renderMs: 150, warmUpRenders: 3, sends: 60, warmUpSends: 5 },
  lifecycle: { customers: 100_000, crossingShare: 0.01, loadConcurrency: 16 },
  purge: { customers: 50, views: 20, carts: 3, orders: 2 },
} as const;

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

/** Sub-rows: the functions the phase is routed to first, then in this order, then any other by name. */
const functionOrder: readonly string[] = ['track', 'loyalty', 'engagement', 'admin', 'loyalty-sweep'];
const sortFunctions = <T>(targets: string, entries: [string, T][]): [string, T][] => {
  const order = [...targets.split('+'), ...functionOrder];
  const rank = (name: string) => (order.includes(name) ? order.indexOf(name) : order.length);
  return entries.sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b));
};

/** Where the capacity figures come from (see the notes). */
const sourceOf = (d: DynamoCounters): string => `D${d.failedConditions ? '+c' : ''}${d.emptyQueries ? '+q' : ''}`;

const names = (indexes: readonly { name: string }[]): string => indexes.map((i) => i.name).join(', ') || '(none)';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { json: { type: 'boolean', default: false } } });
  const startedAt = new Date();
  const tempDir = mkdtempSync(join(tmpdir(), 'rekindle-bench-'));
  let tracking: TrackingResult;
  let loyalty: LoyaltyResult;
  let workflow: WorkflowResult;
  let messaging: MessagingResult;
  let lifecycle: LifecycleResult;
  let purge: PurgeResult;
  let bundles: BundleResult[];
  let warnings: string[];
  try {
    tracking = await runTracking(config);
    loyalty = await runLoyalty(config.loyalty);
    workflow = await runWorkflow(config.workflow);
    messaging = await runMessaging(config.messaging);
    lifecycle = await runLifecycle(config.lifecycle);
    purge = await runPurge(config.purge);
    ({ bundles, warnings } = await measureBundles(repoRoot, tempDir, config.initSamples));
  } finally {
    await stopEsbuild();
    rmSync(tempDir, { recursive: true, force: true });
  }
  const machine = {
    date: startedAt.toISOString(),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
  };
  if (values.json) {
    console.log(
      JSON.stringify(
        { ...machine, config, batchSize, tracking, loyalty, workflow, messaging, lifecycle, purge, bundles, warnings },
        null,
        2,
      ),
    );
    return;
  }
  console.log(report(machine, tracking, loyalty, workflow, messaging, lifecycle, purge, bundles, warnings));
}

function report(
  machine: { date: string; node: string; platform: string; cpus: number; cpuModel: string },
  tracking: TrackingResult,
  loyalty: LoyaltyResult,
  workflow: WorkflowResult,
  messaging: MessagingResult,
  lifecycle: LifecycleResult,
  purge: PurgeResult,
  bundles: readonly BundleResult[],
  warnings: readonly string[],
): string {
  const { mix, baseline, perType } = tracking;
  const { redemption, sweep, itemSizes } = loyalty;
  const phases = [mix, ...perType, baseline];
  const measured = phases.reduce((n, p) => n + p.events, 0);
  const retries = phases.reduce((n, p) => n + p.failedAttempts, 0);
  const failing = [...phases, redemption, sweep.run, sweep.idle].filter((p) => p.failedAttempts > 0 || p.parked > 0);
  const baseCpu = baseline.cpuMicros / baseline.events;
  const empty = bundles.find((b) => b.name === emptyName);

  /** The DynamoDB cells of a row: requests by operation, failed conditions, capacity, per event of the phase. */
  const dynamoCells = (d: DynamoCounters, events: number, routed: boolean): string[] => [
    ...requestCells(d, events),
    routed ? sourceOf(d) : '–',
    fixed(d.lsiWriteUnits / events),
  ];

  /** The phase's row, then a sub-row per function when more than one sent requests. */
  const phaseRows = (p: PhaseResult, label = p.name): TableRow[] => {
    const routed = p !== baseline;
    const cpu = p.cpuMicros / p.events;
    const row: TableRow = {
      kind: 'row',
      cells: [
        label,
        p.targets,
        integer(p.events),
        integer(p.events / (p.wallMs / 1000)),
        ...dynamoCells(p.dynamo, p.events, routed),
        integer(cpu),
        routed ? ratio(cpu / baseCpu) : '1.0×',
      ],
    };
    const functions = sortFunctions(p.targets, Object.entries(p.byFunction));
    if (functions.length < 2) return [row];
    return [
      row,
      ...functions.map(
        ([name, d], i): TableRow => ({
          kind: 'row',
          cells: [`  ${i === functions.length - 1 ? '└' : '├'} ${name}`, '', '', '', ...dynamoCells(d, p.events, true)],
        }),
      ),
    ];
  };

  const rows: TableRow[] = [
    {
      kind: 'section',
      title:
        'Tracking: PutEvents (SDK) → local bus → handlers → dynalite; per event: all functions it reaches, then each',
    },
    {
      kind: 'header',
      cells: ['phase', 'routed to', 'events', 'ev/s', ...requestHeaders, 'src', '+LSI', 'CPU µs', '×base'],
    },
    ...phaseRows(mix, `mix: ${integer(mix.events / eventsPerStory)} customers × ${eventsPerStory}`),
    ...perType.flatMap((p) => phaseRows(p)),
    ...phaseRows(redemption),
    ...phaseRows(baseline),
    ...loyaltyRows(sweep, itemSizes),
    ...workflowRows(workflow),
    ...messagingRows(messaging),
    ...lifecycleRows(lifecycle),
    ...purgeRows(purge),
    {
      kind: 'section',
      title: `Bundles: esbuild as infra/aws/rekindle-function.ts; init = median of ${config.initSamples} fresh imports`,
    },
    {
      kind: 'header',
      cells: ['function', 'bytes', 'gzip', '×empty', 'gzip×empty', 'init ms', '×empty'],
    },
    ...bundles.map(
      (b): TableRow => ({
        kind: 'row',
        cells: [
          b.name === emptyName ? 'empty handler' : `${b.name} (${b.entry})`,
          integer(b.bytes),
          integer(b.gzipBytes),
          empty ? ratio(b.bytes / empty.bytes) : '–',
          empty ? ratio(b.gzipBytes / empty.gzipBytes) : '–',
          fixed(b.medianInitMs, 1),
          empty ? ratio(b.medianInitMs / empty.medianInitMs) : '–',
        ],
      }),
    ),
  ];

  const header = [
    `Rekindle bench · ${machine.date} · node ${machine.node} · ${machine.platform} · ${machine.cpus} CPUs (${machine.cpuModel})`,
    `Events: ${integer(measured)} measured (mix ${integer(mix.events)}, ${perType.length} single-type phases × ` +
      `${integer(perType[0]?.events ?? 0)}, no-route ${integer(baseline.events)}) after ${integer(tracking.warmUpEvents)} ` +
      `warm-up; PutEvents batches of ${batchSize}, sent one after another, then bus.settle(); handler retries: ${retries}.`,
    `Loyalty: a second engine on a frozen clock; ${integer(sweep.accounts)} accounts, one order each; ` +
      `${integer(redemption.events)} redemptions after ${integer(config.loyalty.warmUpRedemptions)} warm-up; ` +
      `one customer's ${integer(Math.max(0, ...itemSizes.map((s) => s.orders)))} orders one at a time.`,
    `Workflows: a third engine on a frozen clock; cart recovery for ${integer(config.workflow.customers)} customers ` +
      `after ${integer(config.workflow.warmUpCustomers)} warm-up; the interpreter alone on ` +
      `${integer(config.workflow.interpreter.customers)} synthetic customers.`,
    `Messaging: every shipped en/ar email and SMS template rendered for ${config.messaging.renderMs} ms each; ` +
      `${integer(config.messaging.sends)} cart emails through the messenger after ${config.messaging.warmUpSends} warm-up.`,
    `Lifecycle: a fourth table of ${integer(config.lifecycle.customers)} profiles, ` +
      `${fixed(100 * config.lifecycle.crossingShare, 0)}% of them crossing an inactivity threshold on the swept day; ` +
      'one sweep of that day, then one Scan.',
    'One run on a shared machine: compare the ratios within this table, not timings across runs.',
  ];
  const lc = config.loyalty;
  const notes = [
    'ev/s: events ÷ time from the first PutEvents to settle(). Requests per event as the functions sent them (SDK ' +
      'middleware on their client); Get/Put/Update/Query: GetItem, PutItem, UpdateItem, Query; other: any other ' +
      'operation (named in --json); req: all requests; cond✗: conditional writes refused ("already applied"), also ' +
      'counted under Put/Update.',
    '├/└ <function>: the share of the row sent by that function’s own DynamoDB client (the local engine gives each ' +
      'function one: track, loyalty, engagement, admin, loyalty-sweep), per event of the phase; listed when more than ' +
      'one function sent requests; the sub-rows add up to the row. E.g. Order Completed └ loyalty = the loyalty ' +
      'function alone per order.',
    `Redemption: ${integer(redemption.events)} POST /customers/{id}/redemptions (${integer(redeemPoints)} points each, fetch, ` +
      'one after another), each customer holding 800 points from one order the day before, after POST /clock ' +
      '{"advance":"P15D"} (past the 14-day pending period); events = redemptions. ├ admin: the admin API’s customer ' +
      'lookup (profile GetItem + carts Query); └ loyalty: the posting (load, conditional put of the account, ledger ' +
      'row, outbox clear), sent by the admin API through the loyalty function’s client, as the local engine wires it. ' +
      'The row is one redemption’s cost to the admin function.',
    `Loyalty sweep: ${integer(sweep.accounts)} accounts, ${integer(lc.sweepDue)} of them with their order 90 days ` +
      `earlier, whose lots have expired at ${sweep.at.slice(0, 10)}; the clock is set there (no sweeps on the way), ` +
      'then one sweep runs (scheduler.runDue()). accounts: loyalty account items in the table; items: all items of ' +
      'the table (what a Scan reads); due: accounts whose dueAt ≤ now, counted by the bench’s own Scan before the ' +
      'run; returned: items the due index’s Queries returned (one Query per shard); read = returned + GetItem (the ' +
      'account loads); read÷due: items read per due account; accounts÷read: how many times more items a sweep ' +
      'reading every account (the full-scan alternative) would read. WCU: the ticks (account put, expiry ledger rows, ' +
      'outbox clear). The second run finds nothing due: the fixed cost of a sweep.',
    'Account item: one customer’s orders posted one at a time, an hour apart; item bytes by DynamoDB’s size rule ' +
      '(attribute names + values); account, outbox: those attributes as stored (gzipped JSON); its JSON: the ' +
      'account unpacked; KB: started KB, the WCU of one put of the item. Get…RCU: the loyalty client’s figures for that order alone. Every posting rewrites the whole item ' +
      '(conditional put) and the outbox clear (UpdateItem) is charged at the item’s size too, so an order’s WCU ' +
      'grows with the account.',
    'src of WCU/RCU: D = ConsumedCapacity returned by dynalite (ReturnConsumedCapacity TOTAL, base table only); ' +
      '+c = refused conditional writes, which return no capacity, sized by DynamoDB’s rule (the larger of the stored ' +
      'item and the written one, per started KB, min 1) from the item read after the phase; +q = empty Query at the ' +
      '0.5 RCU minimum (dynalite says 0).',
    `+LSI: estimated writes to the local index(es) ${names(tableDefinition.localIndexes)} by puts of items carrying ` +
      `their sort key; not in WCU. Writes to the global index(es) ${names(tableDefinition.globalIndexes)} are not ` +
      'estimated.',
    'CPU µs: process.cpuUsage() (user+system) over the phase ÷ events; the whole process, i.e. the local ' +
      'EventBridge endpoint, dynalite, the SDK clients, the handlers and anything they publish in turn. ×base: ÷ the ' +
      'no-route phase (PutEvents only).',
    ...workflowNotes(workflow),
    ...messagingNotes(messaging, config.messaging),
    ...lifecycleNotes(lifecycle, config.lifecycle),
    ...purgeNotes(purge),
    'Bundles: minify, platform node, target node24, ESM, AWS SDK bundled, no source map; gzip = node:zlib default ' +
      `level. Init: TABLE_NAME=bench, ${config.initSamples} samples per bundle, one fresh process each, interleaved.`,
    ...bundles
      .filter((b) => b.workflowFilesLeftOut > 0)
      .map(
        (b) =>
          `${b.name}: init with workflows/ beside the bundle, as deployed, but without its ${b.workflowFilesLeftOut} ` +
          'workflow files: the cold start publishes them to the table (a conditional put each), which the probe has ' +
          'no table for; their reading and validation are not in the figure either.',
      ),
    ...failing.map(
      (p) =>
        `warning: ${p.name}: ${p.failedAttempts} failed handler attempts, ${p.parked} events parked; its figures ` +
        'include the retries and the parking',
    ),
    ...(sweep.due === lc.sweepDue && sweep.accounts === lc.sweepAccounts
      ? []
      : [
          `warning: the sweep found ${sweep.due} of ${sweep.accounts} accounts due, not ${lc.sweepDue} of ${lc.sweepAccounts}`,
        ]),
    ...[...tracking.failures, ...loyalty.failures].map((f) => `engine failure: ${f}`),
    ...warnings.map((w) => `warning: ${w}`),
  ];
  const table = renderTable(rows);
  const width = 120;
  return [...header.map((h) => wrap(h, width)), '', table, '', ...notes.map((n) => wrap(`· ${n}`, width))].join('\n');
}

/** The sweep's two runs and the account item's growth, each a block of its own. */
function loyaltyRows(sweep: SweepFigures, itemSizes: readonly ItemSize[]): TableRow[] {
  const sweepRow = (label: string, p: PhaseResult, due: number): TableRow => {
    const d = p.byFunction['loyalty-sweep'] ?? emptyCounters();
    const gets = d.requests.GetItem ?? 0;
    const read = d.queryItems + gets;
    return {
      kind: 'row',
      cells: [
        label,
        integer(sweep.accounts),
        integer(sweep.tableItems),
        integer(due),
        integer(d.requests.Query ?? 0),
        integer(d.queryItems),
        integer(gets),
        integer(read),
        fixed(read / due),
        ratio(sweep.accounts / read),
        integer(totalRequests(d)),
        fixed(writeUnits(d), 1),
        fixed(readUnits(d), 1),
        sourceOf(d),
      ],
    };
  };
  const kb = (bytes: number) => Math.max(1, Math.ceil(bytes / 1024));
  return [
    {
      kind: 'section',
      title: `Loyalty sweep: one run of the loyalty-sweep job at ${sweep.at.slice(0, 10)}; its client's figures per run`,
    },
    {
      kind: 'header',
      cells: [
        'sweep run',
        'accounts',
        'items',
        'due',
        'Query',
        'returned',
        'GetItem',
        'read',
        'read÷due',
        'accounts÷read',
        'req',
        'WCU',
        'RCU',
        'src',
      ],
    },
    sweepRow('lots of the due accounts expired', sweep.run, sweep.due),
    sweepRow('at once again: nothing due', sweep.idle, sweep.dueAfter),
    {
      kind: 'section',
      title:
        "Loyalty account item (CUST#<id> / LOYALTY) after n orders of one customer; the n-th order's loyalty client",
    },
    {
      kind: 'header',
      cells: [
        'after',
        'item bytes',
        'account',
        'its JSON',
        'outbox',
        'KB',
        'Get',
        'Put',
        'Update',
        'req',
        'WCU',
        'RCU',
      ],
    },
    ...itemSizes.map(
      (s): TableRow => ({
        kind: 'row',
        cells: [
          `${integer(s.orders)} order${s.orders === 1 ? '' : 's'}`,
          integer(s.bytes),
          integer(s.accountStoredBytes),
          integer(s.accountJsonBytes),
          integer(s.outboxStoredBytes),
          integer(kb(s.bytes)),
          integer(s.order.requests.GetItem ?? 0),
          integer(s.order.requests.PutItem ?? 0),
          integer(s.order.requests.UpdateItem ?? 0),
          integer(totalRequests(s.order)),
          fixed(writeUnits(s.order), 1),
          fixed(readUnits(s.order), 1),
        ],
      }),
    ),
  ];
}

await main();
