import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import type { CustomerView } from '../../../shared/customer/core/views.js';
import { keys } from '../../../shared/platform/dynamodb/keys.js';
import { ValidationError } from '../../../shared/platform/errors.js';
import type { EventEnvelope } from '../../../shared/schemas/envelope.js';
import type { TrackingOp } from '../../../shared/tracking/core/model.js';
import { trackStorefrontEvent } from '../../../shared/tracking/core/track-storefront.js';
import { useLocalDynamo } from '../../helpers/dynamo.js';
import { lineItem, orderDetail, storefront } from '../../helpers/events.js';

const dynamo = useLocalDynamo();
const who = { customerId: 'cus_7' };

const order = (orderId: string, occurredAt: string, extra: Record<string, unknown> = {}) =>
  storefront(
    'Order Completed',
    orderDetail(who, orderId, occurredAt, [lineItem('p1', 19.99, 2), lineItem('p2', 5.01)], extra),
  );

async function track(...events: EventEnvelope[]): Promise<void> {
  for (const event of events) await trackStorefrontEvent(dynamo().store, event);
}

async function stats(): Promise<CustomerView['stats']> {
  const view = await dynamo().reader.customer(who.customerId);
  if (!view) throw new Error('no customer');
  return view.stats;
}

async function getItem(key: { pk: string; sk: string }): Promise<Record<string, unknown> | undefined> {
  const { db, table } = dynamo();
  return (await db.send(new GetCommand({ TableName: table, Key: key }))).Item;
}

describe('orders and lifetime stats', () => {
  it('keeps revenue and refunds per currency, so orders in two currencies can be told apart', async () => {
    await track(
      order('o-1', '2026-03-01T10:00:00Z'),
      order('o-2', '2026-03-02T10:00:00Z', { currency: 'SAR', total: 300 }),
    );
    await track(
      storefront('Order Refunded', {
        ...who,
        orderId: 'o-2',
        refundId: 'r-1',
        amount: 100,
        occurredAt: '2026-03-03T10:00:00Z',
      }),
    );
    const view = await dynamo().reader.customer(who.customerId);
    expect(view?.revenueByCurrency).toEqual({
      EUR: { revenue: 44.99, refunded: 0 },
      SAR: { revenue: 300, refunded: 100 },
    });
  });

  it('counts a refund at most up to what is left of its order, however many refunds race', async () => {
    await track(order('o-1', '2026-03-01T10:00:00Z'));
    const refund = (refundId: string, amount: number) =>
      storefront('Order Refunded', { ...who, orderId: 'o-1', refundId, amount, occurredAt: '2026-03-02T10:00:00Z' });
    await Promise.all([refund('r-1', 30), refund('r-2', 30), refund('r-3', 30)].map((e) => track(e)));
    await track(refund('r-4', 250));
    expect(await stats()).toMatchObject({ orders: 1, revenue: 44.99, refunded: 44.99, netRevenue: 0 });
  });

  it('holds a refund for an order not seen yet, and counts it (capped) when the order arrives', async () => {
    const early = storefront('Order Refunded', {
      ...who,
      orderId: 'o-9',
      refundId: 'r-1',
      amount: 100,
      occurredAt: '2026-03-01T09:00:00Z',
    });
    await track(early);
    expect(await stats()).toMatchObject({ orders: 0, refunded: 0 });
    await track(order('o-9', '2026-03-01T08:00:00Z'));
    expect(await stats()).toMatchObject({ orders: 1, revenue: 44.99, refunded: 44.99, netRevenue: 0 });
    await track(early, order('o-9', '2026-03-01T08:00:00Z', { eventId: 'resent' }));
    expect(await stats()).toMatchObject({ orders: 1, refunded: 44.99 });
  });

  it('refuses a second Order Completed for an orderId with another total, naming it; the first figures stand', async () => {
    await track(order('o-1', '2026-03-01T10:00:00Z'));
    const conflicting = order('o-1', '2026-03-01T10:05:00Z', { total: 145.99 });
    const error = await trackStorefrontEvent(dynamo().store, conflicting).then(
      () => null,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toEqual([
      {
        path: 'detail.total',
        message: expect.stringContaining(
          'order o-1 was recorded with total 44.99 EUR; this Order Completed says 145.99 EUR',
        ),
      },
    ]);
    // The same order sent again with the same total and a new event id is the same order: counted once.
    await track(order('o-1', '2026-03-01T10:00:00Z', { eventId: 'resent-1' }));
    expect(await stats()).toMatchObject({ orders: 1, revenue: 44.99 });
    expect(await getItem(keys.order('cus_7', 'o-1'))).toMatchObject({ total: 44.99, at: '2026-03-01T10:00:00.000Z' });
  });

  it('counts orders, revenue, average order value and first/last order times exactly', async () => {
    await track(
      order('o-1', '2026-03-01T10:00:00Z'),
      storefront('Order Completed', orderDetail(who, 'o-2', '2026-03-05T10:00:00Z', [lineItem('p3', 100.1)])),
    );
    expect(await stats()).toEqual({
      orders: 2,
      revenue: 145.09,
      refunded: 0,
      netRevenue: 145.09,
      averageOrderValue: 72.55,
      firstOrderAt: '2026-03-01T10:00:00.000Z',
      lastOrderAt: '2026-03-05T10:00:00.000Z',
      lastActiveAt: '2026-03-05T10:00:00.000Z',
    });
  });

  it('counts an order delivered twice once', async () => {
    const first = order('o-1', '2026-03-01T10:00:00Z');
    await track(first, first);
    expect(await stats()).toMatchObject({ orders: 1, revenue: 44.99 });
  });

  it('counts an order redelivered with another envelope id and time once, on the timeline too', async () => {
    const detail = orderDetail(who, 'o-1', '2026-03-01T10:00:00Z', [lineItem('p1', 44.99)]);
    await track(
      storefront('Order Completed', detail, { id: 'envelope-1', time: '2026-03-01T10:00:01Z' }),
      storefront('Order Completed', detail, { id: 'envelope-2', time: '2026-03-01T11:30:00Z' }),
    );
    expect(await stats()).toMatchObject({ orders: 1, revenue: 44.99 });
    const timeline = await dynamo().reader.timeline(who.customerId, { limit: 10 });
    expect(timeline.items).toHaveLength(1);
  });

  it('counts an order redelivered under the same orderId once even if the shop changed its event id', async () => {
    await track(
      order('o-1', '2026-03-01T10:00:00Z', { eventId: 'evt-a' }),
      order('o-1', '2026-03-01T10:00:00Z', { eventId: 'evt-b' }),
    );
    expect(await stats()).toMatchObject({ orders: 1, revenue: 44.99 });
  });

  it('keeps the first and last order times right when two orders arrive out of order', async () => {
    await track(order('o-late', '2026-03-09T10:00:00Z'), order('o-early', '2026-03-02T10:00:00Z'));
    expect(await stats()).toMatchObject({
      orders: 2,
      firstOrderAt: '2026-03-02T10:00:00.000Z',
      lastOrderAt: '2026-03-09T10:00:00.000Z',
      lastActiveAt: '2026-03-09T10:00:00.000Z',
    });
  });

  it('stores the order and marks its cart as ordered', async () => {
    await track(
      storefront('Cart Updated', {
        ...who,
        occurredAt: '2026-03-01T09:50:00Z',
        cartId: 'cart-1',
        currency: 'EUR',
        total: 44.99,
        items: [lineItem('p1', 19.99, 2), lineItem('p2', 5.01)],
      }),
      order('o-1', '2026-03-01T10:00:00Z', { cartId: 'cart-1', coupon: 'SPRING' }),
    );
    expect(await getItem(keys.order(who.customerId, 'o-1'))).toMatchObject({
      orderId: 'o-1',
      total: 44.99,
      currency: 'EUR',
      itemCount: 3,
      cartId: 'cart-1',
      coupon: 'SPRING',
    });
    const view = await dynamo().reader.customer(who.customerId);
    expect(view?.carts).toEqual([
      {
        cartId: 'cart-1',
        status: 'ordered',
        total: 44.99,
        currency: 'EUR',
        items: [lineItem('p1', 19.99, 2), lineItem('p2', 5.01)],
        updatedAt: '2026-03-01T09:50:00.000Z',
        orderId: 'o-1',
      },
    ]);
  });

  it('keeps a cart ordered when an older cart snapshot arrives after the order', async () => {
    await track(order('o-1', '2026-03-01T10:00:00Z', { cartId: 'cart-1' }));
    await track(
      storefront('Cart Updated', {
        ...who,
        occurredAt: '2026-03-01T09:50:00Z',
        cartId: 'cart-1',
        currency: 'EUR',
        total: 44.99,
        items: [lineItem('p1', 19.99, 2), lineItem('p2', 5.01)],
      }),
    );
    const view = await dynamo().reader.customer(who.customerId);
    expect(view?.carts).toMatchObject([{ cartId: 'cart-1', status: 'ordered', orderId: 'o-1', total: 44.99 }]);
  });

  it('marks a cart two orders came from with the later order, whichever arrives last', async () => {
    await track(
      order('o-late', '2026-03-02T10:00:00Z', { cartId: 'cart-2' }),
      order('o-early', '2026-03-01T10:00:00Z', { cartId: 'cart-2' }),
    );
    expect(await getItem(keys.cart(who.customerId, 'cart-2'))).toMatchObject({
      orderId: 'o-late',
      orderedAt: '2026-03-02T10:00:00.000Z',
    });
  });

  it('keeps the profile the same size however many orders come: 120 orders counted, the newest ids kept', async () => {
    const orders = Array.from({ length: 120 }, (_, i) =>
      order(`o-${i}`, new Date(Date.UTC(2026, 0, 1) + i * 3_600_000).toISOString()),
    );
    await track(...orders);
    await track(orders[119] as EventEnvelope); // the newest, again: still counted once
    expect(await stats()).toMatchObject({ orders: 120, lastOrderAt: '2026-01-05T23:00:00.000Z' });
    const recent = (await getItem(keys.profile(who.customerId)))?.recentOrders;
    // Trimmed to the newest 50 each time it reaches 100: never more than 100, and always the newest.
    expect(Array.isArray(recent) && recent.length <= 100 && recent.length >= 50).toBe(true);
    expect(Array.isArray(recent) ? recent.at(-1) : undefined).toBe('o-119');
  });

  it('counts each refund once per refundId, and partial refunds of one order separately', async () => {
    const refund = (refundId: string, amount: number, time?: string) =>
      storefront(
        'Order Refunded',
        { ...who, orderId: 'o-1', refundId, amount, occurredAt: '2026-03-03T10:00:00Z' },
        time ? { time } : {},
      );
    await track(order('o-1', '2026-03-01T10:00:00Z'));
    await track(refund('r-1', 5.01), refund('r-1', 5.01, '2026-03-04T00:00:00Z'), refund('r-2', 19.99));
    expect(await stats()).toMatchObject({ orders: 1, revenue: 44.99, refunded: 25, netRevenue: 19.99 });
  });

  it('keeps a refund that arrives before its order', async () => {
    await track(storefront('Order Refunded', { ...who, orderId: 'o-1', refundId: 'r-1', amount: 5.01 }));
    await track(order('o-1', '2026-03-01T10:00:00Z'));
    expect(await stats()).toMatchObject({ orders: 1, revenue: 44.99, refunded: 5.01, netRevenue: 39.98 });
  });
});

describe('a crash between an order’s writes', () => {
  const event = () => order('o-1', '2026-03-01T10:00:00Z', { cartId: 'cart-1' });

  it('completes the order item, cart mark and timeline on redelivery after only the commit write', async () => {
    const { profiles } = dynamo();
    await profiles.addOrder(who.customerId, {
      orderId: 'o-1',
      at: '2026-03-01T10:00:00.000Z',
      total: 44.99,
      currency: 'EUR',
      itemCount: 3,
      cartId: 'cart-1',
    });
    expect(await getItem(keys.order(who.customerId, 'o-1'))).toBeUndefined();

    await track(event());

    expect(await stats()).toMatchObject({ orders: 1, revenue: 44.99, firstOrderAt: '2026-03-01T10:00:00.000Z' });
    expect(await getItem(keys.order(who.customerId, 'o-1'))).toMatchObject({ orderId: 'o-1', itemCount: 3 });
    const view = await dynamo().reader.customer(who.customerId);
    expect(view?.carts).toMatchObject([{ cartId: 'cart-1', status: 'ordered', orderId: 'o-1' }]);
    const timeline = await dynamo().reader.timeline(who.customerId, { limit: 10 });
    expect(timeline.items.map((e) => [e.type, e.data.orderId])).toEqual([['Order Completed', 'o-1']]);
  });

  it('does not double the counters when a partly applied event is re-run from the start', async () => {
    // Every op up to and including the order's commit has run; then the process died.
    const recorded: TrackingOp[] = [];
    const { store } = dynamo();
    const crashing = {
      customerIdByIdentity: store.customerIdByIdentity.bind(store),
      customerIdByMessageId: store.customerIdByMessageId.bind(store),
      erasedAt: store.erasedAt.bind(store),
      lookup: store.lookup.bind(store),
      customer: store.customer.bind(store),
      apply: async (op: TrackingOp) => {
        recorded.push(op);
        if (op.kind === 'order') {
          await dynamo().profiles.addOrder(op.customerId, op.order);
          throw new Error('crash after the commit write');
        }
        return store.apply(op);
      },
    };
    await expect(trackStorefrontEvent(crashing, event())).rejects.toThrow('crash after the commit write');
    expect(recorded.map((op) => op.kind)).toContain('order');

    await track(event());
    await track(event());

    expect(await stats()).toMatchObject({ orders: 1, revenue: 44.99 });
    expect(await getItem(keys.order(who.customerId, 'o-1'))).toMatchObject({ orderId: 'o-1' });
    expect((await dynamo().reader.customer(who.customerId))?.carts).toMatchObject([{ status: 'ordered' }]);
  });
});
