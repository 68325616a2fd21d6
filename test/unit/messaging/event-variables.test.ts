import { describe, expect, it } from 'vitest';
import { renderMessage } from '../../../shared/messaging/core/templates/render.js';
import { templateVariables } from '../../../shared/messaging/core/variables.js';
import type { EnrollmentEvents } from '../../../shared/workflow/core/interpreter/types.js';
import { hoursAfter, Journey, validWorkflow } from '../workflow/interpreter/journey.js';

// A cart's order, waited for: the message after it can name both the cart that started it and the order that came.
const workflow = validWorkflow({
  id: 'cart-thanks',
  version: 1,
  name: 'Thanks for ordering the cart',
  trigger: { event: { detailType: 'Cart Abandoned' } },
  correlation: { key: 'cartId' },
  reentry: { policy: 'never' },
  start: 'wait-order',
  steps: {
    'wait-order': {
      type: 'waitForEvent',
      event: 'Order Completed',
      match: { cartId: '$enrollment.key' },
      timeout: 'P1D',
      onEvent: 'thanks',
      onTimeout: 'done',
    },
    thanks: { type: 'send', channel: 'email', template: 'welcome', next: 'done' },
    done: { type: 'exit' },
  },
});
const startedAt = '2026-05-01T09:00:00.000Z';
const cart = { cartId: 'cart-1', total: 30, items: [{ name: 'Blue mug', price: 30, quantity: 1 }] };
const order = { cartId: 'cart-1', orderId: 'ord-1', total: 27, coupon: 'SAVE10', items: cart.items };

const recipient = {
  customerId: 'c-1',
  email: 'c@example.com',
  phone: null,
  firstName: 'Sara',
  lastName: null,
  locale: 'en',
  timezone: null,
  birthday: null,
  consents: {},
  attributes: {},
};
const variables = (events: EnrollmentEvents | undefined) =>
  templateVariables({ recipient, cart: null, loyalty: null, coupon: null, unsubscribeUrl: null, events });

describe('templates see the event', () => {
  it('keeps the trigger on the enrollment, and the event a step waited for', () => {
    const journey = new Journey(workflow);
    journey.enter(startedAt, 'c-1', 'Cart Abandoned', cart);
    expect(journey.enrollment?.events).toEqual({
      trigger: { type: 'Cart Abandoned', occurredAt: startedAt, detail: cart },
    });
    const orderedAt = hoursAfter(startedAt, 2);
    journey.event(orderedAt, 'Order Completed', order);
    expect(journey.enrollment?.events).toEqual({
      trigger: { type: 'Cart Abandoned', occurredAt: startedAt, detail: cart },
      waited: { type: 'Order Completed', occurredAt: orderedAt, detail: order },
    });
  });

  it('gives templates `trigger` and `event` (the waited-for event, else the trigger), with their detail', () => {
    const trigger = { type: 'Cart Abandoned', occurredAt: startedAt, detail: cart };
    const waited = { type: 'Order Completed', occurredAt: hoursAfter(startedAt, 2), detail: order };
    expect(variables({ trigger, waited })).toMatchObject({
      trigger: { type: 'Cart Abandoned', cartId: 'cart-1', total: 30 },
      event: { type: 'Order Completed', orderId: 'ord-1', coupon: 'SAVE10', items: cart.items },
    });
    expect(variables({ trigger })).toMatchObject({ event: { type: 'Cart Abandoned' } });
    expect(variables(undefined)).toMatchObject({ trigger: null, event: null });
  });

  it('renders an order’s items, total and coupon in a template', async () => {
    const waited = { type: 'Order Completed', occurredAt: startedAt, detail: order };
    const sms = await renderMessage({
      folder: {
        name: 'thanks',
        files: new Map([
          [
            'en.sms.txt',
            '{% for item in event.items %}{{ item.name }} {% endfor %}{{ event.total | money: "EUR" }} {{ event.coupon }}',
          ],
        ]),
      },
      channel: 'sms',
      locale: 'en',
      timeZone: null,
      currency: 'EUR',
      variables: variables({ waited }),
    });
    expect(sms).toMatchObject({ channel: 'sms', text: 'Blue mug €27.00 SAVE10' });
  });
});

describe('links in templates', () => {
  it('reach a template only as http(s): a javascript:, data: or vbscript: link stored before the schema refused it is dropped', () => {
    const items = [
      {
        productId: 'p1',
        name: 'Safe',
        price: 1,
        quantity: 1,
        url: 'https://shop.example/p/1',
        image: 'HTTP://cdn.example/1.png',
      },
      {
        productId: 'p2',
        name: 'Script',
        price: 1,
        quantity: 1,
        url: 'javascript:alert(1)',
        image: 'data:image/svg+xml,<svg/>',
      },
      {
        productId: 'p3',
        name: 'Old',
        price: 1,
        quantity: 1,
        url: ' vbscript:msgbox(1)',
        image: 'https://cdn.example/3.png',
      },
    ];
    const trigger = { type: 'Order Completed', occurredAt: startedAt, detail: { ...order, items } };
    const cartFacts = { cartId: 'cart-1', total: 3, currency: 'EUR', url: null, items };
    const vars = templateVariables({
      recipient,
      cart: cartFacts,
      loyalty: null,
      coupon: null,
      unsubscribeUrl: null,
      events: { trigger },
    }) as { cart: { items: unknown[] }; trigger: { items: unknown[] } };
    for (const list of [vars.cart.items, vars.trigger.items]) {
      expect(list).toMatchObject([
        { url: 'https://shop.example/p/1', image: 'HTTP://cdn.example/1.png' },
        { url: null, image: null },
        { url: null, image: 'https://cdn.example/3.png' },
      ]);
    }
  });
});
