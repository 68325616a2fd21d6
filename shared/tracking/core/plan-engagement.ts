import type { MessageEvent } from '../../messaging/core/model.js';
import type { TimelineEntry, TrackingOp } from './model.js';

/** An SES engagement event reduced to what tracking needs. */
export interface EngagementFact {
  readonly type: 'Email Delivered' | 'Email Opened' | 'Email Clicked' | 'Email Bounced' | 'Email Complaint Received';
  readonly messageId: string;
  readonly occurredAt: string;
  /** Null when no customer could be found for the message: suppression still applies. */
  readonly customerId: string | null;
  readonly link?: string | undefined;
  readonly bounceType?: string | undefined;
  /** Addresses to suppress: permanent bounces and complaints. */
  readonly suppress: readonly string[];
  /** Tags the engine put on the message (workflow, step), carried to the timeline. */
  readonly workflowId?: string | undefined;
  readonly stepId?: string | undefined;
}

const activityTypes: ReadonlySet<EngagementFact['type']> = new Set(['Email Opened', 'Email Clicked']);

/** The effects of one engagement event. Pure. */
export function planEngagementEvent(fact: EngagementFact): TrackingOp[] {
  const ops: TrackingOp[] = fact.suppress.map((address) => ({
    kind: 'suppress',
    address,
    reason: fact.type === 'Email Complaint Received' ? 'complaint' : 'bounce',
    at: fact.occurredAt,
  }));
  const { customerId } = fact;
  if (customerId === null) return ops;
  ops.push({ kind: 'timeline', customerId, entry: timelineEntry(fact) });
  // Opening or clicking is the customer acting; a delivery or a bounce is not.
  if (activityTypes.has(fact.type)) ops.push({ kind: 'activity', customerId, at: fact.occurredAt });
  ops.push({ kind: 'messageEvent', messageId: fact.messageId, event: messageEvent(fact) });
  return ops;
}

const messageStatus: Readonly<Record<EngagementFact['type'], MessageEvent['status']>> = {
  'Email Delivered': 'delivered',
  'Email Opened': 'opened',
  'Email Clicked': 'clicked',
  'Email Bounced': 'bounced',
  'Email Complaint Received': 'complained',
};

/** The event for the message's own record (status history), keyed like its timeline entry. */
function messageEvent(fact: EngagementFact): MessageEvent {
  const detail = fact.link ?? fact.bounceType;
  return {
    key: engagementKey(fact),
    status: messageStatus[fact.type],
    at: fact.occurredAt,
    ...(detail ? { detail } : {}),
  };
}

/** The same SES notification twice yields the same key; two clicks on two links are two entries. */
export const engagementKey = (fact: Pick<EngagementFact, 'type' | 'messageId' | 'occurredAt' | 'link'>): string =>
  ['ses', fact.messageId, fact.type, fact.occurredAt, fact.link ?? ''].join('|');

function timelineEntry(fact: EngagementFact): TimelineEntry {
  const data: Record<string, string> = { messageId: fact.messageId };
  if (fact.link) data.link = fact.link;
  if (fact.bounceType) data.bounceType = fact.bounceType;
  if (fact.workflowId) data.workflowId = fact.workflowId;
  if (fact.stepId) data.stepId = fact.stepId;
  return {
    key: engagementKey(fact),
    occurredAt: fact.occurredAt,
    type: fact.type,
    channel: 'email',
    source: 'aws.ses',
    data,
  };
}
