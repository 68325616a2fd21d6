import { performance } from 'node:perf_hooks';
import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { defaultPorts, type EngineOptions, type LocalEngine, startLocalEngine } from '../infra/local/engine.js';
import { ControllableClock } from '../shared/platform/clock.js';
import { createDocumentClient } from '../shared/platform/dynamodb/client.js';
import { matchesPattern } from '../shared/platform/eventbridge/pattern.js';
import { routes } from '../shared/platform/routing.js';
import { type DynamoCounters, DynamoMeter, diffFunctions, type FunctionCounters, sumCounters } from './dynamo-meter.js';
import { type BenchCustomer, customers, make, mixedStories } from './events.js';

/** PutEvents accepts up to 10 entries per call; a storefront batching its events sends that many. */
export const batchSize = 10;

export interface TrackingOptions {
  /** Customers of the throughput mix (10 events each). */
  readonly mixCustomers: number;
  /** Events per single-type phase (one per customer). */
  readonly perTypeEvents: number;
  /** Events of the no-route phase: cheap, so more of them steady the baseline every CPU ratio divides by. */
  readonly baselineEvents: number;
  /** Customers of each warm-up phase (not reported). */
  readonly warmUpCustomers: number;
}

export interface PhaseResult {
  readonly name: string;
  readonly events: number;
  readonly putEventsCalls: number;
  readonly wallMs: number;
  /** `process.cpuUsage()` user + system over the phase: the whole process (servers, SDK clients, handlers). */
  readonly cpuMicros: number;
  readonly delivered: number;
  readonly failedAttempts: number;
  /** Events the bus parked after its retries (plus invalid events the handlers parked at once). */
  readonly parked: number;
  /**
   * The functions the phase's events reach by the routing table, e.g. `track→loyalty+workflow`: the routes of the
   * events, then (after `→`) those of the fact tracking hands on.
   */
  readonly targets: string;
  /** Whether the meter counted index writes in this phase (else they are 0 and shown as –). */
  readonly indexWritesCounted: boolean;
  /** All functions together. */
  readonly dynamo: DynamoCounters;
  /** Each function that sent DynamoDB requests in the phase, by the name of its client. */
  readonly byFunction: FunctionCounters;
}

export interface TrackingResult {
  readonly warmUpEvents: number;
  readonly mix: PhaseResult;
  readonly perType: readonly PhaseResult[];
  readonly baseline: PhaseResult;
  /** Distinct handler failures the engine logged (route: message), at most a few. */
  readonly failures: readonly string[];
}

/** Name of the phase that re-sends the very same Order Completed entries (a duplicate delivery). */
export const redeliveryPhase = 'Order Completed, redelivered';
export const baselinePhase = 'no route (PutEvents only)';
/** A view the day after the customer's last event: the first event of their day (it moves their active day). */
export const firstViewOfDayPhase = 'Product Viewed (first of the day)';
export const mixPhase = 'mix';

type Maker = (c: BenchCustomer) => PutEventsRequestEntry;

/**
 * The single-type phases in the order of a customer's story, so each finds the state the ones before left.
 * Bounces and complaints go to customers of their own (`group`): a complaint about an address a bounce has just
 * suppressed would measure the "already suppressed" path instead of a first suppression.
 */
const typePhases: readonly { name: string; make: Maker; redeliver?: boolean; group?: string }[] = [
  { name: 'Product Viewed (anonymous)', make: (c) => make.productViewedAnonymous(c) },
  { name: 'Customer Registered (+merge)', make: make.customerRegistered },
  { name: 'Customer Updated', make: make.customerUpdated },
  { name: 'Product Viewed', make: (c) => make.productViewed(c) },
  { name: 'Cart Updated', make: (c) => make.cartUpdated(c) },
  { name: 'Checkout Started', make: make.checkoutStarted },
  { name: 'Order Completed', make: make.orderCompleted, redeliver: true },
  { name: 'Email Delivered', make: make.emailDelivered },
  { name: 'Email Opened', make: make.emailOpened },
  { name: 'Email Clicked', make: make.emailClicked },
  { name: 'Order Refunded', make: make.orderRefunded },
  { name: firstViewOfDayPhase, make: (c) => make.productViewedNextDay(c) },
  { name: 'Email Bounced (permanent)', make: make.emailBounced, group: 'b' },
  { name: 'Email Complaint Received', make: make.emailComplaintReceived, group: 'c' },
];

type Run = (name: string, entries: readonly PutEventsRequestEntry[]) => Promise<PhaseResult>;

/** Every single-type phase over `count` customers of group `prefix` (and its sub-groups). */
async function runTypePhases(run: Run, prefix: string, count: number, label = ''): Promise<PhaseResult[]> {
  const story = customers(prefix, count);
  const results: PhaseResult[] = [];
  for (const phase of typePhases) {
    const group = phase.group ? customers(`${prefix}${phase.group}`, count) : story;
    const entries = group.map(phase.make);
    results.push(await run(`${label}${phase.name}`, entries));
    if (phase.redeliver) results.push(await run(`${label}${redeliveryPhase}`, entries));
  }
  return results;
}

export async function runTracking(options: TrackingOptions): Promise<TrackingResult> {
  const rig = await startRig(new ControllableClock());
  try {
    const run: Run = (name, entries) => runPhase(rig, name, entries);

    // Warm-up: every code path (JIT, connection pools, dynalite's first pages); not reported.
    const warmUp = [
      await run('warm-up mix', mixedStories(customers('w', options.warmUpCustomers))),
      ...(await runTypePhases(run, 'v', options.warmUpCustomers, 'warm-up ')),
      await run('warm-up baseline', customers('w', options.warmUpCustomers).map(make.unrouted)),
    ];
    const warmUpEvents = warmUp.reduce((n, p) => n + p.events, 0);

    // The mix and the baseline are about time: without the meter's reads of updated items (see write-images.ts).
    const { mix, baseline } = await withoutIndexCounting(rig, async () => ({
      mix: await run(mixPhase, mixedStories(customers('m', options.mixCustomers))),
      baseline: await run(baselinePhase, customers('n', options.baselineEvents).map(make.unrouted)),
    }));
    const perType = await runTypePhases(run, 'p', options.perTypeEvents);

    return { warmUpEvents, mix, perType, baseline, failures: [...rig.failures] };
  } finally {
    await stopRig(rig);
  }
}

/** A local engine (in memory, any free ports) whose functions' DynamoDB clients are metered, and clients to drive it. */
export interface Rig {
  readonly engine: LocalEngine;
  readonly client: EventBridgeClient;
  readonly meter: DynamoMeter;
  /** Not instrumented: reads items for the bench itself (failed conditional writes, item sizes, counts). */
  readonly reader: DynamoDBDocumentClient;
  /** Distinct failures the engine logged (route or job: message), at most a few. */
  readonly failures: Set<string>;
}

/** Every server of the engine on a free port (0), whichever servers it has. */
const anyFreePorts: EngineOptions['ports'] = Object.fromEntries(Object.keys(defaultPorts).map((name) => [name, 0]));

/**
 * What a bench may change of the engine: its workflows and messaging, and more middleware on the clients;
 * `countIndexWrites: false` leaves index writes uncounted (and the functions unslowed by the meter's reads).
 */
export type RigOptions = Pick<EngineOptions, 'workflowsDir' | 'messaging' | 'instrumentDynamo'> & {
  readonly countIndexWrites?: boolean;
};

export async function startRig(clock: ControllableClock, options: RigOptions = {}): Promise<Rig> {
  const meter = new DynamoMeter();
  const failures = new Set<string>();
  const engine = await startLocalEngine({
    memory: true,
    ports: anyFreePorts,
    clock,
    ...(options.workflowsDir ? { workflowsDir: options.workflowsDir } : {}),
    ...(options.messaging ? { messaging: options.messaging } : {}),
    instrumentDynamo: (client, name) => {
      meter.instrument(client, name);
      options.instrumentDynamo?.(client, name);
    },
    // The bus logs `<route>: attempt <n> for event <id> failed: <message>`; keep route and message.
    log: (line) => {
      if (failures.size < 5) failures.add(line.replace(/: attempt \d+ for event \S+ failed:/, ':'));
    },
  });
  // The scheduler also runs its jobs every 10 s of real time: a loyalty sweep landing in a phase would add its
  // queries to that phase. Stopped, it still runs when the bench moves the clock or calls `runDue()`.
  await engine.scheduler.stop();
  const reader = createDocumentClient(engine.endpoints.dynamodb);
  if (options.countIndexWrites !== false) meter.countIndexWrites(reader);
  const client = new EventBridgeClient({
    endpoint: engine.endpoints.eventBridge,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  return { engine, client, meter, reader, failures };
}

export async function stopRig(rig: Rig): Promise<void> {
  await rig.engine.bus.settle();
  await rig.meter.idle(quietMs);
  rig.client.destroy();
  rig.reader.destroy();
  await rig.engine.stop();
}

/** `work` without index counting (faster: no read before each update), then counting again if it was. */
export async function withoutIndexCounting<T>(rig: Rig, work: () => Promise<T>): Promise<T> {
  const counting = rig.meter.countsIndexWrites;
  rig.meter.stopCountingIndexWrites();
  try {
    return await work();
  } finally {
    if (counting) rig.meter.countIndexWrites(rig.reader);
  }
}

/** How long no function may have sent a DynamoDB request before a bench counts the engine as idle. */
export const quietMs = 2000;

/** Sends `entries` with PutEvents, `batchSize` per call, one call after another, and waits for the bus to settle. */
export async function sendEvents(rig: Rig, name: string, entries: readonly PutEventsRequestEntry[]): Promise<number> {
  let calls = 0;
  for (let i = 0; i < entries.length; i += batchSize) {
    const response = await rig.client.send(new PutEventsCommand({ Entries: entries.slice(i, i + batchSize) }));
    calls++;
    if (response.FailedEntryCount) {
      const failure = response.Entries?.find((e) => e.ErrorCode);
      throw new Error(`${name}: PutEvents refused entries: ${failure?.ErrorCode} ${failure?.ErrorMessage}`);
    }
  }
  await rig.engine.bus.settle();
  return calls;
}

function runPhase(rig: Rig, name: string, entries: readonly PutEventsRequestEntry[]): Promise<PhaseResult> {
  return measurePhase(rig, { name, events: entries.length, targets: targetsOf(entries) }, () =>
    sendEvents(rig, name, entries),
  );
}

/**
 * Meters `work` as one phase of `events` events (or requests): wall time and process CPU until it resolves (it
 * must let the bus settle), then the DynamoDB figures of every function. `work` returns its PutEvents calls.
 */
export async function measurePhase(
  { engine, meter, reader }: Rig,
  phase: { readonly name: string; readonly events: number; readonly targets: string },
  work: () => Promise<number>,
): Promise<PhaseResult> {
  const before = meter.snapshot();
  const indexWritesCounted = meter.countsIndexWrites;
  const stats = { ...engine.bus.stats };
  const cpu = process.cpuUsage();
  const start = performance.now();
  const putEventsCalls = await work();
  const wallMs = performance.now() - start;
  const used = process.cpuUsage(cpu);
  await meter.sizeFailedWrites(reader);
  const byFunction = diffFunctions(meter.snapshot(), before);
  const dynamo = sumCounters(Object.values(byFunction));
  return {
    ...phase,
    putEventsCalls,
    wallMs,
    cpuMicros: used.user + used.system,
    delivered: engine.bus.stats.delivered - stats.delivered,
    failedAttempts: engine.bus.stats.failedAttempts - stats.failedAttempts,
    // A bus-parked event is also a put to the DLQ partition: the larger count covers both ways of parking.
    parked: Math.max(engine.bus.stats.parked - stats.parked, dynamo.parkedWrites),
    indexWritesCounted,
    dynamo,
    byFunction,
  };
}

/**
 * The functions the routing table sends these entries to (the same patterns the bus matches), then, after `→`, the
 * functions the fact of a tracked event reaches: tracking hands one on (Source `rekindle`, the same detail-type) for
 * each event of a known customer (one with a `customerId`; a visitor's events wait for identification).
 */
export function targetsOf(entries: readonly PutEventsRequestEntry[]): string {
  const first = new Set<string>();
  const then = new Set<string>();
  for (const entry of entries) {
    const detail: unknown = JSON.parse(entry.Detail ?? '{}');
    const event = { source: entry.Source, 'detail-type': entry.DetailType, detail };
    const reached = routedTo(entry.EventBusName ?? 'default', event);
    for (const target of reached) first.add(target);
    const known =
      typeof detail === 'object' && detail !== null && typeof Reflect.get(detail, 'customerId') === 'string';
    if (reached.includes('track') && known) {
      for (const target of routedTo('rekindle', { ...event, source: 'rekindle' })) then.add(target);
    }
  }
  const path = [...first].join('+') || '–';
  return then.size ? `${path}→${[...then].join('+')}` : path;
}

const routedTo = (bus: string, event: object): string[] =>
  routes.filter((route) => route.bus === bus && matchesPattern(route.pattern, event)).map((route) => route.target);

/** The function names of a `targets` path, in order. */
export const targetNames = (targets: string): string[] => targets.split(/[+→]/).filter((t) => t && t !== '–');
