import type { EventPublisher } from '../../domain/events.js';
import type { EngagementReader, Messenger } from '../../domain/messaging/ports.js';
import { WorkflowExecutor } from '../../domain/workflow/executor/executor.js';
import { CustomerReader } from '../dynamodb/customer-reader.js';
import { DynamoDateTimers } from '../dynamodb/date-timers.js';
import { DynamoEnrollmentStore } from '../dynamodb/enrollment-store.js';
import { ProfileWriter } from '../dynamodb/profile-writer.js';
import { DynamoWorkflowStore } from '../dynamodb/workflow-store.js';
import { PublishedCatalog } from '../workflow/catalog.js';
import { StoredCustomerFacts } from '../workflow/customer-facts.js';
import { StepEffects } from '../workflow/step-effects.js';
import type { LoyaltyRuntime } from './loyalty-runtime.js';
import type { Runtime } from './runtime.js';

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
