import { createLoyaltyRuntime } from '../../shared/loyalty/compose.js';
import { parseLoyaltyProgram } from '../../shared/loyalty/core/program.js';
import { loadConfig } from '../../shared/platform/config.js';
import { createRuntime } from '../../shared/platform/lambda/runtime.js';
import program from '../../workflows/loyalty.json' with { type: 'json' };
import { createLoyaltyHandler } from './loyalty.js';

// The program is bundled with the function: a deploy publishes a new version of it.
const config = loadConfig();
const rt = createRuntime(config, { service: 'loyalty' });
export const handler = createLoyaltyHandler(rt, createLoyaltyRuntime(rt, config, parseLoyaltyProgram(program)).service);
