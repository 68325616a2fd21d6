import middy from '@middy/core';
import { erasedBy } from '../../shared/lifecycle/core/purge.js';
import { parkInvalidEvents } from '../../shared/platform/lambda/park-invalid-events.js';
import type { Runtime } from '../../shared/platform/lambda/runtime.js';
import { parseEnvelope } from '../../shared/schemas/envelope.js';
import type { WorkflowExecutor } from '../../shared/workflow/core/executor/executor.js';
import { untilTracked } from '../../shared/workflow/core/executor/tracked.js';
import { toWorkflowEvent } from '../../shared/workflow/core/executor/workflow-event.js';

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
      const { customerId, id, detailType, occurredAt } = incoming;
      const erased = async () => erasedBy(await rt.tracking.erasedAt(customerId), occurredAt);
      const purged = { status: 'ignored', reason: 'the customer was purged after it occurred' };
      if (incoming.source === 'rekindle') {
        // A late event must not re-enrol a purged customer.
        if (await erased()) return purged;
      } else {
        // Tracking drops what occurred before a purge, so an event it has not recorded yet may never be: asked only
        // then, an event already tracked costs no extra read.
        const tracked = () => rt.tracking.isTracked(customerId, id);
        if (!(await tracked()) && (await erased())) return purged;
        await untilTracked(tracked, `${detailType} ${id}`);
      }
      return executor.onEvent(incoming);
    });
