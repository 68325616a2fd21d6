import { createLoyaltyRuntime } from '../../shared/adapters/lambda/loyalty-runtime.js';
import { createRuntime } from '../../shared/adapters/lambda/runtime.js';
import { loadConfig } from '../../shared/config.js';
import { parseLoyaltyProgram } from '../../shared/schemas/loyalty-program.js';
import program from '../../workflows/loyalty.json' with { type: 'json' };
import { createLoyaltyHandler } from './loyalty.js';

// The program is bundled with the function: a deploy publishes a new version of it.
const config = loadConfig();
const rt = createRuntime(config);
export const handler = createLoyaltyHandler(rt, createLoyaltyRuntime(rt, config, parseLoyaltyProgram(program)).service);
