import { NotSentError } from '../core/errors.js';

const rateErrors = /throttl|toomanyrequests|limitexceeded|quotaexceeded|sendingpaused/i;
// The connection never opened: the request cannot have reached the provider.
const unopened = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

const field = (error: object, name: string): unknown => Object.getOwnPropertyDescriptor(error, name)?.value;

/**
 * Maps a provider call's error to what it proves. An SDK client error (a 4xx: throttling, a quota, a rejected
 * request) or a connection that never opened proves nothing was sent: a `NotSentError`. A 5xx, a timeout or a reset
 * connection proves nothing either way: the original error is returned as it is.
 */
export function classifyProviderError(provider: string, error: unknown): unknown {
  if (typeof error !== 'object' || error === null) return error;
  const metadata = field(error, '$metadata');
  const status = typeof metadata === 'object' && metadata !== null ? field(metadata, 'httpStatusCode') : undefined;
  const name = error instanceof Error ? error.name : '';
  const message = error instanceof Error ? error.message : String(error);
  const clientFault =
    field(error, '$fault') === 'client' || (typeof status === 'number' && status >= 400 && status < 500);
  const code = field(error, 'code');
  if (clientFault || (typeof code === 'string' && unopened.has(code))) {
    const retryable = status === 429 || rateErrors.test(name) || typeof code === 'string';
    return new NotSentError(`${provider} did not take the message: ${name}: ${message}`, retryable, { cause: error });
  }
  return error;
}
