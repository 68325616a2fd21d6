import type { Runtime } from '../../shared/adapters/lambda/runtime.js';
import { loadMessagingConfig } from '../../shared/adapters/messaging/config.js';
import { createMessenger } from '../../shared/adapters/messaging/create-messenger.js';
import type { EngagementReader, Messenger } from '../../shared/domain/messaging/ports.js';

/**
 * Messaging as the workflow functions use it on AWS: SES, End User Messaging SMS and Social, configured by the
 * function's environment (EMAIL_FROM, SES_CONFIGURATION_SET, ...; see shared/adapters/messaging/config.ts), with
 * the templates deployed beside the bundle.
 */
export function lambdaMessaging(
  rt: Runtime,
  templatesDir: string,
): { messenger: Messenger; engagement: EngagementReader } {
  const config = { ...loadMessagingConfig(process.env), ...(process.env.TEMPLATES_DIR ? {} : { templatesDir }) };
  return createMessenger({ db: rt.db, table: rt.table, config });
}
