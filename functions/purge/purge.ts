import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import * as z from 'zod';
import type { PurgeService } from '../../shared/lifecycle/core/purge-service.js';
import { parkInvalidEvents } from '../../shared/platform/lambda/park-invalid-events.js';
import type { Runtime } from '../../shared/platform/lambda/runtime.js';
import { parseEnvelope, parseTypedDetail } from '../../shared/schemas/envelope.js';
import { customerPurgeRequested } from '../../shared/schemas/purge-events.js';

const request = z.object({ type: z.literal('Customer Purge Requested'), detail: customerPurgeRequested });

/** `Customer Purge Requested` -> the erasure (repeatable: a redelivery finds it done) -> `Customer Purged`. */
export const createPurgeHandler = (rt: Runtime, purge: PurgeService) =>
  middy<unknown, unknown>()
    .use(injectLambdaContext(rt.logger))
    .use(parkInvalidEvents({ route: 'purge', parked: rt.parked, now: rt.now, logger: rt.logger }))
    .handler(async (event) => {
      const { detail } = parseTypedDetail(request, parseEnvelope(event));
      const outcome = await purge.purge({
        customerId: detail.customerId,
        reason: detail.reason,
        requestedBy:
          detail.requestedBy ??
          (detail.workflowId ? `workflow ${detail.workflowId} step ${detail.step ?? 'purge'}` : 'event'),
        requestedAt: detail.occurredAt,
        ...(detail.inactiveSince ? { inactiveSince: detail.inactiveSince } : {}),
      });
      // Ids and counts only: the audit holds no contact data.
      rt.logger.info('purge', { customerId: detail.customerId, status: outcome.status });
      return outcome;
    });
