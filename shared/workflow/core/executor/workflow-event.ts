import * as z from 'zod';
import { ValidationError } from '../../../platform/errors.js';
import { id, isoDateTime } from '../../../schemas/common.js';
import type { EventEnvelope } from '../../../schemas/envelope.js';
import { isAnonymousCustomerId } from '../../../tracking/core/model.js';
import type { TrackingStore } from '../../../tracking/core/ports.js';
import { normaliseTime, parseStorefrontEnvelope, resolveCustomer } from '../../../tracking/core/track-storefront.js';
import type { WorkflowEvent } from './executor.js';

/** Every Rekindle event (and any a workflow emits) carries these: who it is about, its key, when it happened. */
const rekindleDetail = z.looseObject({ customerId: id, eventId: id, occurredAt: isoDateTime });

/**
 * The event a workflow sees: storefront events validated as tracking validates them (the same key and time, the
 * visitor resolved to the customer), Rekindle's own by the fields they all share. Null for a visitor not yet
 * identified: nobody to message. A malformed event is a ValidationError naming the field (parked by the handler).
 */
export async function toWorkflowEvent(
  envelope: EventEnvelope,
  identities: Pick<TrackingStore, 'customerIdByIdentity'>,
): Promise<WorkflowEvent | null> {
  if (envelope.source === 'rekindle') {
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
  const { event, key, occurredAt, source } = parseStorefrontEnvelope(envelope);
  const customerId = await resolveCustomer(identities, event.detail);
  if (isAnonymousCustomerId(customerId)) return null;
  return { id: key, customerId, detailType: event.type, source, detail: { ...event.detail, customerId }, occurredAt };
}
