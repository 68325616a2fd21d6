import middy from '@middy/core';
import { parkInvalidEvents } from '../../shared/platform/lambda/park-invalid-events.js';
import type { Runtime } from '../../shared/platform/lambda/runtime.js';
import { parseEnvelope } from '../../shared/schemas/envelope.js';
import { trackStorefrontEvent } from '../../shared/tracking/core/track-storefront.js';

/** Storefront event -> profile, identity, timeline, carts, orders, stats. */
export const createTrackHandler = (rt: Runtime) =>
  middy<unknown, unknown>()
    .use(parkInvalidEvents({ route: 'track', parked: rt.parked, now: rt.now, logger: rt.logger }))
    .handler(async (event) => {
      const result = await trackStorefrontEvent(rt.tracking, parseEnvelope(event));
      rt.logger.debug('tracked', { customerId: result.customerId, effects: result.effects });
      return result;
    });
