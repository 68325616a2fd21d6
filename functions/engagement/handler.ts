import { createRuntime } from '../../shared/adapters/lambda/runtime.js';
import { loadConfig } from '../../shared/config.js';
import { createEngagementHandler } from './engagement.js';

export const handler = createEngagementHandler(createRuntime(loadConfig()));
