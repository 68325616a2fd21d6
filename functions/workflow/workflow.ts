import middy from '@middy/core';
import { parkInvalidEvents } from '../../shared/adapters/lambda/park-invalid-events.js';
import type { Runtime } from '../../shared/adapters/lambda/runtime.js';
import { erasedBy } from '../../shared/domain/lifecycle/purge.js';
import type { WorkflowExecutor } from '../../shared/domain/workflow/executor/executor.js';
import { untilTracked } from '../../shared/domain/workflow/executor/tracked.js';
import { toWorkflowEvent } from '../../shared/domain/workflow/executor/workflow-event.js';
import { parseEnvelope } from '../../shared/schemas/envelope.js';

/**
 * Any event about a customer -> workflows entered, enrollments moved on (goal, exit, the event waited for). An event
 * no published workflow hears costs no read; a storefront event is acted on once tracking has recorded it.
 */
export const createWorkflowHandler = (rt: Runtime, executor: WorkflowExecutor) =>
  middy<unknown, unknown>()
    .use(parkInvalidEvents({ route: 'workflow', parked: rt.parked, now: rt.now, logger: rt.logger }))
    .handler(async (event) => {
      const envelope = parseEnvelope(event);
      if (!executor.hears(envelope['detail-type'])) return { status: 'ignored', reason: 'no workflow acts on it' };
      const incoming = await toWorkflowEvent(envelope, rt.tracking);
      if (!incoming) return { status: 'ignored', reason: 'anonymous visitor' };
      // Checked before waiting for tracking, which drops such events: a late event must not re-enrol a purged customer.
      if (erasedBy(await rt.tracking.erasedAt(incoming.customerId), incoming.occurredAt)) {
        return { status: 'ignored', reason: 'the customer was purged after it occurred' };
      }
      if (incoming.source !== 'rekindle') {
        const { customerId, id, detailType } = incoming;
        await untilTracked(() => rt.tracking.isTracked(customerId, id), `${detailType} ${id}`);
      }
      return executor.onEvent(incoming);
    });
