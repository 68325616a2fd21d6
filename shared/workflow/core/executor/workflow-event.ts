import * as z from 'zod';
import { ValidationError } from '../../../platform/errors.js';
import { id, isoDateTime } from '../../../schemas/common.js';
import type { EventEnvelope } from '../../../schemas/envelope.js';
import { isTrackedFact, parseTrackedFact, type TrackedFact } from '../../../tracking/core/fact.js';
import { normaliseTime } from '../../../tracking/core/track-storefront.js';
import type { WorkflowEvent } from './executor.js';

/** Every Rekindle event (and any a workflow emits) carries these: who it is about, its key, when it happened. */
const rekindleDetail = z.looseObject({ customerId: id, eventId: id, occurredAt: isoDateTime });

/**
 * The event a workflow sees. A tracked storefront fact keeps the storefront's source and carries the customer as
 * tracking left them; Rekindle's own events are read by the fields they all share. A malformed event is a
 * ValidationError naming the field (parked by the handler).
 */
export function toWorkflowEvent(envelope: EventEnvelope): WorkflowEvent {
  if (isTrackedFact(envelope)) return fromTrackedFact(parseTrackedFact(envelope));
  const parsed = rekindleDetail.safeParse(envelope.detail);
  if (!parsed.success) throw ValidationError.fromZod(parsed.error, 'detail');
  const detail = parsed.data;
  return {
    id: detail.eventId,
    customerId: detail.customerId,
    detailType: envelope['detail-type'],
    source: envelope.source,
    detail,
    occurredAt: normaliseTime(detail.occurredAt),
  };
}

/** A tracked storefront fact as a workflow sees it: the storefront's source, the customer it carries. */
export function fromTrackedFact(fact: TrackedFact): WorkflowEvent {
  return {
    id: fact.key,
    customerId: fact.customerId,
    detailType: fact.event.type,
    source: fact.origin,
    detail: { ...fact.event.detail, customerId: fact.customerId },
    occurredAt: fact.occurredAt,
    customer: fact.customer,
  };
}
