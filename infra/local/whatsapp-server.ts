import * as z from 'zod';
import {
  type Captured,
  type CaptureServer,
  newMessageId,
  parseJson,
  type Reply,
  type SimulatedReply,
  snsNotification,
  startCaptureServer,
} from './capture-server.js';

/**
 * AWS End User Messaging Social (`@aws-sdk/client-socialmessaging`) on this machine: REST JSON,
 * `POST /v1/whatsapp/send` (SendWhatsAppMessage) only. The `message` blob (base64 in the JSON) is the Meta Cloud API
 * message; it is decoded and kept, not sent: `GET /messages` shows it.
 */

export interface CapturedWhatsApp extends Captured {
  readonly originationPhoneNumberId: string;
  readonly metaApiVersion: string;
  readonly to: string;
  /** The decoded Meta Cloud API message, e.g. `{ messaging_product, to, type: 'template', template }`. */
  readonly message: Readonly<Record<string, unknown>>;
}

export interface WhatsAppServerOptions {
  /** 0 picks a free port. */
  readonly port: number;
  readonly host?: string;
  /** The clock messages are stamped with (`receivedAt`); default the machine's. */
  readonly now?: () => Date;
  /** Gets `POST /inbound {from, body}` as the SNS notification of End User Messaging Social's event destination. */
  readonly onInbound?: (snsEvent: unknown) => Promise<unknown>;
}

/**
 * A customer's WhatsApp text as End User Messaging Social publishes it: the AWS header and the Meta webhook entry as
 * a JSON string (https://docs.aws.amazon.com/social-messaging/latest/userguide/managing-event-destination-dlrs.html).
 */
function whatsAppEvent(reply: SimulatedReply, at: Date): object {
  const wamid = `wamid.${newMessageId()}`;
  const from = reply.from.replace(/^\+/, '');
  const entry = {
    id: 'waba-local',
    changes: [
      {
        field: 'messages',
        value: {
          messaging_product: 'whatsapp',
          metadata: { display_phone_number: '15550100000', phone_number_id: 'phone-number-id-local' },
          contacts: [{ wa_id: from, profile: { name: 'Customer' } }],
          messages: [
            {
              from,
              id: wamid,
              timestamp: String(Math.floor(at.getTime() / 1000)),
              type: 'text',
              text: { body: reply.body },
            },
          ],
        },
      },
    ],
  };
  return {
    context: { MetaWabaIds: [], MetaPhoneNumberIds: [] },
    whatsAppWebhookEntry: JSON.stringify(entry),
    aws_account_id: '000000000000',
    message_timestamp: at.toISOString(),
    messageId: newMessageId(),
  };
}

const sendWhatsAppMessage = z.object({
  originationPhoneNumberId: z.string().min(1),
  metaApiVersion: z.string().min(1),
  message: z.base64(),
});

const metaMessage = z.looseObject({
  messaging_product: z.literal('whatsapp'),
  to: z.string().regex(/^\+?[1-9]\d{6,14}$/, 'must be a phone number in international format'),
  type: z.string().min(1),
});

// REST JSON errors: the SDK names the exception after the `x-amzn-errortype` header.
const error = (status: number, type: string, message: string): Reply => ({
  status,
  body: { message },
  headers: { 'x-amzn-errortype': type },
});

export function startWhatsAppServer(options: WhatsAppServerOptions): Promise<CaptureServer<CapturedWhatsApp>> {
  const { onInbound } = options;
  return startCaptureServer<CapturedWhatsApp>({
    port: options.port,
    host: options.host,
    now: options.now,
    inbound: onInbound && ((reply, at) => onInbound(snsNotification('rekindle-inbound', whatsAppEvent(reply, at), at))),
    handle: (request) => {
      if (request.method !== 'POST' || request.path !== '/v1/whatsapp/send') {
        return { reply: error(404, 'ResourceNotFoundException', `only POST /v1/whatsapp/send is served locally`) };
      }
      const parsed = sendWhatsAppMessage.safeParse(parseJson(request.body));
      if (!parsed.success) return { reply: error(400, 'ValidationException', describe(parsed.error)) };
      const decoded = metaMessage.safeParse(parseJson(Buffer.from(parsed.data.message, 'base64').toString('utf8')));
      if (!decoded.success) return { reply: error(400, 'ValidationException', `message: ${describe(decoded.error)}`) };
      const messageId = newMessageId();
      return {
        reply: { status: 200, body: { messageId } },
        captured: {
          messageId,
          receivedAt: request.at.toISOString(),
          originationPhoneNumberId: parsed.data.originationPhoneNumberId,
          metaApiVersion: parsed.data.metaApiVersion,
          to: decoded.data.to,
          message: decoded.data,
        },
      };
    },
  });
}

const describe = (error: z.ZodError): string =>
  error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
