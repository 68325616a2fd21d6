import { loadMessagingConfig } from '../../shared/messaging/adapters/config.js';
import { withUnsubscribeSecret } from '../../shared/messaging/adapters/unsubscribe-config.js';
import { createMessenger } from '../../shared/messaging/compose.js';
import type { EngagementReader, HeldMessages, Messenger } from '../../shared/messaging/core/ports.js';
import type { Runtime } from '../../shared/platform/lambda/runtime.js';

/**
 * Messaging as the workflow functions use it on AWS: SES, End User Messaging SMS and Social, configured by the
 * function's environment (EMAIL_FROM, SES_CONFIGURATION_SET, ...; see shared/messaging/adapters/config.ts), with
 * the templates deployed beside the bundle; the unsubscribe signing keys read from Secrets Manager at cold start.
 * The message sweep uses `held` (messages waiting out quiet hours).
 */
export async function lambdaMessaging(
  rt: Runtime,
  templatesDir: string,
): Promise<{ messenger: Messenger; engagement: EngagementReader; held: HeldMessages }> {
  const env = await withUnsubscribeSecret(process.env);
  const config = { ...loadMessagingConfig(env), ...(process.env.TEMPLATES_DIR ? {} : { templatesDir }) };
  return createMessenger({ db: rt.db, table: rt.table, config });
}
