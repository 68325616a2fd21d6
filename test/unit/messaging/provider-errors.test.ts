import { ServiceQuotaExceededException, ValidationException } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { TooManyRequestsException } from '@aws-sdk/client-sesv2';
import { describe, expect, it } from 'vitest';
import { classifyProviderError } from '../../../shared/messaging/adapters/provider-errors.js';
import { ProviderSender } from '../../../shared/messaging/adapters/senders.js';
import { NotSentError } from '../../../shared/messaging/core/errors.js';

const metadata = (httpStatusCode: number) => ({ $metadata: { httpStatusCode } });

describe('what a provider error proves', () => {
  it('a throttle or a quota: nothing was sent, and waiting helps', () => {
    const throttled = new TooManyRequestsException({ message: 'slow down', ...metadata(429) });
    const quota = new ServiceQuotaExceededException({
      message: 'spend limit',
      Reason: 'MONTHLY_SPEND_LIMIT_REACHED_FOR_TEXT',
      ...metadata(400),
    });
    for (const error of [throttled, quota]) {
      const classified = classifyProviderError('P', error);
      expect(classified).toBeInstanceOf(NotSentError);
      expect(classified).toMatchObject({ retryable: true, cause: error });
    }
  });

  it('another 4xx: nothing was sent, but the same request will not do better', () => {
    const invalid = new ValidationException({ message: 'bad number', Reason: 'INVALID_PARAMETER', ...metadata(400) });
    expect(classifyProviderError('P', invalid)).toMatchObject({ name: 'NotSentError', retryable: false });
  });

  it('a connection that never opened: nothing was sent', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    expect(classifyProviderError('P', refused)).toBeInstanceOf(NotSentError);
  });

  it('a 5xx or a reset connection: unknown, returned as it is', () => {
    const internal = Object.assign(new Error('internal'), { $fault: 'server', ...metadata(500) });
    const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    expect(classifyProviderError('P', internal)).toBe(internal);
    expect(classifyProviderError('P', reset)).toBe(reset);
  });

  it('a channel without a provider is not sent', async () => {
    const tags = { workflowId: 'w', stepId: 's', customerId: 'c' };
    await expect(new ProviderSender({}).send({ channel: 'sms', to: '+15550100', text: 'x', tags })).rejects.toThrow(
      NotSentError,
    );
  });
});
