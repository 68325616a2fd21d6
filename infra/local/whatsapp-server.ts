import * as z from 'zod';
import {
  type Captured,
  type CaptureServer,
  newMessageId,
  parseJson,
  type Reply,
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
  return startCaptureServer<CapturedWhatsApp>({
    port: options.port,
    host: options.host,
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
          receivedAt: new Date().toISOString(),
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
