import type { Config } from '../platform/config.js';
import { EventBridgePublisher } from '../platform/eventbridge/publisher.js';
import type { EventPublisher } from '../platform/events.js';
import type { Runtime } from '../platform/lambda/runtime.js';
import type { EventEnvelope } from '../schemas/envelope.js';
import { type TrackResult, trackStorefrontEvent } from './core/track-storefront.js';

export interface Tracking {
  /** Records a storefront event once and publishes its fact (see `trackStorefrontEvent`). */
  track(envelope: EventEnvelope): Promise<TrackResult>;
}

/** Tracking over the runtime's table, handing facts to the configured bus. */
export function createTracking(
  rt: Runtime,
  config: Config,
  facts: EventPublisher = EventBridgePublisher.create(config.EVENT_BUS_NAME, config.EVENTBRIDGE_ENDPOINT),
): Tracking {
  return { track: (envelope) => trackStorefrontEvent(rt.tracking, envelope, facts, rt.now().toISOString()) };
}
