import { erasedBy } from '../../lifecycle/core/purge.js';
import { contentHash } from '../../platform/hash.js';
import { type EventEnvelope, parseTypedDetail } from '../../schemas/envelope.js';
import { type StorefrontEvent, storefrontEvent } from '../../schemas/storefront-events.js';
import { anonymousCustomerId, isAnonymousCustomerId } from './model.js';
import { planStorefrontEvent, type StorefrontFact } from './plan-storefront.js';
import type { TrackingStore } from './ports.js';

export interface TrackResult {
  readonly customerId: string;
  readonly key: string;
  readonly effects: number;
  /** Set when the event was dropped: it occurred before the customer was purged (a late or repeated delivery). */
  readonly dropped?: 'erased';
}

/** Parses a storefront event, attributes it to a customer and applies its effects. Safe to call twice. */
export async function trackStorefrontEvent(store: TrackingStore, envelope: EventEnvelope): Promise<TrackResult> {
  const fact = await toFact(store, envelope);
  if (!isAnonymousCustomerId(fact.customerId) && erasedBy(await store.erasedAt(fact.customerId), fact.occurredAt)) {
    return { customerId: fact.customerId, key: fact.key, effects: 0, dropped: 'erased' };
  }
  const ops = planStorefrontEvent(fact);
  // Sequential on purpose: identity is written before the anonymous history is merged into the customer.
  for (const op of ops) await store.apply(op);
  return { customerId: fact.customerId, key: fact.key, effects: ops.length };
}

async function toFact(store: TrackingStore, envelope: EventEnvelope): Promise<StorefrontFact> {
  const { event, ...parsed } = parseStorefrontEnvelope(envelope);
  return { ...event, ...parsed, customerId: await resolveCustomer(store, event.detail) };
}

export interface ParsedStorefrontEvent {
  readonly event: StorefrontEvent;
  readonly source: string;
  /** Business key: the storefront's eventId, else a hash of the content (a resend has the same key). */
  readonly key: string;
  readonly occurredAt: string;
}

/** Validates a storefront event; a ValidationError names each bad field as the sender knows it. */
export function parseStorefrontEnvelope(envelope: EventEnvelope): ParsedStorefrontEvent {
  const event = parseTypedDetail(storefrontEvent, envelope);
  const { detail } = event;
  return {
    event,
    source: envelope.source,
    key: detail.eventId ?? contentHash({ source: envelope.source, type: event.type, detail }),
    occurredAt: normaliseTime(detail.occurredAt ?? envelope.time),
  };
}

/** The customer an event is about: its customerId, else the customer its anonymousId was tied to. */
export async function resolveCustomer(
  store: Pick<TrackingStore, 'customerIdByIdentity'>,
  who: { customerId?: string | undefined; anonymousId?: string | undefined },
): Promise<string> {
  if (who.customerId !== undefined) return who.customerId;
  // The schema guarantees one of the two; an anonymous visitor keeps a provisional id until identified.
  const anonymousId = who.anonymousId ?? '';
  return (await store.customerIdByIdentity('anonymous', anonymousId)) ?? anonymousCustomerId(anonymousId);
}

/** Stored times are UTC ISO strings so they sort as text. */
export const normaliseTime = (iso: string): string => new Date(iso).toISOString();
