import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EngineHarness, startHarness } from './local-engine.js';
import { observe, registered, shop } from './observe.js';

// Issue 6's first "done when": on the local engine with the clock, a cart left longer than the threshold
// (CART_ABANDONED_AFTER, 1 hour by default) produces Cart Abandoned once and the recovery email; an order in time
// produces neither. Events in through the real SDK, time moved by POST /clock, mail read back from the SES emulator.
const start = '2026-11-02T10:00:00.000Z';
const items = [{ productId: 'p-scarf', name: 'Silk scarf', price: 89.9, quantity: 1 }];
const cart = (customerId: string) =>
  shop('Cart Updated', {
    customerId,
    cartId: `cart-${customerId}`,
    occurredAt: start,
    currency: 'EUR',
    total: 89.9,
    items,
  });

interface Announced {
  'detail-type': string;
  source: string;
  time: string;
  detail: Record<string, unknown>;
}

describe('Cart Abandoned on the local engine', () => {
  let h: EngineHarness;
  let o: ReturnType<typeof observe>;
  /** Every `Cart Abandoned` that went over the bus, redeliveries included. */
  const abandoned = async (): Promise<Announced[]> => {
    const { body } = await h.get(`/bus/events?type=${encodeURIComponent('Cart Abandoned')}`);
    return (body as { items: Announced[] }).items;
  };

  beforeAll(async () => {
    h = await startHarness(new Date(start));
    o = observe(h);
    await o.send(registered('cus_left', start), registered('cus_bought', start));
    await o.send(cart('cus_left'), cart('cus_bought'));
  });
  afterAll(async () => h?.stop());

  it('nothing before the hour is up; an order in time takes its cart out', async () => {
    await o.advance('PT30M');
    const order = { customerId: 'cus_bought', cartId: 'cart-cus_bought', orderId: 'ord-1', currency: 'EUR' };
    await o.send(shop('Order Completed', { ...order, occurredAt: '2026-11-02T10:30:00.000Z', total: 89.9, items }));
    await o.advance('PT29M');
    expect(await abandoned()).toEqual([]);
  });

  it('a cart left 2 hours is announced once, at the hour, with its items and total', async () => {
    await o.advance('PT1M');
    await o.send(cart('cus_left')); // a redelivery of the same cart event, after the announcement
    await o.advance('PT1H');
    const events = await abandoned();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      source: 'rekindle',
      time: '2026-11-02T11:00:00Z',
      detail: {
        customerId: 'cus_left',
        eventId: `cart-abandoned:cart-cus_left:${start}`,
        occurredAt: '2026-11-02T11:00:00.000Z',
        cartId: 'cart-cus_left',
        items,
        total: 89.9,
        currency: 'EUR',
      },
    });
  });

  it('the abandoned cart gets its recovery email 4 hours after the cart, once; the bought one gets nothing', async () => {
    // EventBridge delivers at least once: the same Cart Abandoned again starts nothing new.
    const [event] = await abandoned();
    await o.send({
      EventBusName: 'rekindle',
      Source: event?.source,
      DetailType: event?.['detail-type'],
      Detail: JSON.stringify(event?.detail),
      Time: new Date(event?.time ?? start),
    });
    await o.advance('PT1H59M');
    expect(await o.messages('cus_left', 'abandoned-cart')).toEqual([]);
    await o.advance('PT1M');
    const [reminder, ...more] = await o.messages('cus_left', 'abandoned-cart');
    expect(more).toEqual([]);
    expect(reminder).toMatchObject({
      at: '2026-11-02T14:00:00.000Z',
      channel: 'email',
      template: 'cart-reminder',
      status: 'sent',
    });
    expect((await o.email(reminder))?.body.html).toContain('Silk scarf');
    expect(await o.messages('cus_bought', 'abandoned-cart')).toEqual([]);
    expect(await o.enrollment('cus_bought', 'abandoned-cart')).toBeUndefined();
    expect(await o.stats('abandoned-cart')).toMatchObject({ entered: 1 });
  });
});
