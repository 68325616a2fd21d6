import type { PinpointSMSVoiceV2Client } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import type { SocialMessagingClient } from '@aws-sdk/client-socialmessaging';
import { NotSentError } from '../core/errors.js';
import type { OutboundMessage, Sender } from '../core/ports.js';
import { type EmailSettings, sendEmail } from './ses-sender.js';
import { type SmsSettings, sendSms } from './sms-sender.js';
import { sendWhatsApp, type WhatsAppSettings } from './whatsapp-sender.js';

/** The provider of each channel; a channel left out is not configured (its sends fail as not sent). */
export interface ChannelProviders {
  readonly email?: { readonly client: SESv2Client; readonly settings: EmailSettings } | undefined;
  readonly sms?: { readonly client: PinpointSMSVoiceV2Client; readonly settings: SmsSettings } | undefined;
  readonly whatsapp?: { readonly client: SocialMessagingClient; readonly settings: WhatsAppSettings } | undefined;
}

/** Sends each message through its channel's provider: SES v2, End User Messaging SMS, or Social (WhatsApp). */
export class ProviderSender implements Sender {
  constructor(private readonly providers: ChannelProviders) {}

  async send(message: OutboundMessage): Promise<{ messageId: string }> {
    switch (message.channel) {
      case 'email': {
        const p = this.providers.email ?? notConfigured('email');
        return { messageId: await sendEmail(p.client, p.settings, message) };
      }
      case 'sms': {
        const p = this.providers.sms ?? notConfigured('sms');
        return { messageId: await sendSms(p.client, p.settings, message) };
      }
      case 'whatsapp': {
        const p = this.providers.whatsapp ?? notConfigured('whatsapp');
        return { messageId: await sendWhatsApp(p.client, p.settings, message) };
      }
    }
  }
}

function notConfigured(channel: string): never {
  throw new NotSentError(`no ${channel} provider is configured for messaging`, false);
}
