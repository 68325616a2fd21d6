import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createAdminApi, handleAdminRequest } from '../../shared/admin/admin.js';
import { CustomerReader } from '../../shared/customer/store/customer-reader.js';
import { createDataRequests } from '../../shared/lifecycle/compose.js';
import { unannouncedThreshold } from '../../shared/lifecycle/core/unannounced.js';
import { loadInactivityConfig } from '../../shared/lifecycle/inactivity-config.js';
import { DynamoInactiveCustomers } from '../../shared/lifecycle/store/inactive-customers.js';
import type { MessagingConfig } from '../../shared/messaging/adapters/config.js';
import { issueLine, TemplateSnapshot } from '../../shared/messaging/adapters/template-snapshot.js';
import { createMessenger } from '../../shared/messaging/compose.js';
import { defaultTokenLifetime } from '../../shared/messaging/core/unsubscribe.js';
import { DynamoMessageReader } from '../../shared/messaging/store/message-reader.js';
import { ControllableClock } from '../../shared/platform/clock.js';
import { loadConfig } from '../../shared/platform/config.js';
import { createDocumentClient } from '../../shared/platform/dynamodb/client.js';
import { ParkedEventStore } from '../../shared/platform/dynamodb/parked-events.js';
import { markTable } from '../../shared/platform/dynamodb/table-marker.js';
import { EventBridgePublisher } from '../../shared/platform/eventbridge/publisher.js';
import { json } from '../../shared/platform/http/http.js';
import { createRuntime, type Runtime } from '../../shared/platform/lambda/runtime.js';
import { routes } from '../../shared/platform/routing.js';
import { defaultTableName } from '../../shared/platform/table.js';
import { loadWorkflows } from '../../shared/workflow/adapters/workflow-files.js';
import type { Workflow } from '../../shared/workflow/core/schema/workflow.js';
import { DynamoEnrollmentStore } from '../../shared/workflow/store/enrollment-store.js';
import { DynamoWorkflowStore } from '../../shared/workflow/store/workflow-store.js';
import { type RunningAdmin, startAdminServer } from './admin-server.js';
import { LocalBus } from './bus.js';
import { BusJournal } from './bus-journal.js';
import { type LocalDynamo, startDynamo } from './dynamodb.js';
import { type RunningServer, startEventBridgeServer } from './eventbridge-server.js';
import { createLocalFunctions, type LocalMessaging, loadProgramFile } from './functions.js';
import { defaultPorts, type Ports } from './ports.js';
import { keepClockSaved } from './saved-clock.js';
import { LocalScheduler } from './scheduler.js';
import { type LocalSes, startSes } from './ses.js';
import { startSmsServer } from './sms-server.js';
import { localUnsubscribeKeys, localUnsubscribePages } from './unsubscribe.js';
import { startWhatsAppServer } from './whatsapp-server.js';
import { watchWorkflows } from './workflow-watch.js';

export { defaultPorts, type Ports } from './ports.js';

export interface EngineOptions {
  readonly ports?: Partial<Ports>;
  /** Where dynalite keeps its data; ignored with `memory`. */
  readonly dataDir?: string;
  readonly memory?: boolean;
  readonly clock?: ControllableClock;
  readonly log?: (line: string) => void;
  /** The loyalty program; default `workflows/loyalty.json`. */
  readonly programFile?: string;
  /** The workflow files (`*.workflow.json` and `templates/`); default `workflows/`. Reloaded when they change. */
  readonly workflowsDir?: string;
  /** Reload the workflow files when they change (default true). */
  readonly watchWorkflows?: boolean;
  /** Messaging as each function uses it; default: the real messenger over the local SES and SMS/WhatsApp servers. */
  readonly messaging?: (rt: Runtime) => LocalMessaging;
  /** Called with each function's DynamoDB client before use, e.g. so the bench can count requests and capacity. */
  readonly instrumentDynamo?: (client: DynamoDBDocumentClient, functionName: string) => void;
  /** `CART_ABANDONED_AFTER` (ISO-8601 duration, default PT1H): when an unordered cart counts as abandoned. */
  readonly cartAbandonedAfter?: string;
}

export interface LocalEngine {
  readonly endpoints: Record<keyof Ports, string>;
  readonly clock: ControllableClock;
  readonly bus: LocalBus;
  readonly scheduler: LocalScheduler;
  readonly tableName: string;
  /** The workflows running now (the newest files; reloaded on change). */
  readonly workflows: readonly Workflow[];
  stop(): Promise<void>;
}

/** The whole engine on one machine: DynamoDB, SES, EventBridge, the functions, the admin API. */
export async function startLocalEngine(options: EngineOptions = {}): Promise<LocalEngine> {
  const ports = { ...defaultPorts, ...options.ports };
  const clock = options.clock ?? new ControllableClock();
  const log = options.log ?? (() => undefined);
  const tableName = defaultTableName;
  const started: { close(): Promise<void> }[] = [];
  try {
    const dynamo: LocalDynamo = await startDynamo({
      port: ports.dynamodb,
      table: tableName,
      ...(options.memory ? {} : { path: join(options.dataDir ?? '.rekindle', 'dynamodb') }),
    });
    started.push(dynamo);
    const ses: LocalSes = await startSes({ port: ports.ses });
    started.push(ses);
    // Replies a customer sends (`POST /inbound` on either server) go to the inbound function, bound once it exists.
    let inbound: ((snsEvent: unknown) => Promise<unknown>) | undefined;
    const onInbound = async (snsEvent: unknown) => inbound?.(snsEvent);
    const now = () => clock.now();
    const sms = await startSmsServer({ port: ports.sms, now, onInbound });
    started.push(sms);
    const whatsapp = await startWhatsAppServer({ port: ports.whatsapp, now, onInbound });
    started.push(whatsapp);

    // One DynamoDB client per function, as on Lambda: the bench meters each function on its own.
    const clients: DynamoDBDocumentClient[] = [];
    const clientFor = (functionName: string): DynamoDBDocumentClient => {
      const client = createDocumentClient(dynamo.url);
      options.instrumentDynamo?.(client, functionName);
      clients.push(client);
      return client;
    };
    // Persisted, the bus keeps what it accepted until handled or parked, and the clock is saved as it moves.
    const dataDir = options.dataDir ?? '.rekindle';
    const journal = options.memory ? undefined : await openJournal(join(dataDir, 'bus-journal'), log);
    if (journal) started.push(journal.journal);
    const clockKeeper = options.memory
      ? undefined
      : keepClockSaved(dataDir, clock, (error) => log(`could not save the clock: ${errorText(error)}`));
    if (clockKeeper) started.push(clockKeeper);
    // The bus exists once the functions do, and they need the EventBridge URL to publish: bind late. An event put
    // before then waits for the bus (PutEvents answers once it is accepted), rather than being dropped.
    let bindBus: (bus: LocalBus) => void = () => undefined;
    const boundBus = new Promise<LocalBus>((resolve) => {
      bindBus = resolve;
    });
    const eventBridge: RunningServer = await startEventBridgeServer({
      port: ports.eventBridge,
      buses: ['default', 'rekindle'],
      now: () => clock.now(),
      onEvents: async (events) => (await boundBus).publishAll(events),
    });
    started.push(eventBridge);

    const config = loadConfig({
      TABLE_NAME: tableName,
      EVENT_BUS_NAME: 'rekindle',
      EVENTBRIDGE_ENDPOINT: eventBridge.url,
      CART_ABANDONED_AFTER: options.cartAbandonedAfter,
    });
    // What a function parks itself is counted with what the bus parks (bound once the bus exists).
    let countParked: () => void = () => undefined;
    const runtimeFor = (name: string) =>
      createRuntime(config, {
        service: name,
        now: () => clock.now(),
        db: clientFor(name),
        onParked: () => countParked(),
      });
    const runtime = runtimeFor('admin');
    const workflowsDir = options.workflowsDir ?? defaultWorkflowsDir;
    const unsubscribeKeys = localUnsubscribeKeys(options);
    const messagingConfig = {
      ...localMessagingConfig(workflowsDir, {
        ses: ses.url,
        sms: sms.url,
        whatsapp: whatsapp.url,
        admin: `http://127.0.0.1:${ports.admin}`,
      }),
      unsubscribe: { keys: unsubscribeKeys, lifetime: defaultTokenLifetime },
    };
    // Swapped in with the workflow files, once checked: a broken template save keeps the previous ones sending.
    const templates = new TemplateSnapshot(messagingConfig.templatesDir);
    const messaging =
      options.messaging ??
      ((rt: Runtime): LocalMessaging => {
        const built = createMessenger({ db: rt.db, table: rt.table, config: messagingConfig, templates });
        started.push({ close: async () => built.destroy() });
        return built;
      });
    const functions = createLocalFunctions(
      runtimeFor,
      config,
      loadProgramFile(options.programFile ?? programFile),
      messaging,
    );
    inbound = functions.inbound;
    let running: readonly Workflow[] = [];
    const reloadWorkflows = async () => {
      const workflows = loadWorkflows(workflowsDir);
      const { thresholds } = loadInactivityConfig();
      for (const workflow of workflows) {
        const unannounced = unannouncedThreshold(workflow, thresholds);
        if (unannounced) log(`warning: workflow ${workflow.id}: ${unannounced}`);
      }
      const checked = await templates.prepare(workflows);
      for (const warning of checked.warnings) log(`warning: ${issueLine(warning, 'templates/')}`);
      await functions.loadWorkflows(workflows, clock.now().toISOString());
      checked.use();
      running = workflows;
      return workflows;
    };
    await reloadWorkflows();
    if (options.watchWorkflows !== false) started.push(watchWorkflows(workflowsDir, reloadWorkflows, log));
    const localBus = new LocalBus({
      routes,
      handlers: functions.handlers,
      // Its own store: the bus counts what it parks itself.
      parked: new ParkedEventStore(runtime.db, tableName),
      now: () => clock.now(),
      ...(journal ? { journal: journal.journal } : {}),
      onError: (route, event, error, attempt) =>
        log(`${route.id}: attempt ${attempt} for event ${event.id} failed: ${errorText(error)}`),
      // Ids, detail-type and route only: the error of a failed write may quote the item, PII included.
      onParkError: (routeId, event, error) =>
        log(
          `${routeId}: could not park event ${event.id} (${event['detail-type']}): ${errorName(error)}; ` +
            'kept in the bus journal, retried on the next start',
        ),
    });
    bindBus(localBus);
    countParked = () => localBus.countParkedByHandler();
    if (journal?.unfinished.length) {
      log(`bus journal: replaying ${journal.unfinished.length} unfinished deliveries from the last run`);
      localBus.replay(journal.unfinished);
    }
    const scheduler = new LocalScheduler(
      functions.jobs,
      () => clock.now(),
      (job, error) => log(`${job}: ${errorText(error)}`),
    );
    scheduler.start(10_000);
    started.push({ close: () => scheduler.stop() });

    // Moving the clock fires what came due, then waits for the events that caused: a 60-day jump runs in one call.
    // Each move is saved at once, so a crash during a long jump restarts no earlier than the timers already fired.
    const savedClock = {
      set: (at: Date) => {
        const moved = clock.set(at);
        clockKeeper?.save();
        return moved;
      },
    };
    const clockControl = {
      now: () => clock.now(),
      set: async (to: Date) => {
        if (to < clock.now()) return clock.set(to); // refused: the clock only moves forward
        await scheduler.advanceTo(to, savedClock, () => localBus.settle());
        return clock.now();
      },
    };
    const loyalty = { ...functions.loyalty, now: () => clock.now() };
    const api = createAdminApi({
      customers: new CustomerReader(runtime.db, tableName),
      parked: runtime.parked,
      clock: clockControl,
      loyalty,
      messages: new DynamoMessageReader(runtime.db, tableName),
      reports: { inactive: new DynamoInactiveCustomers(runtime.db, tableName), now: () => clock.now() },
      workflows: {
        enrollments: new DynamoEnrollmentStore(runtime.db, tableName),
        workflows: new DynamoWorkflowStore(runtime.db, tableName),
      },
      dataRequests: createDataRequests(
        runtime,
        EventBridgePublisher.create(config.EVENT_BUS_NAME, config.EVENTBRIDGE_ENDPOINT),
      ),
    });
    // Local only: wait until every event sent so far has been handled (scripts and tests use it instead of sleeping).
    api.add('POST', '/settle', async () => {
      await localBus.settle();
      return json(200, { ...localBus.stats });
    });
    // Local only: what went over the bus lately, e.g. `?type=Points Awarded` (AWS has the archive for this).
    api.add('GET', '/bus/events', async (req) =>
      json(200, { items: localBus.recent(req.query.get('type') ?? undefined).slice(0, 200) }),
    );
    const admin: RunningAdmin = await startAdminServer({
      port: ports.admin,
      handle: (request) => handleAdminRequest(api, request),
      pages: localUnsubscribePages(runtimeFor('unsubscribe'), unsubscribeKeys),
      onError: (error) => log(`admin API error: ${error instanceof Error ? error.stack : error}`),
    });
    started.push(admin);
    const endpoints = {
      admin: admin.url,
      eventBridge: eventBridge.url,
      dynamodb: dynamo.url,
      ses: ses.url,
      sms: sms.url,
      whatsapp: whatsapp.url,
    };
    // Local only: which table and clock this engine serves, so `rekindle` commands act on this engine's data and time.
    api.add('GET', '/engine', async () => json(200, { table: tableName, now: clock.now().toISOString(), endpoints }));
    // The table names its engine: a command given only the DynamoDB endpoint finds the clock here.
    await markTable(runtime.db, tableName, clock.now().toISOString(), admin.url);

    return {
      endpoints,
      clock,
      bus: localBus,
      scheduler,
      tableName,
      get workflows() {
        return running;
      },
      stop: async () => {
        await scheduler.stop();
        await localBus.settle();
        for (const client of clients) client.destroy();
        await closeAll(started);
      },
    };
  } catch (error) {
    await closeAll(started);
    throw error;
  }
}

const programFile = fileURLToPath(new URL('../../workflows/loyalty.json', import.meta.url));
const defaultWorkflowsDir = fileURLToPath(new URL('../../workflows', import.meta.url));
const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));
const errorName = (error: unknown): string => (error instanceof Error ? error.name : typeof error);

/** The bus journal under the data dir, and the deliveries the last run left unfinished. */
async function openJournal(dir: string, log: (line: string) => void) {
  const opened = await BusJournal.open(dir, {
    onError: (error) => log(`bus journal: a finish record was not written (${errorName(error)}); it will replay`),
  });
  if (opened.skippedLines > 0) log(`bus journal: skipped ${opened.skippedLines} unreadable line(s) (a torn write)`);
  return opened;
}

async function closeAll(servers: { close(): Promise<void> }[]): Promise<void> {
  for (const server of servers.reverse()) await server.close().catch(() => undefined);
}

/** The local shop: a sender address, the capture servers as providers, unsubscribe links on the admin API. */
function localMessagingConfig(
  workflowsDir: string,
  urls: { ses: string; sms: string; whatsapp: string; admin: string },
): Omit<MessagingConfig, 'unsubscribe'> {
  return {
    emailFrom: 'Rekindle Demo Shop <shop@rekindle.local>',
    sesConfigurationSet: 'rekindle-local',
    smsOriginationIdentity: '+15550100000',
    whatsAppPhoneNumberId: 'phone-number-id-local',
    whatsAppMetaApiVersion: 'v20.0',
    currency: 'EUR',
    cartUrl: 'https://shop.example/cart/{cartId}',
    unsubscribeUrl: urls.admin,
    templatesDir: join(workflowsDir, 'templates'),
    endpoints: { ses: urls.ses, sms: urls.sms, whatsapp: urls.whatsapp },
  };
}
