import { createRuntime } from '../../shared/adapters/lambda/runtime.js';
import { loadConfig } from '../../shared/config.js';
import { createTrackHandler } from './track.js';

export const handler = createTrackHandler(createRuntime(loadConfig()));
