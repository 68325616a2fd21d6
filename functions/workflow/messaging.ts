import type { Runtime } from '../../shared/adapters/lambda/runtime.js';
import { loadMessagingConfig } from '../../shared/adapters/messaging/config.js';
import { createMessenger } from '../../shared/adapters/messaging/create-messenger.js';
import { withUnsubscribeSecret } from '../../shared/adapters/messaging/unsubscribe-config.js';
import type { EngagementReader, HeldMessages, Messenger } from '../../shared/domain/messaging/ports.js';

/**
 * Messaging as the workflow functions use it on AWS: SES, End User Messaging SMS and Social, configured by the
 * function's environment (EMAIL_FROM, SES_CONFIGURATION_SET, ...; see shared/adapters/messaging/config.ts), with
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
