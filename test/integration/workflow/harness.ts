import { RecordingMessenger } from '../../../infra/local/recording-messenger.js';
import { LoyaltyService } from '../../../shared/loyalty/core/loyalty-service.js';
import { DynamoLoyaltyStore } from '../../../shared/loyalty/store/loyalty-store.js';
import { ControllableClock } from '../../../shared/platform/clock.js';
import type { OutgoingEvent } from '../../../shared/platform/events.js';
import type { EventEnvelope } from '../../../shared/schemas/envelope.js';
import type { TrackedFact } from '../../../shared/tracking/core/fact.js';
import { trackStorefrontEvent } from '../../../shared/tracking/core/track-storefront.js';
import { PublishedCatalog } from '../../../shared/workflow/adapters/catalog.js';
import { StoredCustomerFacts } from '../../../shared/workflow/adapters/customer-facts.js';
import { StepEffects } from '../../../shared/workflow/adapters/step-effects.js';
import { WorkflowExecutor } from '../../../shared/workflow/core/executor/executor.js';
import type { Effects } from '../../../shared/workflow/core/executor/ports.js';
import { fromTrackedFact } from '../../../shared/workflow/core/executor/workflow-event.js';
import { type Workflow, workflowDefinition } from '../../../shared/workflow/core/schema/workflow.js';
import { DynamoDateTimers } from '../../../shared/workflow/store/date-timers.js';
import { DynamoEnrollmentStore } from '../../../shared/workflow/store/enrollment-store.js';
import { DynamoWorkflowStore } from '../../../shared/workflow/store/workflow-store.js';
import type { DynamoFixture } from '../../helpers/dynamo.js';
import { shippedProgram } from '../loyalty/harness.js';

export interface ExecutorFixture {
  readonly executor: WorkflowExecutor;
  readonly clock: ControllableClock;
  readonly messenger: RecordingMessenger;
  readonly published: OutgoingEvent[];
  readonly enrollments: DynamoEnrollmentStore;
  readonly workflows: DynamoWorkflowStore;
  readonly catalog: PublishedCatalog;
  /** Tracks the event (timeline, profile) and hands it to the executor, as the two functions would. */
  /** Tracks a storefront event, then gives its fact to the executor; returns the fact (none when dropped). */
  deliver(envelope: EventEnvelope): Promise<TrackedFact | undefined>;
}

/** The executor over real stores on the test's table; `effects` wraps the real ones (e.g. to fail on purpose). */
export async function executorFixture(
  f: DynamoFixture,
  workflows: readonly Workflow[],
  options: { start?: string; effects?: (real: Effects) => Effects } = {},
): Promise<ExecutorFixture> {
  const clock = new ControllableClock({ start: new Date(options.start ?? '2026-11-02T10:00:00.000Z'), frozen: true });
  const now = () => clock.now();
  const messenger = new RecordingMessenger();
  const published: OutgoingEvent[] = [];
  const publisher = { publish: async (events: readonly OutgoingEvent[]) => void published.push(...events) };
  const loyaltyStore = new DynamoLoyaltyStore(f.db, f.table);
  const store = new DynamoWorkflowStore(f.db, f.table);
  const catalog = new PublishedCatalog(store);
  await catalog.load(workflows, now().toISOString());
  const enrollments = new DynamoEnrollmentStore(f.db, f.table);
  const real = new StepEffects({
    messenger,
    loyalty: new LoyaltyService(loyaltyStore, publisher, shippedProgram()),
    profiles: f.profiles,
    publisher,
  });
  const executor = new WorkflowExecutor({
    store: enrollments,
    catalog,
    facts: new StoredCustomerFacts(f.reader, loyaltyStore, null, now),
    effects: options.effects ? options.effects(real) : real,
    counters: store,
    dates: new DynamoDateTimers(f.db, f.table),
    now,
  });
  return {
    executor,
    clock,
    messenger,
    published,
    enrollments,
    workflows: store,
    catalog,
    deliver: async (envelope) => {
      const { fact } = await trackStorefrontEvent(f.store, envelope);
      if (fact) await executor.onEvent(fromTrackedFact(fact));
      return fact;
    },
  };
}

/** A cart recovery workflow: email 4 hours after the cart, wait a day for the order, else an SMS coupon. */
export function cartRecovery(overrides: Record<string, unknown> = {}): Workflow {
  return workflowDefinition.parse({
    id: 'cart-recovery',
    version: 1,
    name: 'Cart recovery',
    trigger: { event: { detailType: 'Cart Updated' } },
    correlation: { key: 'cartId' },
    reentry: { policy: 'afterExit' },
    goal: { event: 'Order Completed', within: 'P7D', match: { cartId: '$enrollment.key' }, revenueField: 'total' },
    start: 'wait-4h',
    steps: {
      'wait-4h': { type: 'wait', duration: 'PT4H', next: 'email' },
      email: { type: 'send', channel: 'email', template: 'cart-reminder', next: 'wait-order' },
      'wait-order': {
        type: 'waitForEvent',
        event: 'Order Completed',
        match: { cartId: '$enrollment.key' },
        timeout: 'P1D',
        onEvent: 'done',
        onTimeout: 'sms',
      },
      sms: { type: 'send', channel: 'sms', template: 'cart-coupon', next: 'done' },
      done: { type: 'exit' },
    },
    ...overrides,
  });
}
