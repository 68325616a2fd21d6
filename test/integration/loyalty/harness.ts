import { readFileSync } from 'node:fs';
import { afterAll, beforeAll } from 'vitest';
import type { LocalDynamo } from '../../../infra/local/dynamodb.js';
import { startDynamo } from '../../../infra/local/dynamodb.js';
import { type BusEvent, type RunningServer, startEventBridgeServer } from '../../../infra/local/eventbridge-server.js';
import { type LoyaltyProgram, parseLoyaltyProgram } from '../../../shared/loyalty/core/program.js';
import { DynamoLoyaltyStore } from '../../../shared/loyalty/store/loyalty-store.js';
import { createDocumentClient } from '../../../shared/platform/dynamodb/client.js';
import { EventBridgePublisher } from '../../../shared/platform/eventbridge/publisher.js';
import { shippedProgramFile } from '../../helpers/shipped-workflows.js';

/** The shipped program, optionally adjusted for a test (e.g. flat tier multipliers). */
export function shippedProgram(adjust: (p: Record<string, unknown>) => void = () => undefined): LoyaltyProgram {
  const json: Record<string, unknown> = JSON.parse(readFileSync(shippedProgramFile(), 'utf8'));
  adjust(json);
  return parseLoyaltyProgram(json);
}

export interface LoyaltyFixture {
  /** The local DynamoDB's endpoint, for a client of a test's own (e.g. metered) on table `loyalty`. */
  readonly dynamoUrl: string;
  readonly store: DynamoLoyaltyStore;
  readonly publisher: EventBridgePublisher;
  /** Every event the publisher put, as the local EventBridge endpoint received them (real SDK, real protocol). */
  readonly published: BusEvent[];
}

/** dynalite + the local PutEvents endpoint for one test file. */
export function useLoyaltyServers(): () => LoyaltyFixture {
  let dynamo: LocalDynamo | undefined;
  let eventBridge: RunningServer | undefined;
  let fixture: LoyaltyFixture | undefined;
  beforeAll(async () => {
    dynamo = await startDynamo({ port: 0, table: 'loyalty' });
    const published: BusEvent[] = [];
    eventBridge = await startEventBridgeServer({
      port: 0,
      buses: ['rekindle'],
      now: () => new Date(),
      onEvents: (events) => {
        published.push(...events);
      },
    });
    fixture = {
      dynamoUrl: dynamo.url,
      store: new DynamoLoyaltyStore(createDocumentClient(dynamo.url), 'loyalty'),
      publisher: EventBridgePublisher.create('rekindle', eventBridge.url),
      published,
    };
  });
  afterAll(async () => {
    await eventBridge?.close();
    await dynamo?.close();
  });
  return () => {
    if (!fixture) throw new Error('servers did not start');
    return fixture;
  };
}
