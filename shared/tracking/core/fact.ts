import * as z from 'zod';
import type { CustomerView } from '../../customer/core/views.js';
import { ValidationError } from '../../platform/errors.js';
import type { OutgoingEvent } from '../../platform/events.js';
import { type EventEnvelope, parseTypedDetail } from '../../schemas/envelope.js';
import { type StorefrontEvent, storefrontEvent, storefrontEventSchemas } from '../../schemas/storefront-events.js';
import type { TrackingOp } from './model.js';
import type { TrackingStore } from './ports.js';

/**
 * The one door: tracking records a storefront event once, then hands on this fact (a Rekindle event with the
 * storefront's detail-type) to loyalty and workflows. It carries what they would otherwise read again: the
 * customer id after identity merge, and the customer as the event leaves them (consents, locale, time zone, order
 * count, when they were purged). Nobody polls tracking's progress, and the purge check is made once, by tracking.
 */
export interface TrackedFact {
  readonly event: StorefrontEvent;
  /** Business key: the storefront's eventId, else a hash of its content (what tracking dedupes on). */
  readonly key: string;
  /** The storefront's own `Source`. */
  readonly origin: string;
  readonly occurredAt: string;
  readonly customerId: string;
  readonly customer: TrackedCustomer;
}

/** The customer as tracking left them: the profile and its stats (no carts), and their latest purge. */
export type TrackedCustomer = Omit<CustomerView, 'carts' | 'segments' | 'revenueByCurrency'> & {
  readonly purgedAt: string | null;
};

/** The fact as published: the storefront detail, with the resolved customer id, key, time, origin and customer. */
export function factEvent(fact: TrackedFact): OutgoingEvent {
  return {
    type: fact.event.type,
    detail: {
      ...fact.event.detail,
      customerId: fact.customerId,
      eventId: fact.key,
      occurredAt: fact.occurredAt,
      origin: fact.origin,
      customer: fact.customer,
    },
  };
}

/** Effects that change what the fact carries of the customer (identities and carts do not). */
export const changesCustomer = (op: TrackingOp): boolean =>
  op.kind === 'profile' || op.kind === 'order' || op.kind === 'refund' || op.kind === 'mergeAnonymous';

/**
 * The customer as the effects left them, without reading when it is known: the profile as the last effect that
 * changed it wrote it (`written`), or, when only the activity moved, the first read with the activity moved on.
 * Read again (strongly consistent) otherwise: a change older than the stored one writes nothing, a merge returns none.
 */
export async function customerAfter(
  store: Pick<TrackingStore, 'customer'>,
  customerId: string,
  effects: readonly TrackingOp[],
  before: TrackedCustomer | null,
  written: TrackedCustomer | null,
): Promise<TrackedCustomer> {
  if (written) return written;
  const customer = before && !effects.some(changesCustomer) ? before : await store.customer(customerId);
  const activity = effects.find((op) => op.kind === 'activity');
  const base = customer ?? emptyCustomer(customerId);
  if (!activity || (base.lastActiveAt !== null && base.lastActiveAt >= activity.at)) return base;
  return { ...base, lastActiveAt: activity.at, stats: { ...base.stats, lastActiveAt: activity.at } };
}

/** A customer nothing is stored for yet. */
export function emptyCustomer(customerId: string): TrackedCustomer {
  const none = null;
  return {
    customerId,
    email: none,
    phone: none,
    firstName: none,
    lastName: none,
    locale: none,
    timezone: none,
    birthday: none,
    registeredAt: none,
    lastActiveAt: none,
    purgedAt: none,
    consents: { email: none, sms: none, whatsapp: none },
    attributes: {},
    stats: {
      orders: 0,
      revenue: 0,
      refunded: 0,
      netRevenue: 0,
      averageOrderValue: 0,
      firstOrderAt: none,
      lastOrderAt: none,
      lastActiveAt: none,
    },
  };
}

/** Whether a Rekindle event is a tracked storefront fact (its detail-type is a storefront one). */
export const isTrackedFact = (envelope: Pick<EventEnvelope, 'source' | 'detail-type'>): boolean =>
  envelope.source === 'rekindle' && storefrontTypes.has(envelope['detail-type']);

/** Reads a fact back from the bus; a malformed one is a ValidationError naming the field. */
export function parseTrackedFact(envelope: EventEnvelope): TrackedFact {
  if (typeof envelope.detail === 'object' && envelope.detail !== null && !('origin' in envelope.detail)) {
    // Not a fact tracking published: a storefront that put its event with Rekindle's own source.
    throw new ValidationError([
      {
        path: 'source',
        message:
          "'rekindle' is reserved for Rekindle's own events: a storefront puts its events with its own source " +
          '(e.g. its domain), which routes them to tracking',
      },
    ]);
  }
  const event = parseTypedDetail(storefrontEvent, envelope);
  const parsed = factFields.safeParse(envelope.detail);
  if (!parsed.success) throw ValidationError.fromZod(parsed.error, 'detail');
  const { customerId, eventId, occurredAt, origin, customer } = parsed.data;
  return { event, key: eventId, origin, occurredAt, customerId, customer };
}

const storefrontTypes: ReadonlySet<string> = new Set(Object.keys(storefrontEventSchemas));

const text = z.string().nullable();
const consent = z.object({ granted: z.boolean(), at: z.string() }).nullable();
const trackedCustomer = z.object({
  customerId: z.string(),
  email: text,
  phone: text,
  firstName: text,
  lastName: text,
  locale: text,
  timezone: text,
  birthday: text,
  registeredAt: text,
  lastActiveAt: text,
  purgedAt: text,
  consents: z.object({ email: consent, sms: consent, whatsapp: consent }),
  attributes: z.record(z.string(), z.unknown()),
  stats: z.object({
    orders: z.number(),
    revenue: z.number(),
    refunded: z.number(),
    netRevenue: z.number(),
    averageOrderValue: z.number(),
    firstOrderAt: text,
    lastOrderAt: text,
    lastActiveAt: text,
  }),
});

const factFields = z.object({
  customerId: z.string().min(1),
  eventId: z.string().min(1),
  occurredAt: z.string().min(1),
  origin: z.string().min(1),
  customer: trackedCustomer,
});
