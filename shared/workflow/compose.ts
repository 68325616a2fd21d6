import { CustomerReader } from '../customer/store/customer-reader.js';
import type { LoyaltyRuntime } from '../loyalty/compose.js';
import type { EngagementReader, Messenger } from '../messaging/core/ports.js';
import type { EventPublisher } from '../platform/events.js';
import type { Runtime } from '../platform/lambda/runtime.js';
import { ProfileWriter } from '../tracking/store/profile-writer.js';
import { PublishedCatalog } from './adapters/catalog.js';
import { StoredCustomerFacts } from './adapters/customer-facts.js';
import { StepEffects } from './adapters/step-effects.js';
import { WorkflowExecutor } from './core/executor/executor.js';
import { DynamoDateTimers } from './store/date-timers.js';
import { DynamoEnrollmentStore } from './store/enrollment-store.js';
import { DynamoWorkflowStore } from './store/workflow-store.js';

export interface WorkflowRuntime {
  readonly executor: WorkflowExecutor;
  readonly catalog: PublishedCatalog;
  readonly workflows: DynamoWorkflowStore;
  readonly enrollments: DynamoEnrollmentStore;
}

export interface WorkflowRuntimeDeps {
  readonly loyalty: LoyaltyRuntime;
  readonly messenger: Messenger;
  readonly engagement: EngagementReader | null;
  readonly publisher: EventPublisher;
}

/** The executor over the runtime's table; `catalog.load(...)` must run before the first event. */
export function createWorkflowRuntime(rt: Runtime, deps: WorkflowRuntimeDeps): WorkflowRuntime {
  const workflows = new DynamoWorkflowStore(rt.db, rt.table);
  const enrollments = new DynamoEnrollmentStore(rt.db, rt.table);
  const catalog = new PublishedCatalog(workflows);
  const executor = new WorkflowExecutor({
    store: enrollments,
    catalog,
    facts: new StoredCustomerFacts(new CustomerReader(rt.db, rt.table), deps.loyalty.store, deps.engagement, rt.now),
    effects: new StepEffects({
      messenger: deps.messenger,
      loyalty: deps.loyalty.service,
      profiles: new ProfileWriter(rt.db, rt.table),
      publisher: deps.publisher,
    }),
    counters: workflows,
    dates: new DynamoDateTimers(rt.db, rt.table),
    now: rt.now,
  });
  return { executor, catalog, workflows, enrollments };
}
