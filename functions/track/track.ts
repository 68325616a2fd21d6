import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { parkInvalidEvents } from '../../shared/platform/lambda/park-invalid-events.js';
import type { Runtime } from '../../shared/platform/lambda/runtime.js';
import { parseEnvelope } from '../../shared/schemas/envelope.js';
import type { Tracking } from '../../shared/tracking/compose.js';

/** Storefront event -> recorded once (profile, identity, timeline, carts, orders, stats), its fact handed on. */
export const createTrackHandler = (rt: Runtime, tracking: Tracking) =>
  middy<unknown, unknown>()
    .use(injectLambdaContext(rt.logger))
    .use(parkInvalidEvents({ route: 'track', parked: rt.parked, now: rt.now, logger: rt.logger }))
    .handler(async (event) => {
      const result = await tracking.track(parseEnvelope(event));
      rt.logger.debug('tracked', { customerId: result.customerId, effects: result.effects, dropped: result.dropped });
      return { customerId: result.customerId, key: result.key, effects: result.effects, dropped: result.dropped };
    });
