import type { Config } from '../../config.js';
import type { EventPublisher } from '../../domain/events.js';
import { LoyaltyService } from '../../domain/loyalty/loyalty-service.js';
import type { LoyaltyProgram } from '../../schemas/loyalty-program.js';
import { DynamoLoyaltyStore } from '../dynamodb/loyalty-store.js';
import { EventBridgePublisher } from '../eventbridge/publisher.js';
import type { Runtime } from './runtime.js';

export interface LoyaltyRuntime {
  readonly store: DynamoLoyaltyStore;
  readonly service: LoyaltyService;
}

/** The loyalty account store and service over the runtime's table, publishing to the configured bus. */
export function createLoyaltyRuntime(
  rt: Runtime,
  config: Config,
  program: LoyaltyProgram,
  publisher: EventPublisher = EventBridgePublisher.create(config.EVENT_BUS_NAME, config.EVENTBRIDGE_ENDPOINT),
): LoyaltyRuntime {
  const store = new DynamoLoyaltyStore(rt.db, rt.table);
  return { store, service: new LoyaltyService(store, publisher, program) };
}
