import { loadConfig } from '../../shared/platform/config.js';
import { createRuntime } from '../../shared/platform/lambda/runtime.js';
import { createTracking } from '../../shared/tracking/compose.js';
import { createTrackHandler } from './track.js';

const config = loadConfig();
const rt = createRuntime(config, { service: 'track' });
export const handler = createTrackHandler(rt, createTracking(rt, config));
