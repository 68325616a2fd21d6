import { randomUUID } from 'node:crypto';
import type { DataRequestDeps } from '../customer/routes/data-request-routes.js';
import { exportCustomer } from '../customer/store/customer-export.js';
import type { EventPublisher } from '../platform/events.js';
import type { Runtime } from '../platform/lambda/runtime.js';
import { DynamoWorkflowStore } from '../workflow/store/workflow-store.js';
import { PurgeService } from './core/purge-service.js';
import { DynamoCustomerDataStore } from './store/customer-data-store.js';

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
