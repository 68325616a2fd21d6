import { loadConfig } from '../../shared/platform/config.js';
import { createRuntime } from '../../shared/platform/lambda/runtime.js';
import { createTrackHandler } from './track.js';

export const handler = createTrackHandler(createRuntime(loadConfig()));
