import { describe, expect, it } from 'vitest';
import { sweepAbandonedCarts } from '../../../shared/lifecycle/core/cart-abandonment.js';
import { DynamoAbandonedCartStore } from '../../../shared/lifecycle/store/cart-store.js';
import type { OutgoingEvent } from '../../../shared/platform/events.js';
import type { EventEnvelope } from '../../../shared/schemas/envelope.js';
import { guestCustomerId } from '../../../shared/tracking/core/model.js';
import { trackStorefrontEvent } from '../../../shared/tracking/core/track-storefront.js';
import { DynamoTrackingStore } from '../../../shared/tracking/store/tracking-store.js';
import { useLocalDynamo } from '../../helpers/dynamo.js';
import { lineItem, orderDetail, storefront } from '../../helpers/events.js';

// Tracking puts a cart with a contact on the byDue index at its last change + CART_ABANDONED_AFTER; the cart
// sweep reads only what is due, re-checks the cart and publishes Cart Abandoned once.
const dynamo = useLocalDynamo();
const at = (time: string) => `2026-03-14T${time}:00.000Z`;

const cart = (who: object, cartId: string, time: string, extra: Record<string, unknown> = {}) =>
  storefront('Cart Updated', {
    ...who,
    cartId,
    occurredAt: at(time),
    currency: 'EUR',
    total: 25,
    items: [lineItem('p-1', 25)],
    ...extra,
  });
const order = (customerId: string, cartId: string, time: string) =>
  storefront(
    'Order Completed',
    orderDetail({ customerId }, `ord-${cartId}`, at(time), [lineItem('p-1', 25)], { cartId }),
  );

function fixture(abandonedAfter = 'PT1H') {
  const { db, table } = dynamo();
  const tracking = new DynamoTrackingStore(db, table, { cartAbandonedAfter: abandonedAfter });
  const carts = new DynamoAbandonedCartStore(db, table);
  const published: OutgoingEvent[] = [];
  const publisher = { publish: async (events: readonly OutgoingEvent[]) => void published.push(...events) };
  return {
    published,
    track: async (...events: EventEnvelope[]) => {
      for (const event of events) await trackStorefrontEvent(tracking, event);
    },
    sweep: (time: string) => sweepAbandonedCarts(carts, publisher, at(time)),
  };
}

describe('abandoned carts', () => {
  it('a cart left longer than the threshold is announced once, with its items and total', async () => {
    const f = fixture();
    const event = cart({ customerId: 'cus_1' }, 'cart-1', '10:00');
    await f.track(event);
    expect(await f.sweep('10:59')).toMatchObject({ due: 0, abandoned: 0 });
    expect(await f.sweep('11:00')).toMatchObject({ due: 1, abandoned: 1 });
    await f.track(event); // redelivered after the announcement: does not re-arm the cart
    expect(await f.sweep('11:05')).toMatchObject({ due: 0, abandoned: 0 });
    expect(await f.sweep('12:00')).toMatchObject({ due: 0, abandoned: 0 });
    expect(f.published).toEqual([
      {
        type: 'Cart Abandoned',
        detail: {
          customerId: 'cus_1',
          eventId: `cart-abandoned:cart-1:${at('10:00')}`,
          occurredAt: at('11:00'),
          cartId: 'cart-1',
          items: [lineItem('p-1', 25)],
          total: 25,
          currency: 'EUR',
        },
      },
    ]);
  });

  it('a change moves the abandonment to an hour after it; the configured delay applies', async () => {
    const f = fixture('PT30M');
    await f.track(cart({ customerId: 'cus_1' }, 'cart-1', '10:00'));
    await f.track(cart({ customerId: 'cus_1' }, 'cart-1', '10:20', { total: 50, items: [lineItem('p-1', 25, 2)] }));
    expect(await f.sweep('10:30')).toMatchObject({ due: 0, abandoned: 0 });
    expect(await f.sweep('10:50')).toMatchObject({ due: 1, abandoned: 1 });
    expect(f.published.map((e) => e.detail)).toMatchObject([
      { eventId: `cart-abandoned:cart-1:${at('10:20')}`, occurredAt: at('10:50'), total: 50 },
    ]);
  });

  it('an order in time (also one delivered before its cart event) announces nothing', async () => {
    const f = fixture();
    await f.track(cart({ customerId: 'cus_1' }, 'cart-1', '10:00'), order('cus_1', 'cart-1', '10:40'));
    await f.track(order('cus_2', 'cart-2', '10:40'), cart({ customerId: 'cus_2' }, 'cart-2', '10:00'));
    expect(await f.sweep('12:00')).toMatchObject({ abandoned: 0 });
    expect(await f.sweep('13:00')).toMatchObject({ due: 0, abandoned: 0 });
    expect(f.published).toEqual([]);
  });

  it('any order by the customer since the cart, without a cartId or for another cart, announces nothing', async () => {
    const f = fixture();
    const anyOrder = (customerId: string, orderId: string, time: string, extra: Record<string, unknown> = {}) =>
      storefront('Order Completed', orderDetail({ customerId }, orderId, at(time), [lineItem('p-1', 25)], extra));
    await f.track(cart({ customerId: 'cus_1' }, 'cart-1', '10:00'), anyOrder('cus_1', 'ord-a', '10:40'));
    await f.track(
      cart({ customerId: 'cus_2' }, 'cart-2', '10:00'),
      anyOrder('cus_2', 'ord-b', '10:00', { cartId: 'cart-other' }), // at the very instant of the change: counts
    );
    // An order before the cart's last change is an earlier purchase: this cart is still abandoned.
    await f.track(anyOrder('cus_3', 'ord-c', '09:00'), cart({ customerId: 'cus_3' }, 'cart-3', '10:00'));
    expect(await f.sweep('11:00')).toEqual({ due: 3, abandoned: 1, failed: [] });
    expect(f.published.map((e) => e.detail.cartId)).toEqual(['cart-3']);
    // The bought carts left the index as ordered: no later sweep reads them again.
    expect(await f.sweep('12:00')).toEqual({ due: 0, abandoned: 0, failed: [] });
  });

  it('an anonymous cart waits for a contact; once the visitor is identified it is recoverable', async () => {
    const f = fixture();
    await f.track(cart({ anonymousId: 'visitor-1' }, 'cart-1', '10:00'));
    expect(await f.sweep('11:30')).toMatchObject({ due: 0 });
    await f.track(
      storefront('Customer Registered', { customerId: 'cus_9', anonymousId: 'visitor-1', occurredAt: at('11:30') }),
    );
    expect(await f.sweep('11:31')).toMatchObject({ due: 1, abandoned: 1 });
    expect(f.published.map((e) => e.detail)).toMatchObject([
      { customerId: 'cus_9', cartId: 'cart-1', eventId: `cart-abandoned:cart-1:${at('10:00')}` },
    ]);
  });

  it("a guest's cart with an email is the guest's: recoverable at once, once, whoever signs in on the device", async () => {
    const f = fixture();
    await f.track(cart({ anonymousId: 'visitor-2' }, 'cart-2', '10:00', { email: 'guest@example.com' }));
    await f.track(
      storefront('Customer Registered', { customerId: 'cus_8', anonymousId: 'visitor-2', occurredAt: at('10:30') }),
    );
    expect(await f.sweep('11:00')).toMatchObject({ due: 1, abandoned: 1 });
    expect(f.published.map((e) => e.detail.customerId)).toEqual([guestCustomerId('guest@example.com')]);
  });
});
