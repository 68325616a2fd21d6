import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EngineHarness, startHarness } from './local-engine.js';
import { observe, registered, shop } from './observe.js';

// Issue 12: consent that wins. An event cannot win the future (its time is bounded by its receipt), and a
// withdrawal wins a tie with a grant in the same second, whichever arrives first. Checked on the whole local engine
// with the shipped abandoned-cart workflow: no cart email goes to a customer who said no.
const start = '2026-11-02T10:00:00.000Z';
const minuteLater = '2026-11-02T10:01:00.000Z';
const withdraw = (customerId: string, occurredAt: string) =>
  shop('Customer Updated', { customerId, occurredAt, consents: { email: false } });
const cart = (customerId: string) =>
  shop('Cart Updated', {
    customerId,
    cartId: `cart_${customerId}`,
    occurredAt: minuteLater,
    currency: 'EUR',
    total: 89.9,
    items: [{ productId: 'p-scarf', name: 'Silk scarf', price: 89.9, quantity: 1 }],
  });

interface Consent {
  granted: boolean;
  at: string;
}

describe('consent that wins', () => {
  let h: EngineHarness;
  let o: ReturnType<typeof observe>;
  const emailConsent = async (customerId: string) =>
    ((await o.customer(customerId)) as unknown as { consents: { email: Consent | null } }).consents.email;

  beforeAll(async () => {
    h = await startHarness(new Date(start));
    o = observe(h);
    // Dated 2099: received at `start`, so it counts as of `start`, and the withdrawal a minute later wins.
    await o.send(registered('cus_future', '2099-01-01T00:00:00.000Z', { consents: { email: true } }));
    await o.send(withdraw('cus_future', minuteLater));
    // Ticked and unticked in the same second, delivered in both orders.
    await o.send(registered('cus_tie_a', start, { consents: { email: true } }));
    await o.send(withdraw('cus_tie_a', start));
    await o.send(withdraw('cus_tie_b', start));
    await o.send(registered('cus_tie_b', start, { consents: { email: true } }));
    await o.send(...['cus_future', 'cus_tie_a', 'cus_tie_b'].map(cart));
    await o.advance('PT5H');
  });
  afterAll(async () => h?.stop());

  it('bounds an event dated in the future by its receipt, and keeps the claimed time on the timeline', async () => {
    expect(await emailConsent('cus_future')).toMatchObject({ granted: false, at: minuteLater });
    const { body } = await h.get('/customers/cus_future/timeline?limit=10');
    const registration = (body as { items: { type: string; occurredAt: string; data: object }[] }).items.find(
      (e) => e.type === 'Customer Registered',
    );
    expect(registration).toMatchObject({ occurredAt: start, data: { clampedFrom: '2099-01-01T00:00:00.000Z' } });
    const customer = (await o.customer('cus_future')) as unknown as { lastActiveAt: string };
    expect(customer.lastActiveAt <= minuteLater).toBe(true);
  });

  it('lets a withdrawal win a grant of the same second, in either arrival order', async () => {
    expect(await emailConsent('cus_tie_a')).toMatchObject({ granted: false });
    expect(await emailConsent('cus_tie_b')).toMatchObject({ granted: false });
  });

  it('sends none of them the cart email (skipped: no consent)', async () => {
    for (const customerId of ['cus_future', 'cus_tie_a', 'cus_tie_b']) {
      const messages = await o.messages(customerId, 'abandoned-cart');
      expect(messages).toMatchObject([
        {
          template: 'cart-reminder',
          status: 'skipped',
          history: [{ detail: 'no consent for email; no consent for sms' }],
        },
      ]);
    }
  });
});
