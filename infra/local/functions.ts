import { readFileSync } from 'node:fs';
import { createEngagementHandler } from '../../functions/engagement/engagement.js';
import { createLoyaltyHandler } from '../../functions/loyalty/loyalty.js';
import { createTrackHandler } from '../../functions/track/track.js';
import type { LoyaltyRuntime } from '../../shared/adapters/lambda/loyalty-runtime.js';
import { createLoyaltyRuntime } from '../../shared/adapters/lambda/loyalty-runtime.js';
import type { Runtime } from '../../shared/adapters/lambda/runtime.js';
import type { Config } from '../../shared/config.js';
import { sweepLoyalty } from '../../shared/domain/loyalty/sweep.js';
import { ValidationError } from '../../shared/errors.js';
import type { EventFunctionName } from '../../shared/routing.js';
import { type LoyaltyProgram, parseLoyaltyProgram } from '../../shared/schemas/loyalty-program.js';
import type { LocalHandler } from './bus.js';
import type { ScheduledJob } from './scheduler.js';

/** The same handlers the Lambda functions export, built over the local servers, plus the scheduled jobs. */
export interface LocalFunctions {
  readonly handlers: Readonly<Record<EventFunctionName, LocalHandler>>;
  readonly jobs: readonly ScheduledJob[];
  readonly loyalty: LoyaltyRuntime;
}

/** `runtimeFor(name)`: the runtime (own DynamoDB client) of the function called `name`. */
export function createLocalFunctions(
  runtimeFor: (functionName: string) => Runtime,
  config: Config,
  program: LoyaltyProgram,
): LocalFunctions {
  const loyaltyRt = runtimeFor('loyalty');
  const loyalty = createLoyaltyRuntime(loyaltyRt, config, program);
  const sweep = createLoyaltyRuntime(runtimeFor('loyalty-sweep'), config, program);
  return {
    handlers: {
      track: createTrackHandler(runtimeFor('track')),
      loyalty: createLoyaltyHandler(loyaltyRt, loyalty.service),
      engagement: createEngagementHandler(runtimeFor('engagement')),
    },
    jobs: [
      {
        name: 'loyalty-sweep',
        run: (now) => sweepLoyalty(sweep.store, sweep.service, now.toISOString()),
        nextDueAt: (after) => sweep.store.earliestDueAt(after.toISOString()),
      },
    ],
    loyalty,
  };
}

/** Reads and validates the loyalty program file; a bad file stops the engine with the path and field. */
export function loadProgramFile(path: string): LoyaltyProgram {
  const text = readFileSync(path, 'utf8');
  try {
    return parseLoyaltyProgram(JSON.parse(text));
  } catch (error) {
    if (error instanceof ValidationError || error instanceof SyntaxError) {
      throw new Error(`${path}: ${error.message}`, { cause: error });
    }
    throw error;
  }
}
