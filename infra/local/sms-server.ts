import * as z from 'zod';
import {
  type Captured,
  type CaptureServer,
  newMessageId,
  parseJson,
  type Reply,
  snsNotification,
  startCaptureServer,
} from './capture-server.js';

/**
 * AWS End User Messaging SMS (`@aws-sdk/client-pinpoint-sms-voice-v2`) on this machine: the AWS JSON 1.0 protocol
 * (`POST /`, `X-Amz-Target: PinpointSMSVoiceV2.SendTextMessage`), SendTextMessage only. Texts are kept, not sent:
 * `GET /messages` shows them.
 */

export interface CapturedSms extends Captured {
  readonly to: string;
  readonly from: string | null;
  readonly body: string;
  readonly messageType: string | null;
  readonly configurationSetName: string | null;
  readonly context: Readonly<Record<string, string>>;
}

/** A refusal to answer with instead of accepting, e.g. `{ status: 400, type: 'ThrottlingException', ... }`. */
export interface SmsRefusal {
  readonly status: number;
  readonly type: string;
  readonly message: string;
}

export interface SmsServerOptions {
  /** 0 picks a free port. */
  readonly port: number;
  readonly host?: string;
  /** Tests: refuse some texts the way the service would (throttling, an opted-out number...). */
  readonly refuse?: (sms: { readonly to: string; readonly body: string }) => SmsRefusal | undefined;
  /** The clock texts are stamped with (`receivedAt`); default the machine's. */
  readonly now?: () => Date;
  /**
   * Gets `POST /inbound {from, body}` as the SNS notification two-way SMS publishes (the handler subscribed to the
   * inbound topic on AWS); its result is the reply's body.
   */
  readonly onInbound?: (snsEvent: unknown) => Promise<unknown>;
}

/** The number texts go out from (and replies come to) locally. */
const shopNumber = '+15550100000';

const target = 'PinpointSMSVoiceV2.SendTextMessage';

const sendTextMessage = z.looseObject({
  DestinationPhoneNumber: z.string().regex(/^\+[1-9]\d{1,14}$/, 'must be an E.164 phone number'),
  OriginationIdentity: z.string().min(1).optional(),
  MessageBody: z.string().min(1).max(1600),
  MessageType: z.enum(['TRANSACTIONAL', 'PROMOTIONAL']).optional(),
  ConfigurationSetName: z.string().min(1).optional(),
  Context: z.record(z.string(), z.string()).optional(),
});

// AWS JSON 1.0 errors: the SDK names the exception after `__type`.
const error = (status: number, type: string, message: string): Reply => ({
  status,
  body: { __type: type, message },
  headers: { 'content-type': 'application/x-amz-json-1.0' },
});

export function startSmsServer(options: SmsServerOptions): Promise<CaptureServer<CapturedSms>> {
  const { onInbound } = options;
  return startCaptureServer<CapturedSms>({
    port: options.port,
    host: options.host,
    now: options.now,
    // https://docs.aws.amazon.com/sms-voice/latest/userguide/two-way-sms-payload.html
    inbound:
      onInbound &&
      ((reply, at) =>
        onInbound(
          snsNotification(
            'rekindle-inbound',
            {
              originationNumber: reply.from,
              destinationNumber: shopNumber,
              messageKeyword: reply.body.trim().split(/\s+/)[0]?.toUpperCase() ?? '',
              messageBody: reply.body,
              inboundMessageId: newMessageId(),
              previousPublishedMessageId: null,
            },
            at,
          ),
        )),
    handle: (request) => {
      if (request.method !== 'POST' || request.path !== '/') {
        return { reply: error(404, 'UnknownOperationException', `no ${request.method} ${request.path} here`) };
      }
      const operation = request.headers['x-amz-target'];
      if (operation !== target) {
        return { reply: error(400, 'UnknownOperationException', `only ${target} is served locally, not ${operation}`) };
      }
      const parsed = sendTextMessage.safeParse(parseJson(request.body));
      if (!parsed.success) {
        const fields = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
        return { reply: error(400, 'ValidationException', fields) };
      }
      const m = parsed.data;
      const refusal = options.refuse?.({ to: m.DestinationPhoneNumber, body: m.MessageBody });
      if (refusal) return { reply: error(refusal.status, refusal.type, refusal.message) };
      const messageId = newMessageId();
      return {
        reply: {
          status: 200,
          body: { MessageId: messageId },
          headers: { 'content-type': 'application/x-amz-json-1.0' },
        },
        captured: {
          messageId,
          receivedAt: request.at.toISOString(),
          to: m.DestinationPhoneNumber,
          from: m.OriginationIdentity ?? null,
          body: m.MessageBody,
          messageType: m.MessageType ?? null,
          configurationSetName: m.ConfigurationSetName ?? null,
          context: m.Context ?? {},
        },
      };
    },
  });
}
