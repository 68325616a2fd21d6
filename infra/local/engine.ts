import { join } from 'node:path';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createEngagementHandler } from '../../functions/engagement/engagement.js';
import { createTrackHandler } from '../../functions/track/track.js';
import { ControllableClock } from '../../shared/adapters/clock.js';
import { createDocumentClient } from '../../shared/adapters/dynamodb/client.js';
import { CustomerReader } from '../../shared/adapters/dynamodb/customer-reader.js';
import { createRuntime } from '../../shared/adapters/lambda/runtime.js';
import { createAdminApi, handleAdminRequest } from '../../shared/api/admin.js';
import { json } from '../../shared/api/http.js';
import { routes } from '../../shared/routing.js';
import { defaultTableName } from '../../shared/table.js';
import { type RunningAdmin, startAdminServer } from './admin-server.js';
import { LocalBus } from './bus.js';
import { type LocalDynamo, startDynamo } from './dynamodb.js';
import { type RunningServer, startEventBridgeServer } from './eventbridge-server.js';
import { type LocalSes, startSes } from './ses.js';

/** Default ports of DESIGN.md; each can be overridden (0 = any free port, as tests do). */
export const defaultPorts = { admin: 3000, eventBridge: 4010, dynamodb: 8000, ses: 8005 } as const;
export type Ports = Record<keyof typeof defaultPorts, number>;

export interface EngineOptions {
  readonly ports?: Partial<Ports>;
  /** Where dynalite keeps its data; ignored with `memory`. */
  readonly dataDir?: string;
  readonly memory?: boolean;
  readonly clock?: ControllableClock;
  readonly log?: (line: string) => void;
  /** Called with the functions' DynamoDB client before use, e.g. so the bench can count requests and capacity. */
  readonly instrumentDynamo?: (client: DynamoDBDocumentClient) => void;
}

export interface LocalEngine {
  readonly endpoints: { admin: string; eventBridge: string; dynamodb: string; ses: string };
  readonly clock: ControllableClock;
  readonly bus: LocalBus;
  readonly tableName: string;
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

    const db = createDocumentClient(dynamo.url);
    options.instrumentDynamo?.(db);
    const runtime = createRuntime({ TABLE_NAME: tableName, EVENT_BUS_NAME: 'rekindle' }, () => clock.now(), db);
    const bus = new LocalBus({
      routes,
      handlers: { track: createTrackHandler(runtime), engagement: createEngagementHandler(runtime) },
      parked: runtime.parked,
      now: () => clock.now(),
      onError: (route, event, error, attempt) =>
        log(
          `${route.id}: attempt ${attempt} for event ${event.id} failed: ${error instanceof Error ? error.message : error}`,
        ),
    });
    const eventBridge: RunningServer = await startEventBridgeServer({
      port: ports.eventBridge,
      buses: ['default', 'rekindle'],
      now: () => clock.now(),
      onEvents: (events) => {
        for (const { bus: name, event } of events) bus.publish(name, event);
      },
    });
    started.push(eventBridge);

    const api = createAdminApi({ customers: new CustomerReader(db, tableName), parked: runtime.parked, clock });
    // Local only: wait until every event sent so far has been handled (scripts and tests use it instead of sleeping).
    api.add('POST', '/settle', async () => {
      await bus.settle();
      return json(200, { ...bus.stats });
    });
    const admin: RunningAdmin = await startAdminServer({
      port: ports.admin,
      handle: (request) => handleAdminRequest(api, request),
      onError: (error) => log(`admin API error: ${error instanceof Error ? error.stack : error}`),
    });
    started.push(admin);

    return {
      endpoints: { admin: admin.url, eventBridge: eventBridge.url, dynamodb: dynamo.url, ses: ses.url },
      clock,
      bus,
      tableName,
      stop: async () => {
        await bus.settle();
        db.destroy();
        await closeAll(started);
      },
    };
  } catch (error) {
    await closeAll(started);
    throw error;
  }
}

async function closeAll(servers: { close(): Promise<void> }[]): Promise<void> {
  for (const server of servers.reverse()) await server.close().catch(() => undefined);
}
