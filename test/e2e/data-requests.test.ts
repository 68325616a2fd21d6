import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EngineHarness, startHarness } from './local-engine.js';
import { observe, order, registered, shop } from './observe.js';

// A data-subject request on the local engine through the admin API: export everything, then erase on request.
const start = '2026-11-02T10:00:00.000Z';
const customerId = 'cus_dsr_amir';

describe('data requests on the local engine', () => {
  let h: EngineHarness;
  let o: ReturnType<typeof observe>;

  beforeAll(async () => {
    h = await startHarness(new Date(start));
    o = observe(h);
    await o.send(
      registered(customerId, start, { firstName: 'Amir', locale: 'fa-IR', timezone: 'Asia/Tehran' }),
      order(customerId, 'ord_dsr_1', '2026-11-02T11:00:00.000Z', 300),
    );
  });
  afterAll(async () => h?.stop());

  it('GET /customers/{id}/export returns everything held about the customer', async () => {
    const { status, body } = await h.get(`/customers/${customerId}/export`);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      customerId,
      profile: { email: `${customerId}@example.com`, firstName: 'Amir', locale: 'fa-IR' },
      held: {
        orders: [expect.objectContaining({ orderId: 'ord_dsr_1', total: 300 })],
        loyaltyAccount: [expect.objectContaining({ account: expect.objectContaining({ customerId }) })],
        // The records beside the account, among them the order's: what it earned, what its refunds took back.
        loyaltyRecords: expect.arrayContaining([
          expect.objectContaining({
            record: { kind: 'order', record: expect.objectContaining({ orderId: 'ord_dsr_1' }) },
          }),
        ]),
        timeline: expect.arrayContaining([expect.objectContaining({ type: 'Order Completed' })]),
        enrollments: expect.arrayContaining([expect.objectContaining({ workflowId: 'welcome-series' })]),
        messages: expect.arrayContaining([expect.objectContaining({ template: 'welcome', status: 'sent' })]),
      },
      erasure: null,
    });
    expect((await h.get('/customers/cus_nobody/export')).status).toBe(404);
  });

  it('DELETE /customers/{id} erases with reason "request", once, and says so on the bus', async () => {
    const first = await h.delete(`/customers/${customerId}`);
    expect(first).toMatchObject({
      status: 200,
      body: { status: 'purged', audit: { customerId, reason: 'request', requestedBy: 'admin API', purgedAt: start } },
    });
    const again = await h.delete(`/customers/${customerId}`, { reason: 'asked twice' });
    expect(again).toMatchObject({ status: 200, body: { status: 'already-purged', audit: { reason: 'request' } } });
    await h.settle();
    expect(await o.busEvents('Customer Purged')).toEqual([
      expect.objectContaining({ customerId, reason: 'request', counts: expect.objectContaining({ orders: 1 }) }),
    ]);
    expect((await h.get(`/customers/${customerId}`)).status).toBe(404);
    const exported = await h.get(`/customers/${customerId}/export`);
    expect(exported.body).toMatchObject({ profile: null, erasure: { reason: 'request', requestedBy: 'admin API' } });
    expect((await h.delete('/customers/cus_nobody')).status).toBe(404);
    expect((await h.delete(`/customers/${customerId}`, { reason: '' })).status).toBe(400);
  });

  it('a late delivery of an event from before the erasure brings nothing back', async () => {
    await o.send(
      shop('Cart Updated', {
        customerId,
        cartId: 'cart_dsr_late',
        occurredAt: '2026-11-02T09:30:00.000Z',
        currency: 'SAR',
        total: 10,
        items: [{ productId: 'p-1', name: 'Late', price: 10, quantity: 1 }],
      }),
      // Heard by the workflows (goals) and loyalty: neither may act, nor wait for a tracking that will not come.
      order(customerId, 'ord_dsr_late', '2026-11-02T09:45:00.000Z', 20),
    );
    expect((await h.get(`/customers/${customerId}`)).status).toBe(404);
    const { body } = await h.get(`/customers/${customerId}/export`);
    expect(Object.values((body as { held: Record<string, unknown[]> }).held).flat()).toEqual([]);
    expect((await h.get('/dlq')).body).toEqual({ items: [], nextCursor: null });
  });
});
