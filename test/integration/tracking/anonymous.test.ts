import { describe, expect, it } from 'vitest';
import type { EventEnvelope } from '../../../shared/schemas/envelope.js';
import { guestCustomerId } from '../../../shared/tracking/core/model.js';
import { trackStorefrontEvent } from '../../../shared/tracking/core/track-storefront.js';
import { useLocalDynamo } from '../../helpers/dynamo.js';
import { lineItem, orderDetail, storefront } from '../../helpers/events.js';

const dynamo = useLocalDynamo();
const visitor = { anonymousId: 'visitor-1' };
const both = { customerId: 'cus_9', anonymousId: 'visitor-1' };
const at = (day: string) => `2026-03-${day}T10:00:00Z`;

const viewed = (who: object, day: string) =>
  storefront('Product Viewed', { ...who, occurredAt: at(day), product: { productId: `p-${day}` } });
const cart = (who: object, cartId: string, day: string, extra: Record<string, unknown> = {}) =>
  storefront('Cart Updated', {
    ...who,
    cartId,
    occurredAt: at(day),
    currency: 'EUR',
    total: 10,
    items: [lineItem('p-1', 10)],
    ...extra,
  });
const registration = (day: string) =>
  storefront('Customer Registered', { ...both, occurredAt: at(day), firstName: 'Layla' });

async function track(...events: EventEnvelope[]): Promise<string[]> {
  const ids: string[] = [];
  for (const event of events) ids.push((await trackStorefrontEvent(dynamo().store, event)).customerId);
  return ids;
}

const timelineTypes = async (customerId: string) =>
  (await dynamo().reader.timeline(customerId, { limit: 100 })).items.map(
    (e) => `${e.type}@${e.occurredAt.slice(8, 10)}`,
  );

describe('anonymous visitors', () => {
  it('tracks an unidentified visitor under a provisional id', async () => {
    expect(await track(viewed(visitor, '01'))).toEqual(['anon:visitor-1']);
    expect(await timelineTypes('anon:visitor-1')).toEqual(['Product Viewed@01']);
  });

  it('gives the customer the visitor’s history once an event carries both ids', async () => {
    await track(viewed(visitor, '01'), cart(visitor, 'cart-1', '02'), registration('03'));
    expect(await timelineTypes('cus_9')).toEqual(['Customer Registered@03', 'Cart Updated@02', 'Product Viewed@01']);
    const view = await dynamo().reader.customer('cus_9');
    expect(view?.carts).toMatchObject([{ cartId: 'cart-1', status: 'open', total: 10, currency: 'EUR' }]);
    expect(view?.firstName).toBe('Layla');
  });

  it('resolves later anonymous-only events to the customer', async () => {
    await track(viewed(visitor, '01'), registration('03'));
    expect(await track(cart(visitor, 'cart-2', '04'), viewed(visitor, '05'))).toEqual(['cus_9', 'cus_9']);
    expect(await timelineTypes('cus_9')).toEqual([
      'Product Viewed@05',
      'Cart Updated@04',
      'Customer Registered@03',
      'Product Viewed@01',
    ]);
    const view = await dynamo().reader.customer('cus_9');
    expect(view?.carts.map((c) => c.cartId)).toEqual(['cart-2']);
    expect(view?.lastActiveAt).toBe('2026-03-05T10:00:00.000Z');
  });

  it('resolves a late, older anonymous event to the customer too', async () => {
    await track(registration('03'), viewed(visitor, '01'));
    expect(await timelineTypes('cus_9')).toEqual(['Customer Registered@03', 'Product Viewed@01']);
    expect(await dynamo().reader.customer('cus_9')).toMatchObject({ lastActiveAt: '2026-03-03T10:00:00.000Z' });
  });

  it('counts an order placed before identification once on the customer, however often it is merged', async () => {
    await track(storefront('Order Completed', orderDetail(visitor, 'o-1', at('02'), [lineItem('p-1', 25.5)])));
    await track(registration('03'), viewed(both, '04'), registration('03'));
    expect((await dynamo().reader.customer('cus_9'))?.stats).toMatchObject({
      orders: 1,
      revenue: 25.5,
      firstOrderAt: '2026-03-02T10:00:00.000Z',
    });
  });

  it("keeps an email given at a guest checkout on the guest's own identity, not on the device's visitor", async () => {
    // Anyone who knows a visitor's cookie could type their own address at a checkout: it claims no history.
    await track(viewed(visitor, '01'), cart(visitor, 'cart-1', '02', { email: 'layla@example.com' }));
    const guest = guestCustomerId('layla@example.com');
    expect(await dynamo().store.customerIdByIdentity('email', 'layla@example.com')).toBe(guest);
    expect(await dynamo().reader.customer(guest)).toMatchObject({
      email: 'layla@example.com',
      carts: [{ cartId: 'cart-1', status: 'open' }],
    });
    expect(await timelineTypes(guest)).toEqual(['Cart Updated@02']);
    expect(await timelineTypes('anon:visitor-1')).toEqual(['Product Viewed@01']);
    // The same guest again (another device): the same identity.
    expect(await track(cart({ anonymousId: 'visitor-7' }, 'cart-7', '04', { email: 'Layla@example.com' }))).toEqual([
      guest,
    ]);
  });

  it("never changes a signed-in customer's email by a guest's checkout on the same device", async () => {
    await track(storefront('Customer Registered', { ...both, occurredAt: at('01'), email: 'layla@example.com' }));
    const ids = await track(cart(visitor, 'cart-g', '02', { email: 'guest@example.com' }));
    expect(ids).toEqual([guestCustomerId('guest@example.com')]);
    expect(await dynamo().reader.customer('cus_9')).toMatchObject({ email: 'layla@example.com', carts: [] });
    expect(await dynamo().store.customerIdByIdentity('email', 'layla@example.com')).toBe('cus_9');
    // The customer's own address at a checkout while signed out is theirs.
    expect(await track(cart(visitor, 'cart-own', '03', { email: 'layla@example.com' }))).toEqual(['cus_9']);
  });

  it('keeps a visitor id tied to the first customer: later anonymous events still resolve to them', async () => {
    await track(viewed(visitor, '01'), registration('02'));
    await track(viewed({ customerId: 'cus_other', anonymousId: 'visitor-1' }, '03'));
    expect(await dynamo().store.customerIdByIdentity('anonymous', 'visitor-1')).toBe('cus_9');
    expect(await track(viewed(visitor, '04'))).toEqual(['cus_9']);
  });

  it('does not copy a visitor’s history or orders to a second customer on the same device', async () => {
    await track(storefront('Order Completed', orderDetail(visitor, 'o-1', at('01'), [lineItem('p-1', 25.5)])));
    await track(registration('02'));
    await track(viewed({ customerId: 'cus_other', anonymousId: 'visitor-1' }, '03'));
    expect((await dynamo().reader.customer('cus_other'))?.stats).toMatchObject({ orders: 0, revenue: 0 });
    expect(await timelineTypes('cus_other')).toEqual(['Product Viewed@03']);
    expect((await dynamo().reader.customer('cus_9'))?.stats).toMatchObject({ orders: 1, revenue: 25.5 });
  });
});
