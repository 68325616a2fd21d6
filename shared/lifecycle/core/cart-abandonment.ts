import { addDuration, type Duration, parseDuration } from '../../platform/duration.js';
import type { EventPublisher, OutgoingEvent } from '../../platform/events.js';
import type { CartSnapshot } from '../../tracking/core/model.js';
import { isAnonymousCustomerId } from '../../tracking/core/model.js';

/** How long a cart may sit unchanged before it counts as abandoned (`CART_ABANDONED_AFTER`). */
export const defaultCartAbandonedAfter = 'PT1H';

export function parseAbandonAfter(text: string): Duration {
  const d = parseDuration(text);
  if (d === null) throw new RangeError(`CART_ABANDONED_AFTER: "${text}" is not an ISO-8601 duration such as PT1H`);
  return d;
}

/**
 * When a cart comes due for recovery: its last change plus the delay, if someone can be reached about it (the
 * customer is identified, or the cart carries an email). Null: no contact yet, nothing to recover.
 */
export function cartRecoveryDueAt(customerId: string, cart: CartSnapshot, after: Duration): string | null {
  if (isAnonymousCustomerId(customerId) && !cart.email) return null;
  return addDuration(new Date(cart.at), after).toISOString();
}

/** A cart on the recovery index, as the sweep reads it back. */
export interface DueCart {
  readonly customerId: string;
  readonly cart: CartSnapshot;
  readonly dueAt: string | null;
  /** An order named this cart. */
  readonly ordered: boolean;
  /** The customer's latest order, any cart or none (the profile's `lastOrderAt`); null: never ordered. */
  readonly lastOrderAt: string | null;
}

/**
 * Whether the customer bought after leaving the cart: an order for this cart, or any order of theirs at or after
 * its last change (with another cart, or no cartId at all). Such a cart is not abandoned: the sale was made.
 */
export const boughtSince = (found: DueCart): boolean =>
  found.ordered || (found.lastOrderAt !== null && found.lastOrderAt >= found.cart.at);

export interface CartRef {
  readonly customerId: string;
  readonly cartId: string;
}

/** Port: the carts waiting on the recovery index. */
export interface AbandonedCartStore {
  dueCarts(now: string): Promise<CartRef[]>;
  read(ref: CartRef): Promise<DueCart | null>;
  /**
   * Takes the cart off the index if it is still due at `dueAt` (a change since moved it: left alone), noting the
   * change time it was reported abandoned for (null: it was ordered), so a redelivered cart event does not re-arm it.
   */
  release(ref: CartRef, dueAt: string, abandonedFor: string | null): Promise<void>;
  earliestDueAt(after: string): Promise<string | null>;
}

export function cartAbandonedEvent(customerId: string, cart: CartSnapshot, dueAt: string): OutgoingEvent {
  return {
    type: 'Cart Abandoned',
    detail: {
      customerId,
      // One per cart state: the same cart left again after a later change is a new abandonment.
      eventId: `cart-abandoned:${cart.cartId}:${cart.at}`,
      occurredAt: dueAt,
      cartId: cart.cartId,
      items: cart.items,
      total: cart.total,
      currency: cart.currency,
    },
  };
}

export interface CartSweepResult {
  readonly due: number;
  readonly abandoned: number;
  readonly failed: readonly { readonly cartId: string; readonly error: string }[];
}

/**
 * Publishes `Cart Abandoned` for every cart due at `now` that is unchanged and not bought since (`boughtSince`), then
 * takes it off the index (a bought one is taken off as ordered). Publish first: a crash in between publishes again
 * with the same eventId (consumers drop it), never loses one. A failing cart stays due for the next sweep; the
 * others go on.
 */
export async function sweepAbandonedCarts(
  store: AbandonedCartStore,
  publisher: EventPublisher,
  now: string,
): Promise<CartSweepResult> {
  const refs = await store.dueCarts(now);
  const failed: { cartId: string; error: string }[] = [];
  let abandoned = 0;
  for (const ref of refs) {
    try {
      const found = await store.read(ref);
      if (found?.dueAt == null || found.dueAt > now) continue;
      const bought = boughtSince(found);
      if (!bought) {
        await publisher.publish([cartAbandonedEvent(found.customerId, found.cart, found.dueAt)]);
        abandoned += 1;
      }
      await store.release(ref, found.dueAt, bought ? null : found.cart.at);
    } catch (error) {
      failed.push({ cartId: ref.cartId, error: error instanceof Error ? error.message : String(error) });
    }
  }
  return { due: refs.length, abandoned, failed };
}
