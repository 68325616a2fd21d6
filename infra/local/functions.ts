import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createEngagementHandler } from '../../functions/engagement/engagement.js';
import { createInboundHandler } from '../../functions/inbound/inbound.js';
import { createLoyaltyHandler } from '../../functions/loyalty/loyalty.js';
import { runMessageSweep } from '../../functions/message-sweep/sweep.js';
import { createPurgeHandler } from '../../functions/purge/purge.js';
import { createTrackHandler } from '../../functions/track/track.js';
import { createWorkflowHandler } from '../../functions/workflow/workflow.js';
import { runTimerSweep } from '../../functions/workflow-timers/timers.js';
import { createPurgeService } from '../../shared/lifecycle/compose.js';
import { sweepAbandonedCarts } from '../../shared/lifecycle/core/cart-abandonment.js';
import {
  addDays,
  type InactivityBasis,
  inactivityBases,
  longestThreshold,
  nextCrossingSweep,
  sweepInactivity,
} from '../../shared/lifecycle/core/inactivity.js';
import { loadInactivityConfig } from '../../shared/lifecycle/inactivity-config.js';
import { DynamoAbandonedCartStore } from '../../shared/lifecycle/store/cart-store.js';
import { DynamoInactivityStore } from '../../shared/lifecycle/store/inactivity-store.js';
import type { LoyaltyRuntime } from '../../shared/loyalty/compose.js';
import { createLoyaltyRuntime } from '../../shared/loyalty/compose.js';
import { type LoyaltyProgram, parseLoyaltyProgram } from '../../shared/loyalty/core/program.js';
import { sweepLoyalty } from '../../shared/loyalty/core/sweep.js';
import type { EngagementReader, HeldMessages, Messenger } from '../../shared/messaging/core/ports.js';
import type { Config } from '../../shared/platform/config.js';
import { ValidationError } from '../../shared/platform/errors.js';
import { EventBridgePublisher } from '../../shared/platform/eventbridge/publisher.js';
import type { Runtime } from '../../shared/platform/lambda/runtime.js';
import type { EventFunctionName, SweepName } from '../../shared/platform/routing.js';
import { runSegments } from '../../shared/segments/core/nightly.js';
import { DynamoSegmentsStore } from '../../shared/segments/store/segments-store.js';
import { createTracking } from '../../shared/tracking/compose.js';
import { createWorkflowRuntime, type WorkflowRuntime } from '../../shared/workflow/compose.js';
import type { Workflow } from '../../shared/workflow/core/schema/workflow.js';
import { type LocalHandler, localContext } from './bus.js';
import type { ScheduledJob } from './scheduler.js';

/** The same handlers the Lambda functions export, built over the local servers, plus the scheduled jobs. */
export interface LocalFunctions {
  readonly handlers: Readonly<Record<EventFunctionName, LocalHandler>>;
  /** The inbound-replies function (an SNS subscriber on AWS): the SMS and WhatsApp servers' `POST /inbound`. */
  readonly inbound: (snsEvent: unknown) => Promise<unknown>;
  readonly jobs: readonly ScheduledJob[];
  readonly loyalty: LoyaltyRuntime;
  /** The workflow function's runtime and the timer sweep's: `loadWorkflows` publishes and runs new files in both. */
  readonly workflow: WorkflowRuntime;
  loadWorkflows(workflows: readonly Workflow[], at: string): Promise<void>;
}

/** Messaging as each function sees it (built over that function's runtime). */
export interface LocalMessaging {
  readonly messenger: Messenger;
  readonly engagement: EngagementReader | null;
  /** Messages held through quiet hours; without it (a bench's recording messenger) there is no message sweep. */
  readonly held?: HeldMessages;
}

/** `runtimeFor(name)`: the runtime (own DynamoDB client) of the function called `name`. */
export function createLocalFunctions(
  runtimeFor: (functionName: string) => Runtime,
  config: Config,
  program: LoyaltyProgram,
  messagingFor: (rt: Runtime) => LocalMessaging,
): LocalFunctions {
  const loyaltyRt = runtimeFor('loyalty');
  const loyalty = createLoyaltyRuntime(loyaltyRt, config, program);
  const sweep = createLoyaltyRuntime(runtimeFor('loyalty-sweep'), config, program);
  const workflowFor = (rt: Runtime) =>
    createWorkflowRuntime(rt, {
      loyalty: createLoyaltyRuntime(rt, config, program),
      ...messagingFor(rt),
      publisher: EventBridgePublisher.create(config.EVENT_BUS_NAME, config.EVENTBRIDGE_ENDPOINT),
    });
  const workflowRt = runtimeFor('workflow');
  const workflow = workflowFor(workflowRt);
  const timers = workflowFor(runtimeFor('workflow-timers'));
  const held = messagingFor(runtimeFor('message-sweep')).held;
  const inbound = createInboundHandler(runtimeFor('inbound'));
  const carts = new DynamoAbandonedCartStore(runtimeFor('cart-sweep').db, config.TABLE_NAME);
  const cartPublisher = EventBridgePublisher.create(config.EVENT_BUS_NAME, config.EVENTBRIDGE_ENDPOINT);
  const inactivity = inactivityJob(runtimeFor('inactivity-sweep'), config);
  const localJobs: Record<SweepName, ScheduledJob | null> = {
    'loyalty-sweep': {
      name: 'loyalty-sweep',
      run: (now) => sweepLoyalty(sweep.store, sweep.service, now.toISOString()),
      nextDueAt: (after) => sweep.store.earliestDueAt(after.toISOString()),
    },
    'workflow-timers': {
      name: 'workflow-timers',
      run: () => runTimerSweep(timers.executor),
      nextDueAt: (after) => timers.executor.earliestDueAt(after.toISOString()),
    },
    'inactivity-sweep': inactivity,
    'segments-sweep': segmentsJob(runtimeFor('segments-sweep'), config),
    'cart-sweep': {
      name: 'cart-sweep',
      run: (now) => sweepAbandonedCarts(carts, cartPublisher, now.toISOString()),
      nextDueAt: (after) => carts.earliestDueAt(after.toISOString()),
    },
    // Without held messages (a bench's recording messenger) there is nothing to sweep.
    'message-sweep': held
      ? {
          name: 'message-sweep',
          run: (now: Date) => runMessageSweep(held, () => now),
          nextDueAt: (after: Date) => held.earliestDueAt(after.toISOString()),
        }
      : null,
  };
  return {
    handlers: {
      track: trackHandler(runtimeFor('track'), config),
      loyalty: createLoyaltyHandler(loyaltyRt, loyalty.service),
      engagement: createEngagementHandler(runtimeFor('engagement')),
      workflow: createWorkflowHandler(workflowRt, workflow.executor),
      purge: purgeHandler(runtimeFor('purge'), config),
    },
    inbound: (snsEvent) => inbound(snsEvent, localContext('inbound', randomUUID())),
    // Keyed by the entry-point table's sweeps, so a sweep added there and not here fails to compile.
    jobs: Object.values(localJobs).filter((job): job is ScheduledJob => job !== null),
    loyalty,
    workflow,
    loadWorkflows: async (workflows, at) => {
      await workflow.catalog.load(workflows, at);
      await timers.catalog.load(workflows, at);
    },
  };
}

/**
 * The daily inactivity sweep on the engine's clock. A clock jump stops at each midnight (UTC) after which someone has
 * crossed a threshold of either basis (found from the indexes by last-active and last-order day), so the announcement
 * comes when it would on AWS, and at no other: the scheduler runs every job at every stop, so the day already swept is
 * remembered here and those runs read nothing.
 */
function inactivityJob(rt: Runtime, config: Config): ScheduledJob {
  const settings = loadInactivityConfig();
  const store = new DynamoInactivityStore(rt.db, rt.table);
  const publisher = EventBridgePublisher.create(config.EVENT_BUS_NAME, config.EVENTBRIDGE_ENDPOINT);
  let sweptThrough: string | null = null;
  return {
    name: 'inactivity-sweep',
    run: async (now) => {
      const yesterday = addDays(now.toISOString().slice(0, 10), -1);
      if (sweptThrough !== null && sweptThrough >= yesterday) return;
      await sweepInactivity(store, publisher, settings.thresholds, now, settings.maxCatchUpDays);
      sweptThrough = yesterday;
    },
    nextDueAt: async (after) => {
      const today = after.toISOString().slice(0, 10);
      const lastDays: Partial<Record<InactivityBasis, Set<string>>> = {};
      for (const basis of inactivityBases) {
        const longest = longestThreshold(settings.thresholds, basis);
        if (longest > 0) lastDays[basis] = await store.lastDaysFrom(basis, addDays(today, -longest));
      }
      return nextCrossingSweep(lastDays, settings.thresholds, today);
    },
  };
}

/**
 * The nightly segments on the engine's clock: once per engine day, at the first run after 01:00 UTC (as the schedule on
 * AWS). It makes no clock jump stop at every night (a year's jump would run it 365 times): a jump runs it once, at the
 * end, which gives the classes as of then.
 */
function segmentsJob(rt: Runtime, config: Config): ScheduledJob {
  const store = new DynamoSegmentsStore(rt.db, config.TABLE_NAME);
  const publisher = EventBridgePublisher.create(config.EVENT_BUS_NAME, config.EVENTBRIDGE_ENDPOINT);
  let ranFor: string | null = null;
  return {
    name: 'segments-sweep',
    run: async (now) => {
      const night = new Date(now.getTime() - 3_600_000).toISOString().slice(0, 10);
      if (ranFor !== null && ranFor >= night) return;
      ranFor = night;
      await runSegments(store, publisher, now);
    },
  };
}

/** Reads and validates the loyalty program file; a bad file stops the engine with the path and field. */
export function loadProgramFile(path: string): LoyaltyProgram {
  const text = readFileSync(path, 'utf8');
  try {
    return parseLoyaltyProgram(JSON.parse(text));
  } catch (error) {
    if (error instanceof ValidationError || error instanceof SyntaxError) {
      throw new Error(`${path}: ${error.message}`, { cause: error });
    }
    throw error;
  }
}

function purgeHandler(rt: Runtime, config: Config) {
  const publisher = EventBridgePublisher.create(config.EVENT_BUS_NAME, config.EVENTBRIDGE_ENDPOINT);
  return createPurgeHandler(rt, createPurgeService(rt, publisher));
}

function trackHandler(rt: Runtime, config: Config) {
  return createTrackHandler(rt, createTracking(rt, config));
}
