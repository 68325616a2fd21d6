import { describe, expect, it } from 'vitest';
import { trackStorefrontEvent } from '../../../shared/tracking/core/track-storefront.js';
import { useLocalDynamo } from '../../helpers/dynamo.js';
import { lineItem, orderDetail, storefront } from '../../helpers/events.js';

const dynamo = useLocalDynamo();
const customerId = 'cus_busy';

/** Waits for every write to finish (none left running against a closed server), then fails on the first error. */
async function settleAll(tracking: Promise<unknown>[]): Promise<void> {
  const results = await Promise.allSettled(tracking);
  const failures = results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
  expect(failures).toEqual([]);
}

describe('concurrent events for one customer', () => {
  it('counts 50 concurrent orders exactly: orderCount 50 and revenue the exact sum', async () => {
    const { store, reader } = dynamo();
    // Prices with cents, so a float sum would drift: 0.01, 1.12, 2.23, ...
    const prices = Array.from({ length: 50 }, (_, i) => (1 + i * 111) / 100);
    const events = prices.map((price, i) =>
      storefront(
        'Order Completed',
        orderDetail({ customerId }, `o-${i}`, `2026-03-01T10:${String(i).padStart(2, '0')}:00Z`, [
          lineItem(`p-${i}`, price),
        ]),
      ),
    );
    await settleAll(events.map((event) => trackStorefrontEvent(store, event)));
    const expectedCents = prices.reduce((sum, p) => sum + Math.round(p * 100), 0);
    const view = await reader.customer(customerId);
    expect(view?.stats).toMatchObject({
      orders: 50,
      revenue: expectedCents / 100,
      firstOrderAt: '2026-03-01T10:00:00.000Z',
      lastOrderAt: '2026-03-01T10:49:00.000Z',
    });
    const timeline = await reader.timeline(customerId, { limit: 100 });
    expect(timeline.items).toHaveLength(50);
  });

  it('keeps every field of 20 concurrent updates (optimistic version retries)', async () => {
    const { store, reader } = dynamo();
    const events = Array.from({ length: 20 }, (_, i) =>
      storefront('Customer Updated', {
        customerId,
        occurredAt: `2026-03-01T10:00:${String(i).padStart(2, '0')}Z`,
        attributes: { [`field${i}`]: i },
      }),
    );
    await settleAll(events.map((event) => trackStorefrontEvent(store, event)));
    const expected = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`field${i}`, i]));
    expect((await reader.customer(customerId))?.attributes).toEqual(expected);
    // Every field's time survived too: an older event touching all of them changes nothing.
    const stale = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`field${i}`, 'stale']));
    await trackStorefrontEvent(
      store,
      storefront('Customer Updated', { customerId, occurredAt: '2026-03-01T09:00:00Z', attributes: stale }),
    );
    expect((await reader.customer(customerId))?.attributes).toEqual(expected);
  });

  it('keeps every field of concurrent updates touching different kinds of field', async () => {
    const { store, reader } = dynamo();
    const at = (s: number) => `2026-03-01T10:00:${String(s).padStart(2, '0')}Z`;
    const details = [
      { firstName: 'Layla' },
      { lastName: 'Al-Harbi' },
      { locale: 'ar-SA' },
      { timezone: 'Asia/Riyadh' },
      { birthday: '--09-23' },
      { email: 'layla@example.com' },
      { phone: '+966501234567' },
      { consents: { email: true } },
      { consents: { sms: false } },
      { consents: { whatsapp: true } },
    ];
    await settleAll(
      details.map((detail, i) =>
        trackStorefrontEvent(store, storefront('Customer Updated', { customerId, occurredAt: at(i), ...detail })),
      ),
    );
    const view = await reader.customer(customerId);
    expect(view).toMatchObject({
      firstName: 'Layla',
      lastName: 'Al-Harbi',
      locale: 'ar-SA',
      timezone: 'Asia/Riyadh',
      birthday: '--09-23',
      email: 'layla@example.com',
      phone: '+966501234567',
      consents: {
        email: { granted: true, at: '2026-03-01T10:00:07.000Z' },
        sms: { granted: false, at: '2026-03-01T10:00:08.000Z' },
        whatsapp: { granted: true, at: '2026-03-01T10:00:09.000Z' },
      },
    });
  });
});
