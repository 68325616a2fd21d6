import { type SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { OutboundMessage } from '../core/ports.js';
import { classifyProviderError } from './provider-errors.js';

type Email = Extract<OutboundMessage, { channel: 'email' }>;

export interface EmailSettings {
  /** The verified sender, e.g. `Shop <hello@shop.example>`. */
  readonly from: string;
  /** The SES configuration set that publishes delivery, open and click events; none: no engagement events. */
  readonly configurationSetName?: string | undefined;
}

// SES message tags allow only these characters; a value outside them is left off (the sent-message lookup remains).
const tagValue = /^[A-Za-z0-9_-]{1,256}$/;

/** One recipient per message, HTML and text, tags for engagement, RFC 8058 one-click unsubscribe headers. */
export async function sendEmail(client: SESv2Client, settings: EmailSettings, email: Email): Promise<string> {
  const unsubscribe = [
    `<${email.unsubscribe.url}>`,
    ...(email.unsubscribe.mailto ? [`<${email.unsubscribe.mailto}>`] : []),
  ];
  const utf8 = (Data: string) => ({ Data, Charset: 'UTF-8' });
  try {
    const { MessageId } = await client.send(
      new SendEmailCommand({
        FromEmailAddress: settings.from,
        Destination: { ToAddresses: [email.to] },
        Content: {
          Simple: {
            Subject: utf8(email.subject),
            Body: { Html: utf8(email.html), Text: utf8(email.text) },
            Headers: [
              { Name: 'List-Unsubscribe', Value: unsubscribe.join(', ') },
              { Name: 'List-Unsubscribe-Post', Value: 'List-Unsubscribe=One-Click' },
            ],
          },
        },
        EmailTags: Object.entries(email.tags)
          .filter(([, value]) => tagValue.test(value))
          .map(([Name, Value]) => ({ Name, Value })),
        ...(settings.configurationSetName ? { ConfigurationSetName: settings.configurationSetName } : {}),
      }),
    );
    if (!MessageId) throw new Error('SES returned no MessageId');
    return MessageId;
  } catch (error) {
    throw classifyProviderError('SES', error);
  }
}
