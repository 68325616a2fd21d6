import { loadConfig } from '../../shared/platform/config.js';
import { createRuntime } from '../../shared/platform/lambda/runtime.js';
import { createEngagementHandler } from './engagement.js';

export const handler = createEngagementHandler(createRuntime(loadConfig(), { service: 'engagement' }));
