import { sweepInactivity } from '../../shared/lifecycle/core/inactivity.js';
import { loadInactivityConfig } from '../../shared/lifecycle/inactivity-config.js';
import { DynamoInactivityStore } from '../../shared/lifecycle/store/inactivity-store.js';
import { loadConfig } from '../../shared/platform/config.js';
import { EventBridgePublisher } from '../../shared/platform/eventbridge/publisher.js';
import { createRuntime } from '../../shared/platform/lambda/runtime.js';

const config = loadConfig();
const inactivity = loadInactivityConfig();
const rt = createRuntime(config, { service: 'inactivity-sweep' });
const store = new DynamoInactivityStore(rt.db, rt.table);
const publisher = EventBridgePublisher.create(config.EVENT_BUS_NAME, config.EVENTBRIDGE_ENDPOINT);

/** Run by EventBridge Scheduler daily: announces `Customer Became Inactive` for the days not swept yet. */
export const handler = async (): Promise<{ days: readonly string[]; published: number }> => {
  const result = await sweepInactivity(store, publisher, inactivity.thresholds, rt.now(), inactivity.maxCatchUpDays);
  rt.logger.info('inactivity sweep', { days: result.days.length, published: result.published });
  return result;
};
