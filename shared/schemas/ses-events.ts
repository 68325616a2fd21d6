import * as z from 'zod';
import type { sesEngagementDetailTypes } from '../platform/routing.js';
import { isoDateTime } from './common.js';

/**
 * `detail` of the email sending events Amazon SES publishes to the account's default EventBridge bus
 * (`source: "aws.ses"`). The detail is SES's event-publishing record: `eventType`, the `mail` object, and one
 * object named after the event (`delivery`, `open`, `click`, `bounce`, `complaint`, ...). Field names follow the
 * SES Developer Guide, "Contents of event data that Amazon SES publishes to Amazon SNS" (the same record SES
 * publishes to EventBridge and Firehose) and its example records.
 *
 * Only what Rekindle reads is required; every object is loose, so fields AWS adds (headers, commonHeaders,
 * sourceArn, processingTimeMillis, ...) pass through untouched.
 */

const recipients = z.array(z.string().min(1)).describe('Recipient email addresses');

export const sesMail = z
  .looseObject({
    timestamp: isoDateTime.describe('When the message was sent'),
    messageId: z.string().min(1).describe('The id SES assigned to the message (returned by SendEmail)'),
    source: z.string().min(1).describe('The envelope MAIL FROM address'),
    destination: recipients.describe('Every recipient of the original message'),
    tags: z
      .record(z.string(), z.array(z.string()))
      .optional()
      .describe('Message tags (ses:configuration-set, ses:from-domain, ... and our own, e.g. customerId)'),
  })
  .describe('The email that produced the event');

export const emailSent = z.looseObject({
  eventType: z.literal('Send'),
  mail: sesMail,
  send: z.looseObject({}).describe('Always empty'),
});

export const emailDelivered = z.looseObject({
  eventType: z.literal('Delivery'),
  mail: sesMail,
  delivery: z.looseObject({
    timestamp: isoDateTime.describe("When SES delivered the email to the recipient's mail server"),
    recipients: recipients.describe('The recipients this delivery applies to'),
  }),
});

export const emailOpened = z.looseObject({
  eventType: z.literal('Open'),
  mail: sesMail,
  open: z.looseObject({
    timestamp: isoDateTime.describe('When the email was opened'),
    ipAddress: z.string().describe("The recipient's IP address"),
    userAgent: z.string().describe('The user agent of the device or email client that opened the email'),
  }),
});

export const emailClicked = z.looseObject({
  eventType: z.literal('Click'),
  mail: sesMail,
  click: z.looseObject({
    timestamp: isoDateTime.describe('When the link was clicked'),
    link: z.string().min(1).describe('The URL of the link that was clicked'),
    linkTags: z
      .record(z.string(), z.array(z.string()))
      .optional()
      .describe('Tags added to the link with the ses:tags attribute'),
    ipAddress: z.string().describe("The recipient's IP address"),
    userAgent: z.string().describe('The user agent of the client that clicked the link'),
  }),
});

export const bounceType = z
  .enum(['Permanent', 'Transient', 'Undetermined'])
  .describe('Permanent: remove the address from the list; Transient: SES gave up after retrying');

export const emailBounced = z.looseObject({
  eventType: z.literal('Bounce'),
  mail: sesMail,
  bounce: z.looseObject({
    bounceType,
    bounceSubType: z.string().describe('e.g. General, NoEmail, Suppressed, OnAccountSuppressionList, MailboxFull'),
    bouncedRecipients: z.array(z.looseObject({ emailAddress: z.string().min(1) })),
    timestamp: isoDateTime.describe('When the ISP sent the bounce notification'),
    feedbackId: z.string().min(1).describe('A unique id for the bounce'),
  }),
});

export const emailComplaintReceived = z.looseObject({
  eventType: z.literal('Complaint'),
  mail: sesMail,
  complaint: z.looseObject({
    complainedRecipients: z
      .array(z.looseObject({ emailAddress: z.string().min(1) }))
      .describe('Recipients that may have complained (ISPs usually redact the actual one)'),
    timestamp: isoDateTime.describe('When the ISP sent the complaint notification'),
    feedbackId: z.string().min(1).describe('A unique id for the complaint'),
    complaintFeedbackType: z
      .string()
      .optional()
      .describe('Feedback-Type of the ISP report: abuse, auth-failure, fraud, not-spam, other, virus'),
  }),
});

export const emailDeliveryDelayed = z.looseObject({
  eventType: z.literal('DeliveryDelay'),
  mail: sesMail,
  deliveryDelay: z.looseObject({
    timestamp: isoDateTime.describe('When the delay occurred'),
    delayType: z.string().describe('e.g. TransientCommunicationFailure, MailboxFull, SpamDetected'),
    delayedRecipients: z.array(z.looseObject({ emailAddress: z.string().min(1) })),
    expirationTime: isoDateTime.optional().describe('When SES stops trying to deliver the message'),
  }),
});

export const emailRejected = z.looseObject({
  eventType: z.literal('Reject'),
  mail: sesMail,
  reject: z.looseObject({ reason: z.string().describe('Always "Bad content": SES found a virus') }),
});

export const emailRenderingFailed = z.looseObject({
  eventType: z.literal('Rendering Failure'),
  mail: sesMail,
  failure: z.looseObject({
    templateName: z.string().describe('The template the email was sent with'),
    errorMessage: z.string().describe('Why rendering failed'),
  }),
});

type SesEngagementDetailType = (typeof sesEngagementDetailTypes)[number];

/** The SES detail-types routed to the engagement function (see `sesEngagementDetailTypes` in shared/platform/routing.ts). */
export const sesEngagementSchemas = {
  'Email Delivered': emailDelivered,
  'Email Opened': emailOpened,
  'Email Clicked': emailClicked,
  'Email Bounced': emailBounced,
  'Email Complaint Received': emailComplaintReceived,
} as const satisfies Record<SesEngagementDetailType, z.ZodType>;

/** Every SES email sending detail-type Rekindle has a schema for (engagement ones and the rest). */
export const sesEventSchemas = {
  'Email Sent': emailSent,
  ...sesEngagementSchemas,
  'Email Delivery Delayed': emailDeliveryDelayed,
  'Email Rejected': emailRejected,
  'Email Rendering Failed': emailRenderingFailed,
} as const;

export type SesDetailType = keyof typeof sesEventSchemas;
export type SesDetail<T extends SesDetailType> = z.infer<(typeof sesEventSchemas)[T]>;
export type SesMail = z.infer<typeof sesMail>;
