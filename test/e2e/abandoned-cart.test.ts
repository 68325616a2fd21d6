import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EngineHarness, startHarness } from './local-engine.js';
import { observe, registered, shop } from './observe.js';

// Issues 4 and 6: the shipped abandoned-cart workflow on the whole local engine, entered on the engine's own
// Cart Abandoned (1 hour after the cart's last change by default), events in through the real SDK, time moved by
// POST /clock, mail read back from the SES emulator and texts from the SMS capture server.
const start = '2026-11-02T10:00:00.000Z';
const items = [{ productId: 'p-scarf', name: 'Silk scarf', price: 89.9, quantity: 1 }];
const cart = (customerId: string) =>
  shop('Cart Updated', {
    customerId,
    cartId: `cart_${customerId}`,
    occurredAt: start,
    currency: 'EUR',
    total: 89.9,
    items,
  });
/** An order of the customer's cart, or (`cartId` null) one the storefront sent without a cartId. */
const order = (customerId: string, occurredAt: string, cartId: string | null = `cart_${customerId}`) =>
  shop('Order Completed', {
    customerId,
    orderId: `ord_${customerId}`,
    ...(cartId === null ? {} : { cartId }),
    occurredAt,
    currency: 'EUR',
    total: 89.9,
    items,
  });

describe('abandoned cart on the local engine', () => {
  let h: EngineHarness;
  let o: ReturnType<typeof observe>;
  // in time: orders its cart after the email; other: orders without a cartId after the email; late: after the SMS;
  // quick: orders (without a cartId) before the cart counts as abandoned.
  const everyone = ['cus_intime', 'cus_late', 'cus_other', 'cus_quick'];
  const reminders = async (customerId: string) =>
    (await o.messages(customerId, 'abandoned-cart')).filter((m) => m.template === 'cart-reminder');

  beforeAll(async () => {
    h = await startHarness(new Date(start));
    o = observe(h);
    await o.send(...everyone.map((c) => registered(c, start)));
    await o.send(...everyone.map(cart));
  });
  afterAll(async () => h?.stop());

  it('an order before the hour: no Cart Abandoned; the other carts are announced at the hour and enter', async () => {
    await o.advance('PT30M');
    await o.send(order('cus_quick', '2026-11-02T10:30:00.000Z', null));
    await o.advance('PT29M');
    expect(await o.busEvents('Cart Abandoned')).toEqual([]);
    await o.advance('PT1M');
    const announced = await o.busEvents<{ customerId: string; occurredAt: string }>('Cart Abandoned');
    expect(announced.map((e) => e.customerId).sort()).toEqual(['cus_intime', 'cus_late', 'cus_other']);
    expect(new Set(announced.map((e) => e.occurredAt))).toEqual(new Set(['2026-11-02T11:00:00.000Z']));
    expect(await o.enrollment('cus_intime', 'abandoned-cart')).toMatchObject({
      status: 'active',
      step: 'wait-3h',
      nextWakeAt: '2026-11-02T14:00:00.000Z',
    });
    expect(await o.enrollment('cus_quick', 'abandoned-cart')).toBeUndefined();
  });

  it('sends the cart email 4 hours after the cart, not before; none to the customer who bought first', async () => {
    await o.advance('PT2H59M');
    expect(await reminders('cus_intime')).toEqual([]);
    await o.advance('PT1M');
    const [email] = await reminders('cus_intime');
    expect(email).toMatchObject({ at: '2026-11-02T14:00:00.000Z', channel: 'email', status: 'sent' });
    const sent = await o.email(email);
    expect(sent?.subject).toBeTruthy();
    expect(sent?.body.html).toContain('Silk scarf');
    expect(await reminders('cus_late')).toHaveLength(1);
    expect(await reminders('cus_other')).toHaveLength(1);
    expect(await o.messages('cus_quick', 'abandoned-cart')).toEqual([]);
    expect(await o.enrollment('cus_intime', 'abandoned-cart')).toMatchObject({ step: 'wait-order' });
  });

  it('an order in time, of the cart or without a cartId, skips the SMS and counts the conversion', async () => {
    await o.advance('PT2H');
    await o.send(order('cus_intime', '2026-11-02T16:00:00.000Z'), order('cus_other', '2026-11-02T16:00:00.000Z', null));
    expect(await o.enrollment('cus_intime', 'abandoned-cart')).toMatchObject({ status: 'converted' });
    expect(await o.enrollment('cus_other', 'abandoned-cart')).toMatchObject({ status: 'converted' });
    await o.advance('P1D'); // past the wait for the order: the late customer's SMS goes, the others' do not
    const sent = await o.texts();
    expect(sent).toHaveLength(1);
    expect(sent[0]?.body).toMatch(/10\s?%/); // the coupon's percent, rendered
    expect((await o.messages('cus_late', 'abandoned-cart')).map((m) => m.template)).toEqual([
      'cart-reminder',
      'cart-coupon',
    ]);
    const late = await o.enrollment('cus_late', 'abandoned-cart');
    expect(late).toMatchObject({ status: 'exited', step: 'done' });
    expect(late?.history.map((e) => `${e.step}: ${e.outcome}`)).toContain('wait-order: timeout');
  });

  it('an order after the SMS followed the other branch and still converts within the goal window', async () => {
    await o.advance('P1D');
    await o.send(order('cus_late', '2026-11-04T12:00:00.000Z'));
    expect(await o.enrollment('cus_late', 'abandoned-cart')).toMatchObject({ status: 'converted' });
    expect(await o.stats('abandoned-cart')).toMatchObject({
      entered: 3,
      converted: 3,
      revenue: 269.7,
      steps: { 'wait-3h': 3, 'email-reminder': 3, 'wait-order': 3, 'sms-coupon': 1, done: 1 },
    });
    // Each cart was announced once; every message the workflow sent is on record: three emails and one SMS.
    expect(await o.busEvents('Cart Abandoned')).toHaveLength(3);
    const all = (await Promise.all(everyone.map((c) => o.messages(c, 'abandoned-cart')))).flat();
    expect(all.map((m) => m.channel).sort()).toEqual(['email', 'email', 'email', 'sms']);
    expect(await o.texts()).toHaveLength(1);
  });
});
