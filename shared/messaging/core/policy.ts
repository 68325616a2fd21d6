import type { MessageChannel } from '../../workflow/core/schema/workflow.js';
import type { Recipient } from './model.js';
import type { SendRequest } from './ports.js';

export type Decision =
  | { readonly send: true; readonly channel: MessageChannel; readonly address: string }
  | { readonly send: false; readonly reason: string };

/**
 * Whether an address is suppressed for a channel (bounce, complaint, unsubscribe, purge, STOP), by its hash; an opt-in
 * given after a purge lifts a purge's (`optedInAt`, see suppression.ts).
 */
export type IsSuppressed = (
  address: string,
  channel: MessageChannel,
  optedInAt: string | undefined,
) => Promise<boolean>;

const addressOf = (recipient: Recipient, channel: MessageChannel): string | null =>
  channel === 'email' ? recipient.email : recipient.phone;

/**
 * The first checks between a send step and the provider: consent for the channel, an address, and suppression,
 * trying the step's channel and then its fallback; the first that passes is used. On the channel chosen, the
 * messenger then applies quiet hours (`quiet-hours.ts`: the message is held, not dropped) and the frequency caps
 * across workflows (`frequency-caps.ts`), in that order; every skip is recorded with its reason.
 */
export async function decide(
  request: SendRequest,
  recipient: Recipient,
  isSuppressed: IsSuppressed,
): Promise<Decision> {
  const channels = [
    request.channel,
    ...(request.fallback && request.fallback !== request.channel ? [request.fallback] : []),
  ];
  const reasons: string[] = [];
  for (const channel of channels) {
    const address = addressOf(recipient, channel);
    if (recipient.consents[channel] !== true) reasons.push(`no consent for ${channel}`);
    else if (!address) reasons.push(`no ${channel === 'email' ? 'email address' : 'phone number'}`);
    else if (await isSuppressed(address, channel, recipient.optedInAt?.[channel])) reasons.push('suppressed');
    else return { send: true, channel, address };
  }
  return { send: false, reason: [...new Set(reasons)].join('; ') };
}
