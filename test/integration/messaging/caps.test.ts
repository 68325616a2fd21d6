import { describe, expect, it } from 'vitest';
import { at, registerCustomer, sendRequest, useMessaging } from './harness.js';

const messaging = useMessaging();
const customer = { customerId: 'cus_cap', email: 'cap@example.com', locale: 'en-US', consents: { email: true } };
const capped = { id: 'abandoned-cart', version: 2, priority: 10, maxMessagesPerDay: 2 };
const later = (hours: number) => new Date(Date.parse(at) + hours * 3_600_000).toISOString();

describe("a workflow's maxMessagesPerDay", () => {
  it('sends at most that many to one customer in 24 hours; the next is skipped saying why; a day later it sends', async () => {
    const { dynamo, messaging: m } = messaging();
    await registerCustomer(dynamo, customer);
    const send = (enrollment: string, hours: number) =>
      m.messenger.submit(
        sendRequest({
          customerId: customer.customerId,
          enrollmentId: `abandoned-cart#cus_cap#${enrollment}`,
          workflow: capped,
          at: later(hours),
        }),
      );
    expect((await send('cart-1', 0)).status).toBe('sent');
    expect((await send('cart-2', 1)).status).toBe('sent');
    expect(await send('cart-3', 2)).toEqual({
      status: 'skipped',
      reason: 'capped: abandoned-cart sends at most 2 a day',
    });
    // Other workflows are not counted against this one's cap.
    const other = await m.messenger.submit(
      sendRequest({
        customerId: customer.customerId,
        enrollmentId: 'welcome-series#cus_cap#-',
        workflow: { ...capped, id: 'welcome-series' },
        at: later(2),
      }),
    );
    expect(other.status).toBe('sent');
    expect((await send('cart-4', 24.5)).status).toBe('sent');
    const { items } = await m.messages.messages(customer.customerId, 10);
    expect(items.find((r) => r.enrollmentId.endsWith('cart-3'))?.history[0]?.detail).toBe(
      'capped: abandoned-cart sends at most 2 a day',
    );
  });
});
