import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HeldMessages } from '../../shared/messaging/core/ports.js';
import { loadConfig } from '../../shared/platform/config.js';
import { createRuntime } from '../../shared/platform/lambda/runtime.js';
import { lambdaMessaging } from '../workflow/messaging.js';
import { runMessageSweep, type SweepTotals } from './sweep.js';

const rt = createRuntime(loadConfig(), { service: 'message-sweep' });
const templatesDir = join(dirname(fileURLToPath(import.meta.url)), 'workflows', 'templates');
let held: Promise<HeldMessages> | undefined;

/** Each run drains what comes due for this long; the next run starts a minute after this one did. */
const drainMs = 50_000;

/** Run by EventBridge Scheduler every minute: the held messages whose time has come (quiet hours, send rate). */
export const handler = async (): Promise<SweepTotals> => {
  // Built on the first run and kept (a failed start is tried again by the next run, not cached).
  held ??= lambdaMessaging(rt, templatesDir).then(
    (messaging) => messaging.held,
    (error: unknown) => {
      held = undefined;
      throw error;
    },
  );
  return runMessageSweep(await held, rt.now, drainMs);
};
