import middy from '@middy/core';
import { parkInvalidEvents } from '../../shared/adapters/lambda/park-invalid-events.js';
import type { Runtime } from '../../shared/adapters/lambda/runtime.js';
import { trackEngagementEvent } from '../../shared/domain/tracking/track-engagement.js';
import { parseEnvelope } from '../../shared/schemas/envelope.js';

/** SES engagement event -> the recipient's timeline; hard bounces and complaints -> suppression. */
export const createEngagementHandler = (rt: Runtime) =>
  middy<unknown, unknown>()
    .use(parkInvalidEvents({ route: 'engagement', parked: rt.parked, now: rt.now, logger: rt.logger }))
    .handler(async (event) => {
      const result = await trackEngagementEvent(rt.tracking, parseEnvelope(event));
      if (result.customerId === null) rt.logger.info('engagement not attributed to a customer');
      return result;
    });
