import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { stop as stopEsbuild } from 'esbuild';
import { tableDefinition } from '../shared/table.js';
import { type BundleResult, emptyName, measureBundles } from './bundles.js';
import { eventsPerStory } from './events.js';
import { fixed, integer, ratio, renderTable, type TableRow, wrap } from './table.js';
import { batchSize, type PhaseResult, runTracking, type TrackingResult } from './tracking.js';

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
} as const;

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

const tabulated: ReadonlySet<string> = new Set(['GetItem', 'PutItem', 'UpdateItem', 'Query']);
const otherRequests = (requests: Readonly<Record<string, number>>): number =>
  Object.entries(requests).reduce((n, [operation, count]) => (tabulated.has(operation) ? n : n + count), 0);

const names = (indexes: readonly { name: string }[]): string => indexes.map((i) => i.name).join(', ') || '(none)';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { json: { type: 'boolean', default: false } } });
  const startedAt = new Date();
  const tempDir = mkdtempSync(join(tmpdir(), 'rekindle-bench-'));
  let tracking: TrackingResult;
  let bundles: BundleResult[];
  let warnings: string[];
  try {
    tracking = await runTracking(config);
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
    console.log(JSON.stringify({ ...machine, config, batchSize, tracking, bundles, warnings }, null, 2));
    return;
  }
  console.log(report(machine, tracking, bundles, warnings));
}

function report(
  machine: { date: string; node: string; platform: string; cpus: number; cpuModel: string },
  tracking: TrackingResult,
  bundles: readonly BundleResult[],
  warnings: readonly string[],
): string {
  const { mix, baseline, perType } = tracking;
  const phases = [mix, ...perType, baseline];
  const measured = phases.reduce((n, p) => n + p.events, 0);
  const retries = phases.reduce((n, p) => n + p.failedAttempts, 0);
  const failing = phases.filter((p) => p.failedAttempts > 0 || p.parked > 0);
  const baseCpu = baseline.cpuMicros / baseline.events;
  const empty = bundles.find((b) => b.name === emptyName);

  const phaseRow = (p: PhaseResult, label = p.name): TableRow => {
    const per = (n: number | undefined) => fixed((n ?? 0) / p.events);
    const d = p.dynamo;
    const source = `D${d.failedConditions ? '+c' : ''}${d.emptyQueries ? '+q' : ''}`;
    const routed = p !== baseline;
    const cpu = p.cpuMicros / p.events;
    return {
      kind: 'row',
      cells: [
        label,
        p.targets,
        integer(p.events),
        integer(p.events / (p.wallMs / 1000)),
        per(d.requests.GetItem),
        per(d.requests.PutItem),
        per(d.requests.UpdateItem),
        per(d.requests.Query),
        per(otherRequests(d.requests)),
        per(d.failedConditions),
        per(d.reportedWriteUnits + d.estimatedWriteUnits),
        per(d.reportedReadUnits + d.estimatedReadUnits),
        routed ? source : '–',
        per(d.lsiWriteUnits),
        integer(cpu),
        routed ? ratio(cpu / baseCpu) : '1.0×',
      ],
    };
  };

  const rows: TableRow[] = [
    {
      kind: 'section',
      title: 'Tracking: PutEvents (SDK) → local bus → handlers → dynalite; figures per event, all functions it reaches',
    },
    {
      kind: 'header',
      cells: [
        'phase',
        'routed to',
        'events',
        'ev/s',
        'GetItem',
        'PutItem',
        'UpdateItem',
        'Query',
        'other',
        'cond✗',
        'WCU',
        'RCU',
        'src',
        '+LSI',
        'CPU µs',
        '×base',
      ],
    },
    phaseRow(mix, `mix: ${integer(mix.events / eventsPerStory)} customers × ${eventsPerStory}`),
    ...perType.map((p) => phaseRow(p)),
    phaseRow(baseline),
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
    'One run on a shared machine: compare the ratios within this table, not timings across runs.',
  ];
  const notes = [
    'ev/s: events ÷ time from the first PutEvents to settle(). Requests per event as the functions sent them (SDK ' +
      'middleware on their client); other: any other operation (named in --json); cond✗: conditional writes refused ("already applied"), also counted under ' +
      'PutItem/UpdateItem.',
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
    'Bundles: minify, platform node, target node24, ESM, AWS SDK bundled, no source map; gzip = node:zlib default ' +
      `level. Init: TABLE_NAME=bench, ${config.initSamples} samples per bundle, one fresh process each, interleaved.`,
    ...failing.map(
      (p) =>
        `warning: ${p.name}: ${p.failedAttempts} failed handler attempts, ${p.parked} events parked; its figures ` +
        'include the retries and the parking',
    ),
    ...tracking.failures.map((f) => `handler failure: ${f}`),
    ...warnings.map((w) => `warning: ${w}`),
  ];
  const table = renderTable(rows);
  const width = 120;
  return [...header.map((h) => wrap(h, width)), '', table, '', ...notes.map((n) => wrap(`· ${n}`, width))].join('\n');
}

await main();
