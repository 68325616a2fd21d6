import { loadUnsubscribeConfig, withUnsubscribeSecret } from '../../shared/messaging/adapters/unsubscribe-config.js';
import { UnsubscribeTokens } from '../../shared/messaging/core/unsubscribe.js';
import { UnsubscribeService } from '../../shared/messaging/core/unsubscribe-service.js';
import { createUnsubscribeApi } from '../../shared/messaging/routes/unsubscribe-routes.js';
import { DynamoUnsubscribeStore } from '../../shared/messaging/store/unsubscribe-store.js';
import { loadConfig } from '../../shared/platform/config.js';
import type { Router } from '../../shared/platform/http/http.js';
import { createRuntime } from '../../shared/platform/lambda/runtime.js';
import { createUnsubscribeHandler } from './unsubscribe.js';

/** Cold start: the table, and the signing keys read from Secrets Manager (UNSUBSCRIBE_SECRET_ARN). */
async function start(): Promise<Router> {
  const rt = createRuntime(loadConfig(), { service: 'unsubscribe' });
  const { keys } = loadUnsubscribeConfig(await withUnsubscribeSecret(process.env));
  const store = new DynamoUnsubscribeStore(rt.db, rt.table);
  return createUnsubscribeApi(new UnsubscribeService(new UnsubscribeTokens(keys), store, rt.now));
}

let starting: Promise<Router> | undefined;

// Started on the first request and kept (a failed start is retried by the next request, not cached): importing
// the handler does no I/O, and a configuration error surfaces as that request's error, naming the variable.
export const handler = createUnsubscribeHandler(() => {
  starting ??= start().catch((error: unknown) => {
    starting = undefined;
    throw error;
  });
  return starting;
});
