import currencies from '../../workflows/currencies.json' with { type: 'json' };
import type { Config } from '../platform/config.js';
import { type CurrencyTable, parseCurrencyTable } from '../platform/currency.js';
import { EventBridgePublisher } from '../platform/eventbridge/publisher.js';
import type { EventPublisher } from '../platform/events.js';
import type { Runtime } from '../platform/lambda/runtime.js';
import { LoyaltyService } from './core/loyalty-service.js';
import type { LoyaltyProgram } from './core/program.js';
import { DynamoLoyaltyStore } from './store/loyalty-store.js';

// Bundled with every function that posts, like the program: a deploy publishes new rates.
const shippedRates = parseCurrencyTable(currencies);

export interface LoyaltyRuntime {
  readonly store: DynamoLoyaltyStore;
  readonly service: LoyaltyService;
}

/**
 * The loyalty account store and service over the runtime's table, publishing to the configured bus; orders in other
 * currencies are converted with `workflows/currencies.json` unless a test gives its own rates.
 */
export function createLoyaltyRuntime(
  rt: Runtime,
  config: Config,
  program: LoyaltyProgram,
  publisher: EventPublisher = EventBridgePublisher.create(config.EVENT_BUS_NAME, config.EVENTBRIDGE_ENDPOINT),
  rates: CurrencyTable = shippedRates,
): LoyaltyRuntime {
  const store = new DynamoLoyaltyStore(rt.db, rt.table);
  return { store, service: new LoyaltyService(store, publisher, program, rates) };
}
