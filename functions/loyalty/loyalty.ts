import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { LoyaltyService } from '../../shared/loyalty/core/loyalty-service.js';
import { loyaltyForTrackedFact } from '../../shared/loyalty/core/track-loyalty.js';
import { parkInvalidEvents } from '../../shared/platform/lambda/park-invalid-events.js';
import type { Runtime } from '../../shared/platform/lambda/runtime.js';
import { parseEnvelope } from '../../shared/schemas/envelope.js';
import { parseTrackedFact } from '../../shared/tracking/core/fact.js';

/** A tracked Order Completed / Order Refunded / Customer Registered -> a posting on the customer's loyalty account. */
export const createLoyaltyHandler = (rt: Runtime, loyalty: LoyaltyService) =>
  middy<unknown, unknown>()
    .use(injectLambdaContext(rt.logger))
    .use(parkInvalidEvents({ route: 'loyalty', parked: rt.parked, now: rt.now, logger: rt.logger }))
    .handler(async (event) => loyaltyForTrackedFact(loyalty, parseTrackedFact(parseEnvelope(event))));
