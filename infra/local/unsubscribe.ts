import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeUnsubscribeKeys } from '../../shared/messaging/adapters/unsubscribe-config.js';
import { UnsubscribeTokens } from '../../shared/messaging/core/unsubscribe.js';
import { UnsubscribeService } from '../../shared/messaging/core/unsubscribe-service.js';
import { createUnsubscribeApi } from '../../shared/messaging/routes/unsubscribe-routes.js';
import { DynamoUnsubscribeStore } from '../../shared/messaging/store/unsubscribe-store.js';
import type { ApiRequest, ApiResponse } from '../../shared/platform/http/http.js';
import type { Runtime } from '../../shared/platform/lambda/runtime.js';

/**
 * The local engine's unsubscribe signing keys: generated once and kept in `<dataDir>/unsubscribe.key` (so links in
 * mail already in the SES inbox keep working after a restart), or only in memory with `--memory`. The file holds
 * what `UNSUBSCRIBE_SECRET` holds on AWS: comma-separated base64 keys, the first signing.
 */
export function localUnsubscribeKeys(options: {
  dataDir?: string | undefined;
  memory?: boolean | undefined;
}): Uint8Array[] {
  if (options.memory) return [randomBytes(32)];
  const dir = options.dataDir ?? '.rekindle';
  const file = join(dir, 'unsubscribe.key');
  try {
    const decoded = decodeUnsubscribeKeys(readFileSync(file, 'utf8').trim());
    if (!Array.isArray(decoded)) throw new Error(`${file}: ${decoded.error}`);
    return decoded;
  } catch (error) {
    if (!(error instanceof Error && 'code' in error && error.code === 'ENOENT')) throw error;
  }
  const key = randomBytes(32);
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  return [key];
}

/** `/u/{token}` on the admin server, over the engine's table and clock (the Lambda function's router, as is). */
export function localUnsubscribePages(
  rt: Runtime,
  keys: readonly Uint8Array[],
): { prefix: string; handle(request: ApiRequest): Promise<ApiResponse> } {
  const service = new UnsubscribeService(
    new UnsubscribeTokens(keys),
    new DynamoUnsubscribeStore(rt.db, rt.table),
    rt.now,
  );
  const router = createUnsubscribeApi(service);
  return { prefix: '/u/', handle: (request) => router.handle(request) };
}
