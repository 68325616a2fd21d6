import type { MessageChannel } from '../../workflow/core/schema/workflow.js';

/**
 * The account's send rate per channel, in messages a second, shared by every function that sends; a channel left
 * out is not limited. Email 14/s: SES's default quota once out of the sandbox (raise it with the account's).
 */
export type SendRatesByChannel = Readonly<Partial<Record<MessageChannel, number>>>;

export const defaultSendRates: SendRatesByChannel = { email: 14, sms: 20, whatsapp: 20 };

/** Slots in one second of a channel, taken by one conditional write so racing senders never pass the limit. */
export interface SendSlots {
  /** Takes a slot in `second` (epoch seconds) unless `limit` are taken; false: that second is full. */
  take(channel: MessageChannel, second: number, limit: number): Promise<boolean>;
}

export type RateSlot = { readonly ok: true } | { readonly ok: false; readonly until: string; readonly reason: string };

/** The send-rate quota: a message over it is held until the next second, not dropped. */
export class SendRate {
  constructor(
    private readonly slots: SendSlots,
    private readonly rates: SendRatesByChannel,
  ) {}

  async take(channel: MessageChannel, at: string): Promise<RateSlot> {
    const limit = this.rates[channel];
    if (limit === undefined) return { ok: true };
    const second = Math.floor(Date.parse(at) / 1000);
    if (await this.slots.take(channel, second, limit)) return { ok: true };
    return {
      ok: false,
      until: new Date((second + 1) * 1000).toISOString(),
      reason: `send rate: ${limit}/s reached, held`,
    };
  }
}

/** Provider throttling: tried again after 1 s, 2 s, 4 s... (at most 5 minutes apart), given up after this many (~34 min). */
export const maxThrottledAttempts = 15;
const maxBackoffMs = 300_000;

/** When a message throttled for the `attempts`-th time (1-based) is tried again, or null: give up. */
export function retryAfterThrottling(at: string, attempts: number): string | null {
  if (attempts >= maxThrottledAttempts) return null;
  const wait = Math.min(1000 * 2 ** (attempts - 1), maxBackoffMs);
  return new Date(Date.parse(at) + wait).toISOString();
}
