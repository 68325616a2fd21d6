import { SendWhatsAppMessageCommand, type SocialMessagingClient } from '@aws-sdk/client-socialmessaging';
import type { OutboundMessage } from '../core/ports.js';
import { classifyProviderError } from './provider-errors.js';

type WhatsApp = Extract<OutboundMessage, { channel: 'whatsapp' }>;

export interface WhatsAppSettings {
  /** The End User Messaging Social phone number id (`phone-number-id-...`). */
  readonly originationPhoneNumberId: string;
  /** The Meta Graph API version the message is written for, e.g. v20.0. */
  readonly metaApiVersion: string;
}

/** The Meta Cloud API message of an approved template, as the bytes End User Messaging Social forwards to Meta. */
export function whatsAppMessageBody(message: WhatsApp): Uint8Array {
  const body = {
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    to: message.to.replace(/^\+/, ''),
    type: 'template',
    template: message.template,
  };
  return new TextEncoder().encode(JSON.stringify(body));
}

export async function sendWhatsApp(
  client: SocialMessagingClient,
  settings: WhatsAppSettings,
  message: WhatsApp,
): Promise<string> {
  try {
    const { messageId } = await client.send(
      new SendWhatsAppMessageCommand({
        originationPhoneNumberId: settings.originationPhoneNumberId,
        metaApiVersion: settings.metaApiVersion,
        message: whatsAppMessageBody(message),
      }),
    );
    if (!messageId) throw new Error('End User Messaging Social returned no messageId');
    return messageId;
  } catch (error) {
    throw classifyProviderError('End User Messaging Social', error);
  }
}
