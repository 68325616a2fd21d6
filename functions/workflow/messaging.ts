import type { Runtime } from '../../shared/adapters/lambda/runtime.js';
import type { Config } from '../../shared/config.js';
import type { EngagementReader, Messenger } from '../../shared/domain/messaging/ports.js';

/** Messaging as the workflow functions use it on AWS. Until messaging lands, a send fails (and is retried). */
export function lambdaMessaging(
  _rt: Runtime,
  _config: Config,
): { messenger: Messenger; engagement: EngagementReader | null } {
  return {
    messenger: { submit: () => Promise.reject(new Error('messaging is not wired into the workflow functions yet')) },
    engagement: null,
  };
}
