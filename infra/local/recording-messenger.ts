import type { Messenger, SendRequest, SubmitOutcome } from '../../shared/messaging/core/ports.js';

/**
 * Messaging's contract as the workflow executor relies on it (at most once per idempotency key), recording what it
 * was asked to send instead of sending. For the engine's `messaging` option where the subject is the executor (its
 * tests, the workflow bench); the real messenger has its own tests against SES and the capture servers.
 */
export class RecordingMessenger implements Messenger {
  readonly sent: SendRequest[] = [];
  private readonly keys = new Set<string>();

  constructor(private readonly idPrefix = 'msg') {}

  async submit(request: SendRequest): Promise<SubmitOutcome> {
    if (this.keys.has(request.idempotencyKey)) return { status: 'duplicate' };
    this.keys.add(request.idempotencyKey);
    this.sent.push(request);
    return { status: 'sent', channel: request.channel, messageId: `${this.idPrefix}-${this.sent.length}` };
  }
}
