import { ValidationError } from '../../errors.js';
import type { EventEnvelope } from '../../schemas/envelope.js';
import { storefrontEvent } from '../../schemas/storefront-events.js';
import { contentHash } from '../hash.js';
import { anonymousCustomerId } from './model.js';
import { planStorefrontEvent, type StorefrontFact } from './plan-storefront.js';
import type { TrackingStore } from './ports.js';

export interface TrackResult {
  readonly customerId: string;
  readonly key: string;
  readonly effects: number;
}

/** Parses a storefront event, attributes it to a customer and applies its effects. Safe to call twice. */
export async function trackStorefrontEvent(store: TrackingStore, envelope: EventEnvelope): Promise<TrackResult> {
  const fact = await toFact(store, envelope);
  const ops = planStorefrontEvent(fact);
  // Sequential on purpose: identity is written before the anonymous history is merged into the customer.
  for (const op of ops) await store.apply(op);
  return { customerId: fact.customerId, key: fact.key, effects: ops.length };
}

async function toFact(store: TrackingStore, envelope: EventEnvelope): Promise<StorefrontFact> {
  const parsed = storefrontEvent.safeParse({ type: envelope['detail-type'], detail: envelope.detail });
  if (!parsed.success) {
    const error = ValidationError.fromZod(parsed.error);
    // The discriminator is the envelope's detail-type: name it as the sender knows it.
    const issues = error.issues.map((i) => (i.path === 'type' ? { ...i, path: 'detail-type' } : i));
    throw new ValidationError(issues, { cause: parsed.error });
  }
  const event = parsed.data;
  const { detail } = event;
  const key = detail.eventId ?? contentHash({ source: envelope.source, type: event.type, detail });
  return {
    ...event,
    source: envelope.source,
    key,
    occurredAt: normaliseTime(detail.occurredAt ?? envelope.time),
    customerId: await resolveCustomer(store, detail),
  };
}

async function resolveCustomer(
  store: TrackingStore,
  who: { customerId?: string | undefined; anonymousId?: string | undefined },
): Promise<string> {
  if (who.customerId !== undefined) return who.customerId;
  // The schema guarantees one of the two; an anonymous visitor keeps a provisional id until identified.
  const anonymousId = who.anonymousId ?? '';
  return (await store.customerIdByIdentity('anonymous', anonymousId)) ?? anonymousCustomerId(anonymousId);
}

/** Stored times are UTC ISO strings so they sort as text. */
export const normaliseTime = (iso: string): string => new Date(iso).toISOString();
