import { loadConfig } from '../../shared/platform/config.js';
import { EventBridgePublisher } from '../../shared/platform/eventbridge/publisher.js';
import { createRuntime } from '../../shared/platform/lambda/runtime.js';
import { runSegments, type SegmentsRun } from '../../shared/segments/core/nightly.js';
import { DynamoSegmentsStore } from '../../shared/segments/store/segments-store.js';

const config = loadConfig();
const rt = createRuntime(config, { service: 'segments-sweep' });
const store = new DynamoSegmentsStore(rt.db, rt.table);
const publisher = EventBridgePublisher.create(config.EVENT_BUS_NAME, config.EVENTBRIDGE_ENDPOINT);

/** Run by EventBridge Scheduler nightly: RFM and ABC over the window, written and announced where they changed. */
export const handler = async (): Promise<SegmentsRun> => {
  const result = await runSegments(store, publisher, rt.now());
  rt.logger.info('segments', { ...result });
  return result;
};
