import type { PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EngineHarness, startHarness } from './local-engine.js';

// Issue 6, part 1: a cart left past CART_ABANDONED_AFTER (1 hour by default) is announced as Cart Abandoned on the
// bus once; an order in time announces nothing. Events in through the real SDK, time moved by POST /clock.
const start = '2026-11-02T10:00:00.000Z';
const items = [{ productId: 'p-scarf', name: 'Silk scarf', price: 89.9, quantity: 1 }];
const shop = (DetailType: string, detail: object): PutEventsRequestEntry => ({
  EventBusName: 'rekindle',
  Source: 'shop.example',
  DetailType,
  Detail: JSON.stringify(detail),
});
const cart = (customerId: string) =>
  shop('Cart Updated', {
    customerId,
    cartId: `cart-${customerId}`,
    occurredAt: start,
    currency: 'EUR',
    total: 89.9,
    items,
  });

describe('Cart Abandoned on the local engine', () => {
  let h: EngineHarness;
  const abandoned = async () => {
    const { body } = await h.get(`/bus/events?type=${encodeURIComponent('Cart Abandoned')}`);
    return (body as { items: { source: string; detail: Record<string, unknown> }[] }).items;
  };
  const advance = async (duration: string) => {
    expect((await h.post('/clock', { advance: duration })).status).toBe(200);
    await h.settle();
  };

  beforeAll(async () => {
    h = await startHarness(new Date(start));
    await h.put([cart('cus_left'), cart('cus_bought')]);
    await h.settle();
  });
  afterAll(async () => h?.stop());

  it('nothing before the hour is up; an order in time takes its cart out', async () => {
    await advance('PT30M');
    const order = { customerId: 'cus_bought', cartId: 'cart-cus_bought', orderId: 'ord-1', currency: 'EUR' };
    await h.put([shop('Order Completed', { ...order, occurredAt: '2026-11-02T10:30:00.000Z', total: 89.9, items })]);
    await h.settle();
    await advance('PT29M');
    expect(await abandoned()).toEqual([]);
  });

  it('a cart left 2 hours is announced once, at the hour, with its items and total', async () => {
    await advance('PT1H31M');
    await h.put([cart('cus_left')]); // a redelivery of the same cart event
    await h.settle();
    await advance('PT2H');
    const events = await abandoned();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      source: 'rekindle',
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
});
