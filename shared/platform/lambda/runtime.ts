import { Logger } from '@aws-lambda-powertools/logger';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoTrackingStore } from '../../tracking/store/tracking-store.js';
import type { Config } from '../config.js';
import { createDocumentClient } from '../dynamodb/client.js';
import { ParkedEventStore } from '../dynamodb/parked-events.js';

/** What every event function needs, built once per cold start (or once by the local engine). */
export interface Runtime {
  readonly db: DynamoDBDocumentClient;
  readonly table: string;
  readonly tracking: DynamoTrackingStore;
  readonly parked: ParkedEventStore;
  readonly now: () => Date;
  readonly logger: Logger;
}

export interface RuntimeOptions {
  /** The function's name (its folder under functions/): each logs as its own service, not as the whole stack. */
  readonly service: string;
  readonly now?: () => Date;
  readonly db?: DynamoDBDocumentClient;
  /** Told of each event the function parks itself (invalid input), e.g. to count it locally. */
  readonly onParked?: () => void;
}

export function createRuntime(
  config: Config,
  { service, now = () => new Date(), db, onParked }: RuntimeOptions,
): Runtime {
  const client = db ?? createDocumentClient(config.DYNAMODB_ENDPOINT);
  const table = config.TABLE_NAME;
  return {
    db: client,
    table,
    tracking: new DynamoTrackingStore(client, table, {
      ...(config.CART_ABANDONED_AFTER ? { cartAbandonedAfter: config.CART_ABANDONED_AFTER } : {}),
    }),
    parked: new ParkedEventStore(client, table, onParked),
    now,
    logger: new Logger({ serviceName: `rekindle-${service}` }),
  };
}
