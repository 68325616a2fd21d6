import { DynamoUnsubscribeStore } from '../../shared/adapters/dynamodb/unsubscribe-store.js';
import { createRuntime } from '../../shared/adapters/lambda/runtime.js';
import { loadUnsubscribeConfig, withUnsubscribeSecret } from '../../shared/adapters/messaging/unsubscribe-config.js';
import type { Router } from '../../shared/api/http.js';
import { createUnsubscribeApi } from '../../shared/api/unsubscribe-routes.js';
import { loadConfig } from '../../shared/config.js';
import { UnsubscribeTokens } from '../../shared/domain/messaging/unsubscribe.js';
import { UnsubscribeService } from '../../shared/domain/messaging/unsubscribe-service.js';
import { createUnsubscribeHandler } from './unsubscribe.js';

/** Cold start: the table, and the signing keys read from Secrets Manager (UNSUBSCRIBE_SECRET_ARN). */
async function start(): Promise<Router> {
  const rt = createRuntime(loadConfig());
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
