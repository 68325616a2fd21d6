import { type PinpointSMSVoiceV2Client, SendTextMessageCommand } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import type { OutboundMessage } from '../core/ports.js';
import { classifyProviderError } from './provider-errors.js';

type Sms = Extract<OutboundMessage, { channel: 'sms' }>;

export interface SmsSettings {
  /** Phone number, sender id, pool or their ARN that messages go out from. */
  readonly originationIdentity: string;
  readonly configurationSetName?: string | undefined;
}

/** A promotional text through AWS End User Messaging SMS; `Context` carries the tags to delivery events. */
export async function sendSms(client: PinpointSMSVoiceV2Client, settings: SmsSettings, sms: Sms): Promise<string> {
  try {
    const { MessageId } = await client.send(
      new SendTextMessageCommand({
        DestinationPhoneNumber: sms.to,
        OriginationIdentity: settings.originationIdentity,
        MessageBody: sms.text,
        MessageType: 'PROMOTIONAL',
        Context: { ...sms.tags },
        ...(settings.configurationSetName ? { ConfigurationSetName: settings.configurationSetName } : {}),
      }),
    );
    if (!MessageId) throw new Error('End User Messaging SMS returned no MessageId');
    return MessageId;
  } catch (error) {
    throw classifyProviderError('End User Messaging SMS', error);
  }
}
