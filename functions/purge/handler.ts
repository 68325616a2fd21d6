import { createPurgeService } from '../../shared/lifecycle/compose.js';
import { loadConfig } from '../../shared/platform/config.js';
import { EventBridgePublisher } from '../../shared/platform/eventbridge/publisher.js';
import { createRuntime } from '../../shared/platform/lambda/runtime.js';
import { createPurgeHandler } from './purge.js';

const config = loadConfig();
const rt = createRuntime(config, { service: 'purge' });
const publisher = EventBridgePublisher.create(config.EVENT_BUS_NAME, config.EVENTBRIDGE_ENDPOINT);
export const handler = createPurgeHandler(rt, createPurgeService(rt, publisher));
