import { lineItem, orderDetail, storefront } from '../../helpers/events.js';

/** The instant the workflow tests start at (the executor fixture's clock). */
export const start = '2026-11-02T10:00:00.000Z';
export const hoursAfterStart = (h: number): Date => new Date(Date.parse(start) + h * 3_600_000);

export const cart = (customerId: string, cartId: string, at = start) =>
  storefront('Cart Updated', {
    customerId,
    cartId,
    occurredAt: at,
    currency: 'EUR',
    total: 40,
    items: [lineItem('p1', 40)],
  });

export const order = (customerId: string, cartId: string, at: string) =>
  storefront('Order Completed', { ...orderDetail({ customerId }, `ord-${cartId}`, at, [lineItem('p1', 40)]), cartId });
