import { EventBridgePublisher } from '../../shared/adapters/eventbridge/publisher.js';
import { createRuntime } from '../../shared/adapters/lambda/runtime.js';
import { createPurgeService } from '../../shared/adapters/lifecycle/purge-runtime.js';
import { loadConfig } from '../../shared/config.js';
import { createPurgeHandler } from './purge.js';

const config = loadConfig();
const rt = createRuntime(config);
const publisher = EventBridgePublisher.create(config.EVENT_BUS_NAME, config.EVENTBRIDGE_ENDPOINT);
export const handler = createPurgeHandler(rt, createPurgeService(rt, publisher));
