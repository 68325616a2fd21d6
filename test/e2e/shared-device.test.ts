import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guestCustomerId } from '../../shared/tracking/core/model.js';
import { type EngineHarness, startHarness } from './local-engine.js';
import { observe, registered, shop } from './observe.js';

// Issue 12: identities that cannot be taken, on the whole local engine. Layla signs in on a shared tablet (the shop's
// backend sends both ids); later a guest, not signed in, checks out on it with their own email. The guest's cart is
// the guest's: its reminder goes to the guest, and Layla's email, cart list and messages are untouched.
const start = '2026-11-02T10:00:00.000Z';
const tablet = 'tablet-7';
const guestEmail = 'guest@example.net';

describe('a guest checkout on a signed-in customer’s device', () => {
  let h: EngineHarness;
  let o: ReturnType<typeof observe>;

  beforeAll(async () => {
    h = await startHarness(new Date(start));
    o = observe(h);
    await o.send(registered('cus_layla', start, { anonymousId: tablet }));
    await o.send(
      shop('Cart Updated', {
        anonymousId: tablet,
        email: guestEmail,
        cartId: 'cart_guest',
        occurredAt: start,
        currency: 'EUR',
        total: 40,
        items: [{ productId: 'p-mug', name: 'Mug', price: 40, quantity: 1 }],
      }),
    );
    await o.advance('PT5H');
  });
  afterAll(async () => h?.stop());

  it("leaves the signed-in customer's email and carts as they were", async () => {
    expect(await o.customer('cus_layla')).toMatchObject({ email: 'cus_layla@example.com', carts: [] });
  });

  it("keeps the guest's cart on the guest's own identity, and reminds the guest, not the customer", async () => {
    const guest = guestCustomerId(guestEmail);
    expect(await o.customer(guest)).toMatchObject({ email: guestEmail, carts: [{ cartId: 'cart_guest' }] });
    const abandoned = await o.busEvents<{ customerId: string; cartId: string }>('Cart Abandoned');
    expect(abandoned.map((e) => [e.customerId, e.cartId])).toEqual([[guest, 'cart_guest']]);
    expect(await o.emailsTo('cus_layla@example.com')).not.toContainEqual(
      expect.objectContaining({ subject: expect.stringMatching(/cart/i) }),
    );
  });
});
