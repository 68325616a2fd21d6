import * as z from 'zod';
import { erasedBy } from '../../lifecycle/core/purge.js';
import { RekindleError } from '../../platform/errors.js';
import { type EventEnvelope, parseTypedDetail } from '../../schemas/envelope.js';
import {
  emailBounced,
  emailClicked,
  emailComplaintReceived,
  emailDelivered,
  emailOpened,
  type SesMail,
} from '../../schemas/ses-events.js';
import type { TrackingOp } from './model.js';
import { type EngagementFact, planEngagementEvent } from './plan-engagement.js';
import type { TrackingStore } from './ports.js';

/** What engagement tracking reads and writes. */
type EngagementStore = Pick<TrackingStore, 'customerIdByIdentity' | 'customerIdByMessageId' | 'erasedAt'> & {
  apply(op: TrackingOp): Promise<unknown>;
};

import { normaliseTime } from './track-storefront.js';

const engagementEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('Email Delivered'), detail: emailDelivered }),
  z.object({ type: z.literal('Email Opened'), detail: emailOpened }),
  z.object({ type: z.literal('Email Clicked'), detail: emailClicked }),
  z.object({ type: z.literal('Email Bounced'), detail: emailBounced }),
  z.object({ type: z.literal('Email Complaint Received'), detail: emailComplaintReceived }),
]);
type EngagementEvent = z.infer<typeof engagementEvent>;

export interface EngagementResult {
  /** Null when the message could not be tied to any customer (only suppression was applied). */
  readonly customerId: string | null;
  readonly effects: number;
}

/** Puts an SES engagement event on the timeline of the customer the message went to; suppresses bad addresses. */
export async function trackEngagementEvent(store: EngagementStore, envelope: EventEnvelope): Promise<EngagementResult> {
  const event = parseTypedDetail(engagementEvent, envelope);
  const mail = event.detail.mail;
  const recipient = await resolveRecipient(store, mail);
  // A message sent before its recipient was purged is nobody's now: only its suppression effect remains.
  const erased = recipient !== null && erasedBy(await store.erasedAt(recipient), normaliseTime(mail.timestamp));
  const fact: EngagementFact = {
    type: event.type,
    messageId: mail.messageId,
    occurredAt: normaliseTime(occurredAt(event)),
    customerId: erased ? null : recipient,
    link: event.type === 'Email Clicked' ? event.detail.click.link : undefined,
    bounceType: event.type === 'Email Bounced' ? event.detail.bounce.bounceType : undefined,
    suppress: addressesToSuppress(event),
    workflowId: mail.tags?.workflowId?.[0],
    stepId: mail.tags?.stepId?.[0],
  };
  const ops = planEngagementEvent(fact);
  for (const op of ops) await store.apply(op);
  if (fact.customerId === null && !erased && heldForRecipient.has(event.type)) {
    throw new RecipientNotKnownYet(
      `${event.type} of message ${mail.messageId}: no customer has its address yet (a registration may still be on ` +
        'its way): retried, then parked',
    );
  }
  return { customerId: fact.customerId, effects: ops.length };
}

/** Opens and clicks count as activity: one racing the registration it belongs to is retried, not dropped. */
const heldForRecipient: ReadonlySet<EngagementEvent['type']> = new Set(['Email Opened', 'Email Clicked']);

/** Not a bad event: its customer may not be tracked yet. Retried by the bus, then parked with this message. */
export class RecipientNotKnownYet extends RekindleError {
  override name = 'RecipientNotKnownYet';
}

/** By our own tags first, then by the SES message id we recorded at send time, then by the address. */
async function resolveRecipient(store: EngagementStore, mail: SesMail): Promise<string | null> {
  const tagged = mail.tags?.customerId?.[0];
  if (tagged) return tagged;
  const sent = await store.customerIdByMessageId(mail.messageId);
  if (sent) return sent;
  const [to] = mail.destination;
  return to ? store.customerIdByIdentity('email', to) : null;
}

function occurredAt(event: EngagementEvent): string {
  switch (event.type) {
    case 'Email Delivered':
      return event.detail.delivery.timestamp;
    case 'Email Opened':
      return event.detail.open.timestamp;
    case 'Email Clicked':
      return event.detail.click.timestamp;
    case 'Email Bounced':
      return event.detail.bounce.timestamp;
    case 'Email Complaint Received':
      return event.detail.complaint.timestamp;
  }
}

/** A hard bounce or a complaint means: never mail this address again. Soft bounces are not suppressed. */
function addressesToSuppress(event: EngagementEvent): string[] {
  if (event.type === 'Email Bounced' && event.detail.bounce.bounceType === 'Permanent') {
    return event.detail.bounce.bouncedRecipients.map((r) => r.emailAddress);
  }
  if (event.type === 'Email Complaint Received') {
    // ISPs often redact the complainant; fall back to the message's recipients.
    const named = event.detail.complaint.complainedRecipients.map((r) => r.emailAddress);
    return named.length ? named : event.detail.mail.destination;
  }
  return [];
}
