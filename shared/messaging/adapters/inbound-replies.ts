import * as z from 'zod';
import type { InboundReply } from '../core/opt-out.js';

/**
 * Inbound texts as AWS delivers them to an SNS topic: End User Messaging SMS's two-way payload, and End User
 * Messaging Social's WhatsApp event (the Meta webhook entry as a JSON string). Anything else on the topic (WhatsApp
 * delivery statuses, a test notification) is not a reply and is left out.
 */

const snsEvent = z.object({
  Records: z.array(
    z.object({
      Sns: z.object({ MessageId: z.string(), Timestamp: z.string(), Message: z.string() }),
    }),
  ),
});

/** https://docs.aws.amazon.com/sms-voice/latest/userguide/two-way-sms-payload.html */
const twoWaySms = z.object({
  originationNumber: z.string().min(1),
  messageBody: z.string(),
  inboundMessageId: z.string().min(1),
});

/** https://docs.aws.amazon.com/social-messaging/latest/userguide/managing-event-destination-dlrs.html */
const whatsAppEvent = z.object({ whatsAppWebhookEntry: z.string() });
const webhookEntry = z.object({
  changes: z.array(
    z.object({
      value: z.looseObject({
        messages: z
          .array(
            z.looseObject({
              from: z.string().min(1),
              id: z.string().min(1),
              timestamp: z.string().regex(/^\d+$/),
              type: z.string(),
              text: z.object({ body: z.string() }).optional(),
              button: z.object({ text: z.string() }).optional(),
            }),
          )
          .optional(),
      }),
    }),
  ),
});

/** E.164, as profiles and identities keep numbers (WhatsApp's `wa_id` has no `+`). */
const e164 = (number: string): string => (number.startsWith('+') ? number : `+${number}`);

/** The replies in an SNS event (one per record for SMS; a WhatsApp entry may hold several). Throws on bad SNS. */
export function repliesFromSns(event: unknown): InboundReply[] {
  return snsEvent.parse(event).Records.flatMap(({ Sns }) => repliesIn(Sns.Message, Sns.Timestamp));
}

function repliesIn(message: string, receivedAt: string): InboundReply[] {
  let payload: unknown;
  try {
    payload = JSON.parse(message);
  } catch {
    return [];
  }
  const sms = twoWaySms.safeParse(payload);
  if (sms.success) {
    const { originationNumber, messageBody, inboundMessageId } = sms.data;
    const at = new Date(receivedAt).toISOString();
    return [{ channel: 'sms', from: e164(originationNumber), body: messageBody, at, id: inboundMessageId }];
  }
  const whatsApp = whatsAppEvent.safeParse(payload);
  if (!whatsApp.success) return [];
  let entry: unknown;
  try {
    entry = JSON.parse(whatsApp.data.whatsAppWebhookEntry);
  } catch {
    return [];
  }
  const parsed = webhookEntry.safeParse(entry);
  if (!parsed.success) return [];
  return parsed.data.changes.flatMap((change) =>
    (change.value.messages ?? []).flatMap((m) => {
      // A typed text, or the text of a quick-reply button ("Stop promotions").
      const body = m.text?.body ?? m.button?.text;
      if (body === undefined) return [];
      const at = new Date(Number(m.timestamp) * 1000).toISOString();
      return [{ channel: 'whatsapp' as const, from: e164(m.from), body, at, id: m.id }];
    }),
  );
}
