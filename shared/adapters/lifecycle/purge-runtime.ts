import { randomUUID } from 'node:crypto';
import type { DataRequestDeps } from '../../api/data-request-routes.js';
import type { EventPublisher } from '../../domain/events.js';
import { PurgeService } from '../../domain/lifecycle/purge-service.js';
import { DynamoCustomerDataStore } from '../dynamodb/customer-data-store.js';
import { exportCustomer } from '../dynamodb/customer-export.js';
import { DynamoWorkflowStore } from '../dynamodb/workflow-store.js';
import type { Runtime } from '../lambda/runtime.js';

/** The purge over the table: the purge function, the admin API's DELETE and the CLI's `purge --approve` share it. */
export function createPurgeService(rt: Pick<Runtime, 'db' | 'table' | 'now'>, publisher: EventPublisher): PurgeService {
  return new PurgeService({
    store: new DynamoCustomerDataStore(rt.db, rt.table, new DynamoWorkflowStore(rt.db, rt.table)),
    publisher,
    now: rt.now,
    // Random, so the kept accounting rows cannot be linked back by recomputing it from the customer id.
    newPseudonym: () => `p_${randomUUID()}`,
  });
}

/** The admin API's data-subject requests: export and erasure. */
export function createDataRequests(
  rt: Pick<Runtime, 'db' | 'table' | 'now'>,
  publisher: EventPublisher,
): DataRequestDeps {
  return {
    export: (customerId) => exportCustomer(rt.db, rt.table, customerId, rt.now()),
    purge: createPurgeService(rt, publisher),
    now: rt.now,
  };
}
