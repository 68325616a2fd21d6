import { type CartSweepResult, sweepAbandonedCarts } from '../../shared/lifecycle/core/cart-abandonment.js';
import { DynamoAbandonedCartStore } from '../../shared/lifecycle/store/cart-store.js';
import { loadConfig } from '../../shared/platform/config.js';
import { EventBridgePublisher } from '../../shared/platform/eventbridge/publisher.js';
import { createRuntime } from '../../shared/platform/lambda/runtime.js';

const config = loadConfig();
const rt = createRuntime(config, { service: 'cart-sweep' });
const carts = new DynamoAbandonedCartStore(rt.db, rt.table);
const publisher = EventBridgePublisher.create(config.EVENT_BUS_NAME, config.EVENTBRIDGE_ENDPOINT);

/** Run by EventBridge Scheduler every minute: `Cart Abandoned` for the carts whose wait for an order is over. */
export const handler = async (): Promise<Omit<CartSweepResult, 'failed'>> => {
  const { failed, ...result } = await sweepAbandonedCarts(carts, publisher, rt.now().toISOString());
  if (failed.length > 0) {
    rt.logger.error('cart sweep: some carts failed; they stay due', { failed: failed.length });
    throw new Error(`${failed.length} of ${result.due} due carts failed`);
  }
  return result;
};
