import { describe, expect, it } from 'vitest';
import { sesEngagementDetailTypes, storefrontDetailTypes } from '../../../shared/platform/routing.js';
import { eventEnvelope } from '../../../shared/schemas/envelope.js';
import { exampleEnvelope, sesExamples, storefrontExamples } from '../../../shared/schemas/examples.js';
import { sesEngagementSchemas, sesEventSchemas } from '../../../shared/schemas/ses-events.js';
import { storefrontEventSchemas } from '../../../shared/schemas/storefront-events.js';

describe('schema maps', () => {
  it('has a storefront schema for every routed storefront detail-type, and no other', () => {
    expect(Object.keys(storefrontEventSchemas).sort()).toEqual([...storefrontDetailTypes].sort());
  });

  it('has an SES engagement schema for every routed SES detail-type, and no other', () => {
    expect(Object.keys(sesEngagementSchemas).sort()).toEqual([...sesEngagementDetailTypes].sort());
  });

  it('includes every engagement schema among all SES schemas', () => {
    for (const [detailType, schema] of Object.entries(sesEngagementSchemas)) {
      expect(Object.entries(sesEventSchemas)).toContainEqual([detailType, schema]);
    }
  });
});

describe('storefront examples', () => {
  it('has one example per storefront detail-type', () => {
    expect(Object.keys(storefrontExamples).sort()).toEqual(Object.keys(storefrontEventSchemas).sort());
  });

  it.each(Object.entries(storefrontEventSchemas))('%s: the example parses unchanged', (detailType, schema) => {
    const example: unknown = Object.entries(storefrontExamples).find(([type]) => type === detailType)?.[1];
    // Parsing strips unknown keys, so equality also proves the example has no misspelled field.
    expect(schema.parse(example)).toEqual(example);
  });

  it('tells the story the brief asks for', () => {
    const registered = storefrontExamples['Customer Registered'];
    expect(registered).toMatchObject({
      customerId: 'cus_1001',
      email: 'layla@example.com',
      locale: 'ar-SA',
      timezone: 'Asia/Riyadh',
    });
    const cart = storefrontExamples['Cart Updated'];
    expect(cart.cartId).toBe('cart_77');
    expect(cart.currency).toBe('SAR');
    expect(cart.items).toHaveLength(2);
    for (const item of cart.items) {
      expect(Object.keys(item)).toEqual(expect.arrayContaining(['name', 'price', 'quantity', 'url', 'image']));
    }
    expect(cart.total).toBe(cart.items.reduce((sum, item) => sum + item.price * item.quantity, 0));
    const order = storefrontExamples['Order Completed'];
    expect(order).toMatchObject({ orderId: 'ord_5001', cartId: 'cart_77', total: cart.total, items: cart.items });
    expect(storefrontExamples['Order Refunded'].orderId).toBe('ord_5001');
  });
});

describe('SES examples', () => {
  it('has one example per SES detail-type', () => {
    expect(Object.keys(sesExamples).sort()).toEqual(Object.keys(sesEventSchemas).sort());
  });

  it.each(Object.entries(sesEventSchemas))('%s: the example parses, unknown AWS fields kept', (detailType, schema) => {
    const example: unknown = Object.entries(sesExamples).find(([type]) => type === detailType)?.[1];
    expect(schema.parse(example)).toEqual(example);
  });

  it.each(Object.entries(sesExamples))('%s: carries our tags and recipient', (_detailType, example) => {
    expect(example.mail.destination).toEqual(['layla@example.com']);
    expect(example.mail.tags).toMatchObject({
      customerId: ['cus_1001'],
      'ses:configuration-set': [expect.any(String)],
    });
  });

  it('clicks the cart link', () => {
    expect(sesExamples['Email Clicked'].click.link).toBe('https://shop.example/cart/cart_77');
  });
});

describe('exampleEnvelope', () => {
  const detail = storefrontExamples['Order Completed'];

  it('builds an EventBridge event the envelope schema accepts', () => {
    const event = exampleEnvelope('shop.example', 'Order Completed', detail);
    expect(eventEnvelope.parse(event)).toEqual(event);
    expect(event).toMatchObject({
      version: '0',
      'detail-type': 'Order Completed',
      source: 'shop.example',
      account: '123456789012',
      region: 'eu-west-1',
      resources: [],
      detail,
    });
    expect(event.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('gives the same content the same id, and different content a different one', () => {
    const first = exampleEnvelope('shop.example', 'Order Completed', detail);
    expect(exampleEnvelope('shop.example', 'Order Completed', detail).id).toBe(first.id);
    expect(exampleEnvelope('shop.example', 'Order Completed', { ...detail, total: 1 }).id).not.toBe(first.id);
    expect(exampleEnvelope('aws.ses', 'Email Clicked', sesExamples['Email Clicked']).id).not.toBe(first.id);
  });
});
