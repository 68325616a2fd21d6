import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { stop as stopEsbuild } from 'esbuild';
import { type BundleResult, measureBundles } from './bundles.js';
import { bundleNotes, bundleRows } from './bundles-report.js';
import { type BurstResult, runBurst } from './burst.js';
import { gatherFigures } from './figures.js';
import { figureNotes, figureRows } from './figures-report.js';
import { type LifecycleResult, runLifecycle } from './lifecycle.js';
import { lifecycleNotes, lifecycleRows } from './lifecycle-report.js';
import { type LoyaltyResult, runLoyalty } from './loyalty.js';
import { loyaltyHeader, loyaltyNotes, loyaltyRows, loyaltyWarnings } from './loyalty-report.js';
import { type MessagingResult, runMessaging } from './messaging.js';
import { messagingNotes, messagingRows } from './messaging-report.js';
import { type OrdersResult, runOrders } from './orders.js';
import { selectPhases, UnknownPhaseError } from './phase-selection.js';
import { type PurgeResult, purgeNotes, purgeRows, runPurge } from './purge.js';
import { fixed, integer, renderTable, type TableRow, wrap } from './table.js';
import { batchSize, runTracking, type TrackingResult } from './tracking.js';
import {
  baseCpuOf,
  failingPhaseNotes,
  phaseHeaders,
  phaseNotes,
  phaseRows,
  trackingHeader,
  trackingRows,
} from './tracking-report.js';
import { runWorkflow, type WorkflowResult } from './workflow.js';
import { workflowNotes, workflowRows } from './workflow-report.js';

/**
 * `npm run bench` (`-- --json` for JSON, `-- --only <phase>` for one phase, repeatable): the cost of Rekindle's
 * event paths and of its function bundles, all measured in this run. Timings vary with the machine and its load;
 * compare ratios within one run.
 */

const config = {
  mixCustomers: 200,
  perTypeEvents: 200,
  baselineEvents: 2000,
  warmUpCustomers: 20,
  initSamples: 7,
  orders: { customers: 3, orders: 500 },
  burst: { bursts: [2000, 10_000], inFlight: 8, warmUpCustomers: 20, rawItems: 4000 },
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

/** What each phase produced; a phase that did not run is absent. */
interface Results {
  tracking?: TrackingResult;
  orders?: OrdersResult;
  burst?: BurstResult;
  loyalty?: LoyaltyResult;
  workflow?: WorkflowResult;
  messaging?: MessagingResult;
  lifecycle?: LifecycleResult;
  purge?: PurgeResult;
  bundles?: { bundles: BundleResult[]; warnings: string[] };
}

/** The top-level phases, in the order they run (`--only` takes these names). */
const phaseNames = [
  'tracking',
  'orders',
  'burst',
  'loyalty',
  'workflow',
  'messaging',
  'lifecycle',
  'purge',
  'bundles',
] as const satisfies readonly (keyof Results)[];
type PhaseName = (typeof phaseNames)[number];

async function runPhase(name: PhaseName, results: Results, tempDir: string): Promise<void> {
  switch (name) {
    case 'tracking':
      results.tracking = await runTracking(config);
      return;
    case 'orders':
      results.orders = await runOrders(config.orders);
      return;
    case 'burst':
      results.burst = await runBurst(config.burst);
      return;
    case 'loyalty':
      results.loyalty = await runLoyalty(config.loyalty);
      return;
    case 'workflow':
      results.workflow = await runWorkflow(config.workflow);
      return;
    case 'messaging':
      results.messaging = await runMessaging(config.messaging);
      return;
    case 'lifecycle':
      results.lifecycle = await runLifecycle(config.lifecycle);
      return;
    case 'purge':
      results.purge = await runPurge(config.purge);
      return;
    case 'bundles':
      results.bundles = await measureBundles(repoRoot, tempDir, config.initSamples);
      return;
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { json: { type: 'boolean', default: false }, only: { type: 'string', multiple: true, default: [] } },
  });
  let selected: PhaseName[];
  try {
    selected = selectPhases(values.only, phaseNames);
  } catch (error) {
    if (!(error instanceof UnknownPhaseError)) throw error;
    console.error(`npm run bench: ${error.message}`);
    process.exitCode = 2;
    return;
  }
  const startedAt = new Date();
  const tempDir = mkdtempSync(join(tmpdir(), 'rekindle-bench-'));
  const results: Results = {};
  try {
    for (const name of selected) await runPhase(name, results, tempDir);
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
  const figures = gatherFigures(results);
  if (values.json) {
    console.log(JSON.stringify({ ...machine, phases: selected, config, batchSize, figures, ...results }, null, 2));
    return;
  }
  console.log(report(machine, selected, results));
}

function report(
  machine: { date: string; node: string; platform: string; cpus: number; cpuModel: string },
  selected: readonly PhaseName[],
  r: Results,
): string {
  const base = baseCpuOf(r.tracking);
  const figures = gatherFigures(r);
  const rows: TableRow[] = [
    ...figureRows(figures),
    ...(r.tracking ? trackingRows(r.tracking) : []),
    ...(r.orders ? ordersRows(r.orders, base) : []),
    ...(r.burst ? burstRows(r.burst, base) : []),
    ...(r.loyalty ? loyaltyRows(r.loyalty, base) : []),
    ...(r.workflow ? workflowRows(r.workflow) : []),
    ...(r.messaging ? messagingRows(r.messaging) : []),
    ...(r.lifecycle ? lifecycleRows(r.lifecycle) : []),
    ...(r.purge ? purgeRows(r.purge) : []),
    ...(r.bundles ? bundleRows(r.bundles.bundles, config.initSamples) : []),
  ];
  const c = config;
  const header = [
    `Rekindle bench · ${machine.date} · node ${machine.node} · ${machine.platform} · ${machine.cpus} CPUs (${machine.cpuModel})`,
    `Phases: ${selected.join(', ')}.`,
    ...(r.tracking ? [trackingHeader(r.tracking)] : []),
    ...(r.orders
      ? [
          `Orders: an engine of its own on a frozen clock; ${r.orders.customers} customers × ${r.orders.laterOrder} orders, ` +
            'one round at a time.',
        ]
      : []),
    ...(r.burst
      ? [
          `Bursts: an engine of its own; the mix of ${c.burst.bursts.map(integer).join(' and ')} events after ` +
            `${integer(c.burst.warmUpCustomers * 10)} warm-up, ${c.burst.inFlight} PutEvents calls in flight; raw ` +
            `PutItem baseline of ${integer(c.burst.rawItems)} items before and after.`,
        ]
      : []),
    ...(r.loyalty ? [loyaltyHeader(r.loyalty, c.loyalty)] : []),
    ...(r.workflow
      ? [
          `Workflows: an engine on a frozen clock; cart recovery for ${integer(c.workflow.customers)} customers ` +
            `after ${integer(c.workflow.warmUpCustomers)} warm-up; the interpreter alone on ` +
            `${integer(c.workflow.interpreter.customers)} synthetic customers.`,
        ]
      : []),
    ...(r.messaging
      ? [
          `Messaging: every shipped en/ar email and SMS template rendered for ${c.messaging.renderMs} ms each; ` +
            `${integer(c.messaging.sends)} cart emails through the messenger after ${c.messaging.warmUpSends} warm-up.`,
        ]
      : []),
    ...(r.lifecycle
      ? [
          `Lifecycle: a table of ${integer(c.lifecycle.customers)} profiles, ` +
            `${fixed(100 * c.lifecycle.crossingShare, 0)}% of them crossing an inactivity threshold on the swept ` +
            'day; one sweep of that day, then one Scan.',
        ]
      : []),
    'One run on a shared machine: compare the ratios within this table, not timings across runs.',
  ];
  const eventPhases = [
    ...(r.tracking ? [r.tracking.mix, ...r.tracking.perType, r.tracking.baseline] : []),
    ...(r.orders ? [r.orders.first, r.orders.later] : []),
    ...(r.loyalty ? [r.loyalty.redemption, r.loyalty.sweep.run, r.loyalty.sweep.idle] : []),
  ];
  const notes = [
    ...figureNotes(figures, r.burst),
    ...(r.tracking || r.orders || r.burst || r.loyalty ? phaseNotes() : []),
    ...(r.loyalty ? loyaltyNotes(r.loyalty, c.loyalty) : []),
    ...(r.workflow ? workflowNotes(r.workflow) : []),
    ...(r.messaging ? messagingNotes(r.messaging, c.messaging) : []),
    ...(r.lifecycle ? lifecycleNotes(r.lifecycle, c.lifecycle) : []),
    ...(r.purge ? purgeNotes(r.purge) : []),
    ...(r.bundles ? bundleNotes(r.bundles.bundles, config.initSamples) : []),
    ...failingPhaseNotes(eventPhases),
    ...(r.loyalty ? loyaltyWarnings(r.loyalty, c.loyalty) : []),
    ...[r.tracking, r.orders, r.burst, r.loyalty].flatMap((p) => p?.failures ?? []).map((f) => `engine failure: ${f}`),
    ...(r.bundles?.warnings ?? []).map((w) => `warning: ${w}`),
  ];
  const table = renderTable(rows);
  const width = 120;
  return [...header.map((h) => wrap(h, width)), '', table, '', ...notes.map((n) => wrap(`· ${n}`, width))].join('\n');
}

function ordersRows(orders: OrdersResult, base: number): TableRow[] {
  return [
    {
      kind: 'section',
      title: `Orders as a customer's history grows: their 1st order and their order ${orders.laterOrder}; per order`,
    },
    { kind: 'header', cells: phaseHeaders },
    ...phaseRows(orders.first, base),
    ...phaseRows(orders.later, base),
  ];
}

function burstRows(burst: BurstResult, base: number): TableRow[] {
  return [
    { kind: 'section', title: `Bursts: the mix, ${burst.inFlight} PutEvents calls in flight; per event` },
    { kind: 'header', cells: phaseHeaders },
    ...burst.bursts.flatMap((b) => phaseRows(b.phase, base)),
  ];
}

await main();
