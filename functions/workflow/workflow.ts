import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { erasedBy } from '../../shared/lifecycle/core/purge.js';
import { parkInvalidEvents } from '../../shared/platform/lambda/park-invalid-events.js';
import type { Runtime } from '../../shared/platform/lambda/runtime.js';
import { parseEnvelope } from '../../shared/schemas/envelope.js';
import type { WorkflowExecutor } from '../../shared/workflow/core/executor/executor.js';
import { toWorkflowEvent } from '../../shared/workflow/core/executor/workflow-event.js';

/**
 * A Rekindle event about a customer (a tracked storefront fact, or what loyalty, lifecycle and workflows announce)
 * -> workflows entered, enrollments moved on (goal, exit, the event waited for). An event no published workflow hears
 * costs no read; a fact costs none for the customer either (it carries them, and tracking made the purge check).
 */
export const createWorkflowHandler = (rt: Runtime, executor: WorkflowExecutor) =>
  middy<unknown, unknown>()
    .use(injectLambdaContext(rt.logger))
    .use(parkInvalidEvents({ route: 'workflow', parked: rt.parked, now: rt.now, logger: rt.logger }))
    .handler(async (event) => {
      const envelope = parseEnvelope(event);
      if (!executor.hears(envelope['detail-type'])) return { status: 'ignored', reason: 'no workflow acts on it' };
      const incoming = toWorkflowEvent(envelope);
      // A late announcement (a Cart Abandoned, Points Awarded...) must not re-enrol a purged customer.
      const { customerId, occurredAt } = incoming;
      if (!incoming.customer && erasedBy(await rt.tracking.erasedAt(customerId), occurredAt)) {
        return { status: 'ignored', reason: 'the customer was purged after it occurred' };
      }
      return executor.onEvent(incoming);
    });
