import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { parkInvalidEvents } from '../../shared/platform/lambda/park-invalid-events.js';
import type { Runtime } from '../../shared/platform/lambda/runtime.js';
import { parseEnvelope } from '../../shared/schemas/envelope.js';
import { trackEngagementEvent } from '../../shared/tracking/core/track-engagement.js';

/** SES engagement event -> the recipient's timeline; hard bounces and complaints -> suppression. */
export const createEngagementHandler = (rt: Runtime) =>
  middy<unknown, unknown>()
    .use(injectLambdaContext(rt.logger))
    .use(parkInvalidEvents({ route: 'engagement', parked: rt.parked, now: rt.now, logger: rt.logger }))
    .handler(async (event) => {
      const result = await trackEngagementEvent(rt.tracking, parseEnvelope(event));
      if (result.customerId === null) rt.logger.info('engagement not attributed to a customer');
      return result;
    });
