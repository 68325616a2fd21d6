import { erasedBy } from '../../lifecycle/core/purge.js';
import type { EventPublisher } from '../../platform/events.js';
import { contentHash } from '../../platform/hash.js';
import { type EventEnvelope, parseTypedDetail } from '../../schemas/envelope.js';
import { type StorefrontEvent, storefrontEvent } from '../../schemas/storefront-events.js';
import { boundedByReceipt } from './event-time.js';
import { changesCustomer, customerAfter, factEvent, type TrackedCustomer, type TrackedFact } from './fact.js';
import { anonymousCustomerId, guestCustomerId, isAnonymousCustomerId } from './model.js';
import { planStorefrontEvent, type StorefrontFact } from './plan-storefront.js';
import type { TrackingStore } from './ports.js';

export interface TrackResult {
  readonly customerId: string;
  readonly key: string;
  readonly effects: number;
  /** `erased`: it occurred before the customer was purged (a late or repeated delivery); `duplicate`: tracked before. */
  readonly dropped?: 'erased' | 'duplicate';
  /** What was handed on to loyalty and workflows (known customers only: a visitor's events wait for identification). */
  readonly fact?: TrackedFact;
}

/** Publishes nothing: for callers that only record (history imports, tests of tracking alone). */
export const recordOnly: EventPublisher = { publish: async () => undefined };

/**
 * Records a storefront event once and hands its fact on. One read decides (is it tracked? was the customer purged
 * after it?), so a redelivery costs that read and no write. The timeline entry is written last, after the fact is
 * published: a crash before it repeats the idempotent effects and the fact (consumers dedupe on its key), never
 * loses it. `receivedAt` (the engine's clock) bounds the event's time: see `boundedByReceipt`.
 */
export async function trackStorefrontEvent(
  store: TrackingStore,
  envelope: EventEnvelope,
  facts: EventPublisher = recordOnly,
  receivedAt?: string,
): Promise<TrackResult> {
  const parsed = parseStorefrontEnvelope(envelope);
  const fact: StorefrontFact = {
    ...parsed.event,
    ...parsed,
    ...boundedByReceipt(parsed.occurredAt, receivedAt),
    customerId: await resolveCustomer(store, parsed.event.detail),
  };
  const { customerId, key } = fact;
  const before = await store.lookup(customerId, key);
  if (before.tracked) return { customerId, key, effects: 0, dropped: 'duplicate' };
  const known = !isAnonymousCustomerId(customerId);
  if (known && erasedBy(before.customer?.purgedAt ?? null, fact.occurredAt)) {
    return { customerId, key, effects: 0, dropped: 'erased' };
  }
  const { effects, timeline } = planStorefrontEvent(fact, before.customer?.lastActiveAt ?? null);
  // Sequential on purpose: identity is written before the anonymous history is merged into the customer.
  let written: TrackedCustomer | null = null;
  for (const op of effects) {
    const result = await store.apply(op);
    if (changesCustomer(op)) written = result;
  }
  let handedOn: TrackedFact | undefined;
  if (known) {
    const customer = await customerAfter(store, customerId, effects, before.customer, written);
    handedOn = {
      event: parsed.event,
      key,
      origin: fact.source,
      occurredAt: fact.occurredAt,
      customerId,
      customer,
    };
    await facts.publish([factEvent(handedOn)]);
  }
  await store.apply(timeline);
  return { customerId, key, effects: effects.length + 1, ...(handedOn ? { fact: handedOn } : {}) };
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

/**
 * The customer an event is about: its customerId; else, for a guest's checkout email, whoever that email belongs
 * to (or the guest's own provisional id); else the customer its anonymousId was tied to. Only the shop's backend can
 * vouch for who is signed in, by sending the customerId: an email typed at a checkout proves nothing about the
 * device's cookie, so it never changes a signed-in customer's email nor claims a visitor's history.
 */
export async function resolveCustomer(
  store: Pick<TrackingStore, 'customerIdByIdentity'>,
  who: { customerId?: string | undefined; anonymousId?: string | undefined; email?: string | undefined },
): Promise<string> {
  if (who.customerId !== undefined) return who.customerId;
  if (who.email !== undefined) {
    return (await store.customerIdByIdentity('email', who.email)) ?? guestCustomerId(who.email);
  }
  // The schema guarantees one of the two; an anonymous visitor keeps a provisional id until identified.
  const anonymousId = who.anonymousId ?? '';
  return (await store.customerIdByIdentity('anonymous', anonymousId)) ?? anonymousCustomerId(anonymousId);
}

/** Stored times are UTC ISO strings so they sort as text. */
export const normaliseTime = (iso: string): string => new Date(iso).toISOString();
