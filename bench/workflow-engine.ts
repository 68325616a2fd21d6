import type { PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { RecordingMessenger } from '../infra/local/recording-messenger.js';
import { ControllableClock } from '../shared/platform/clock.js';
import { matchesPattern } from '../shared/platform/eventbridge/pattern.js';
import { routes } from '../shared/platform/routing.js';
import type { EventEnvelope } from '../shared/schemas/envelope.js';
import { DynamoWorkflowStore } from '../shared/workflow/store/workflow-store.js';
import { type DynamoCounters, emptyCounters, indexUnits, sumCounters, totalRequests } from './dynamo-meter.js';
import { type BenchCustomer, customers, make } from './events.js';
import { adminRequest } from './loyalty.js';
import { measurePhase, type PhaseResult, type Rig, sendEvents, startRig, stopRig } from './tracking.js';
import type { WorkflowOptions } from './workflow.js';
import { parseFile, shippedCartWorkflow } from './workflow-interpreter.js';
import { diffTally, emptyTally, WorkflowMeter, type WorkflowTally, withoutProbes } from './workflow-meter.js';

/**
 * The shipped cart recovery workflow on the local engine, driven as a shop and an operator would (PutEvents through
 * the SDK, `POST /clock`), its workflow and timer functions metered per phase: DynamoDB requests and capacity (the
 * local clock's probes taken out), index writes, Lambda invocations, and the steps the phase ran (the
 * workflow's report counters `step:*`). The carts enter through the engine's own `Cart Abandoned`: the cart sweep
 * that announces them is metered apart (a lifecycle cost, not a workflow step's).
 */

/** The functions that run workflows; the others (track, loyalty) handle the same events for their own ends. */
export const workflowFunctions = ['workflow', 'workflow-timers'] as const;
/** Announces the abandoned carts the workflow starts from. */
export const cartSweepFunction = 'cart-sweep';

export type EnginePhaseKind = 'step' | 'moves nothing' | 'idle sweep';

export interface EnginePhase {
  readonly name: string;
  /** `step` phases add up to the totals; the others are reported per input. */
  readonly kind: EnginePhaseKind;
  /** Events sent, or enrollments due when the sweep ran. */
  readonly inputs: number;
  readonly steps: number;
  /** Lambda invocations of the workflow functions: one per event routed to `workflow`, one per sweep run. */
  readonly invocations: number;
  /** The events that invoked the workflow function, by detail-type (the bench's own and those functions published). */
  readonly invokedBy: Readonly<Record<string, number>>;
  readonly sweepRuns: number;
  /** Entries the sweep's Queries of the timer index returned. */
  readonly sweepKeys: number;
  /** The workflow functions' DynamoDB figures (the local clock's probes taken out), summed and by function. */
  readonly dynamo: DynamoCounters;
  readonly byFunction: Readonly<Record<string, DynamoCounters>>;
  /** Writes to the secondary indexes (entries put, deleted, updated) and their units, all workflow functions. */
  readonly indexWrites: number;
  readonly indexWriteUnits: number;
  /** The local clock's probes taken out of the timer function's figures. */
  readonly probeQueries: number;
  /** For sweeps: enrollment items in the table (what a Scan would read) when the sweep ran. */
  readonly enrollments: number;
  readonly wallMs: number;
  /** Process CPU over the phase (every server and function of the engine), and every function's DynamoDB requests. */
  readonly cpuMicros: number;
  readonly allRequests: number;
  readonly failedAttempts: number;
  readonly parked: number;
  /** The cart sweep's DynamoDB figures (its clock probes taken out) and the `Cart Abandoned` it published. */
  readonly cartSweep: { readonly dynamo: DynamoCounters; readonly announced: number } | null;
}

export interface EngineResult {
  readonly customers: number;
  readonly bystanders: number;
  readonly phases: readonly EnginePhase[];
  readonly sent: { readonly email: number; readonly sms: number };
  /** The workflow's report counters for the measured customers (the shipped version). */
  readonly stats: Readonly<Record<string, number>>;
  readonly failures: readonly string[];
}

/** The shipped cart recovery workflow (workflows/abandoned-cart.workflow.json) and its templates. */
export const workflowId = 'abandoned-cart';
const workflowVersion = parseFile(shippedCartWorkflow).version;
/** Keeps the bystanders' enrollments waiting (due in 30 days) while the sweeps run: the table holds more than is due. */
export const longWaitWorkflow = {
  id: 'checkout-follow-up',
  version: 1,
  name: 'Checkout follow-up',
  trigger: { event: { detailType: 'Checkout Started' } },
  correlation: { key: 'cartId' },
  reentry: { policy: 'afterExit' },
  start: 'wait-30d',
  steps: { 'wait-30d': { type: 'wait', duration: 'P30D', next: 'done' }, done: { type: 'exit' } },
} as const;
const startAt = '2026-11-02T10:00:00.000Z';

interface Context {
  readonly rig: Rig;
  readonly meter: WorkflowMeter;
  readonly stats: DynamoWorkflowStore;
}

export async function runEngine(workflowsDir: string, options: WorkflowOptions): Promise<EngineResult> {
  const messenger = new RecordingMessenger('bench');
  const meter = new WorkflowMeter(new Set([...workflowFunctions, cartSweepFunction]));
  const rig = await startRig(new ControllableClock({ start: new Date(startAt), frozen: true }), {
    workflowsDir,
    messaging: () => ({ messenger, engagement: null }),
    instrumentDynamo: meter.instrument,
  });
  try {
    const ctx: Context = { rig, meter, stats: new DynamoWorkflowStore(rig.reader, rig.engine.tableName) };
    await story(ctx, customers('wu', options.warmUpCustomers)); // JIT, connection pools; not reported
    const now = rig.engine.clock.now().toISOString();
    const bystanders = customers('by', options.bystanders).map((c) => stamped(make.checkoutStarted(c), now));
    await sendEvents(rig, 'bystanders', bystanders);
    const before = { sent: messenger.sent.length, stats: await counters(ctx) };
    const phases = await story(ctx, customers('wf', options.customers));
    const sent = messenger.sent.slice(before.sent);
    const after = await counters(ctx);
    const stats = Object.fromEntries(
      Object.entries(after)
        .map(([k, v]): [string, number] => [k, v - (before.stats[k] ?? 0)])
        .filter(([, v]) => v !== 0),
    );
    return {
      customers: options.customers,
      bystanders: options.bystanders,
      phases,
      sent: {
        email: sent.filter((s) => s.channel === 'email').length,
        sms: sent.filter((s) => s.channel === 'sms').length,
      },
      stats,
      failures: [...rig.failures],
    };
  } finally {
    await stopRig(rig);
  }
}

/**
 * One group's carts: each customer registered the day before; the cart at the clock's time (tracked; nothing enters
 * yet); the clock moved 1 hour (CART_ABANDONED_AFTER's default: the cart sweep announces Cart Abandoned, which
 * enters); 3 hours more (the email, 4 h after the cart); a product view while they wait for the order (moves
 * nothing); the clock moved 1 hour (a sweep with nothing due); half of them order; the clock moved to the timeout
 * (the SMS, the exit). Each clock move ends at the one due time it is for, so each runs the timer sweep once.
 */
async function story(ctx: Context, group: readonly BenchCustomer[]): Promise<EnginePhase[]> {
  const { rig } = ctx;
  const t0 = rig.engine.clock.now().getTime();
  const at = (hours: number) => new Date(t0 + hours * 3_600_000).toISOString();
  const buyers = group.filter((_, i) => i % 2 === 0);
  await sendEvents(
    rig,
    'registrations',
    group.map((c) => stamped(make.customerRegistered(c), at(-24))),
  );
  return [
    await eventPhase(
      ctx,
      'Cart Updated: tracked, nothing enters',
      'moves nothing',
      group.map((c) => stamped(make.cartUpdated(c), at(0))),
    ),
    await clockPhase(ctx, 'clock +1 h → Cart Abandoned: enters, waits 3 h', 'step', 'PT1H', at(1)),
    await clockPhase(ctx, 'clock +3 h → email, waits for the order', 'step', 'PT3H', at(4)),
    await eventPhase(
      ctx,
      'Product Viewed while waiting',
      'moves nothing',
      group.map((c) => stamped(make.productViewed(c), at(4))),
    ),
    await clockPhase(ctx, 'clock +1 h: a sweep, nothing due', 'idle sweep', 'PT1H', at(5)),
    await eventPhase(
      ctx,
      'Order Completed → converts (goal)',
      'step',
      buyers.map((c) => stamped(make.orderCompleted(c), at(5))),
    ),
    await clockPhase(ctx, 'clock +23 h → timeout: SMS, exit', 'step', 'PT23H', at(28)),
  ];
}

function eventPhase(ctx: Context, name: string, kind: EnginePhaseKind, entries: readonly PutEventsRequestEntry[]) {
  return phase(ctx, name, kind, entries.length, 0, () => sendEvents(ctx.rig, name, entries));
}

async function clockPhase(ctx: Context, name: string, kind: EnginePhaseKind, advance: string, to: string) {
  const { enrollments, due } = await countEnrollments(ctx.rig, to);
  return phase(ctx, name, kind, due, enrollments, async () => {
    await adminRequest(ctx.rig, 'POST', '/clock', { advance }, 200);
    await ctx.rig.engine.bus.settle();
    return 0;
  });
}

async function phase(
  ctx: Context,
  name: string,
  kind: EnginePhaseKind,
  inputs: number,
  enrollments: number,
  work: () => Promise<number>,
): Promise<EnginePhase> {
  const stepsBefore = stepCount(await counters(ctx));
  const tallyBefore = ctx.meter.snapshot();
  const seen = new Set(ctx.rig.engine.bus.recent().map((e) => e.id));
  const measured: PhaseResult = await measurePhase(ctx.rig, { name, events: inputs, targets: 'workflow' }, work);
  const published = ctx.rig.engine.bus.recent().filter((e) => !seen.has(e.id));
  const invokedBy = workflowInvocations(published);
  const tallyAfter = ctx.meter.snapshot();
  const tally = (fn: string): WorkflowTally =>
    diffTally(tallyAfter[fn] ?? emptyTally(), tallyBefore[fn] ?? emptyTally());
  const byFunction: Record<string, DynamoCounters> = {};
  for (const fn of workflowFunctions) {
    const counters = measured.byFunction[fn];
    if (counters) byFunction[fn] = withoutProbes(counters, tally(fn).probes);
  }
  const sweepRuns = tally('workflow-timers').sweepRuns;
  const cartSweep = measured.byFunction[cartSweepFunction];
  return {
    name,
    kind,
    inputs,
    steps: stepCount(await counters(ctx)) - stepsBefore,
    invocations: Object.values(invokedBy).reduce((a, b) => a + b, 0) + sweepRuns,
    invokedBy,
    sweepRuns,
    sweepKeys: tally('workflow-timers').sweepKeys,
    dynamo: sumCounters(Object.values(byFunction)),
    byFunction,
    indexWrites: workflowFunctions.reduce((n, fn) => n + indexEntryWrites(byFunction[fn]), 0),
    indexWriteUnits: workflowFunctions.reduce((n, fn) => n + indexUnits(byFunction[fn] ?? emptyCounters()), 0),
    probeQueries: tally('workflow-timers').probes.queries,
    enrollments,
    wallMs: measured.wallMs,
    cpuMicros: measured.cpuMicros,
    allRequests: totalRequests(measured.dynamo),
    failedAttempts: measured.failedAttempts,
    parked: measured.parked,
    cartSweep: cartSweep
      ? {
          dynamo: withoutProbes(cartSweep, tally(cartSweepFunction).probes),
          announced: published.filter((e) => e['detail-type'] === 'Cart Abandoned').length,
        }
      : null,
  };
}

const indexEntryWrites = (d: DynamoCounters | undefined): number =>
  Object.values(d?.indexWrites ?? {}).reduce((a, b) => a + b, 0);

/** The events among `events` that the routing table sends to the workflow function, by detail-type. */
function workflowInvocations(events: readonly EventEnvelope[]): Record<string, number> {
  const toWorkflow = routes.filter((r) => r.target === 'workflow');
  const counts: Record<string, number> = {};
  for (const event of events) {
    const type = event['detail-type'];
    if (toWorkflow.some((r) => matchesPattern(r.pattern, event))) counts[type] = (counts[type] ?? 0) + 1;
  }
  return counts;
}

/** The workflow's report counters (the shipped version), read with the bench's own client. */
async function counters(ctx: Context): Promise<Readonly<Record<string, number>>> {
  return (await ctx.stats.read(workflowId))[workflowVersion] ?? {};
}

const stepCount = (counts: Readonly<Record<string, number>>): number =>
  Object.entries(counts).reduce((n, [name, v]) => (name.startsWith('step:') ? n + v : n), 0);

/** Enrollment items in the table, and those on the timer index due at `at` (a Scan by the bench, not metered). */
async function countEnrollments(rig: Rig, at: string): Promise<{ enrollments: number; due: number }> {
  let enrollments = 0;
  let due = 0;
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await rig.reader.send(
      new ScanCommand({
        TableName: rig.engine.tableName,
        FilterExpression: 'begins_with(sk, :enr)',
        ExpressionAttributeValues: { ':enr': 'ENR#' },
        ProjectionExpression: 'dueShard, dueAt',
        ExclusiveStartKey,
      }),
    );
    for (const item of page.Items ?? []) {
      enrollments++;
      if (typeof item.dueShard === 'string' && typeof item.dueAt === 'string' && item.dueAt <= at) due++;
    }
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return { enrollments, due };
}

/** The entry with its detail's `occurredAt` set to `at`. */
function stamped(entry: PutEventsRequestEntry, at: string): PutEventsRequestEntry {
  const detail: unknown = JSON.parse(entry.Detail ?? '{}');
  const fields = typeof detail === 'object' && detail !== null ? detail : {};
  return { ...entry, Detail: JSON.stringify({ ...fields, occurredAt: at }) };
}

/** The figures of the `step` phases added up: what the totals and the cost are computed from. */
export function stepTotals(phases: readonly EnginePhase[]) {
  const counted = phases.filter((p) => p.kind === 'step');
  const sum = (f: (p: EnginePhase) => number) => counted.reduce((n, p) => n + f(p), 0);
  return {
    steps: sum((p) => p.steps),
    invocations: sum((p) => p.invocations),
    indexWrites: sum((p) => p.indexWrites),
    indexWriteUnits: sum((p) => p.indexWriteUnits),
    cpuMicros: sum((p) => p.cpuMicros),
    dynamo: counted.length ? sumCounters(counted.map((p) => p.dynamo)) : emptyCounters(),
    byFunction: Object.fromEntries(
      workflowFunctions.map((fn) => [fn, sumCounters(counted.flatMap((p) => p.byFunction[fn] ?? []))]),
    ),
  };
}
