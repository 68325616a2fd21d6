import { createLoyaltyRuntime } from '../../shared/loyalty/compose.js';
import { parseLoyaltyProgram } from '../../shared/loyalty/core/program.js';
import { sweepLoyalty } from '../../shared/loyalty/core/sweep.js';
import { loadConfig } from '../../shared/platform/config.js';
import { createRuntime } from '../../shared/platform/lambda/runtime.js';
import program from '../../workflows/loyalty.json' with { type: 'json' };

const config = loadConfig();
const rt = createRuntime(config, { service: 'loyalty-sweep' });
const loyalty = createLoyaltyRuntime(rt, config, parseLoyaltyProgram(program));

/** Run by EventBridge Scheduler every few minutes: expiry, reminders and tier reviews of the accounts due. */
export const handler = async (): Promise<{ due: number; ticked: number }> => {
  const result = await sweepLoyalty(loyalty.store, loyalty.service, rt.now().toISOString());
  if (result.failed.length > 0) {
    rt.logger.error('loyalty sweep: some accounts failed; they stay due', { failed: result.failed.length });
    throw new Error(`${result.failed.length} of ${result.due} due accounts failed`);
  }
  return { due: result.due, ticked: result.ticked };
};
