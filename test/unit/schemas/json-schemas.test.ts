import { describe, expect, it } from 'vitest';
import { sesExamples, storefrontExamples } from '../../../shared/schemas/examples.js';
import { lifecycleEventSchemas } from '../../../shared/schemas/lifecycle-events.js';
import { purgeEventSchemas } from '../../../shared/schemas/purge-events.js';
import { rekindleEventSchemas } from '../../../shared/schemas/rekindle-events.js';
import { sesEventSchemas } from '../../../shared/schemas/ses-events.js';
import { storefrontEventSchemas } from '../../../shared/schemas/storefront-events.js';
import { index, published, validator } from '../../helpers/published-schemas.js';

const allExamples: [string, unknown][] = [...Object.entries(storefrontExamples), ...Object.entries(sesExamples)];

describe('published JSON Schemas', () => {
  it('index.json lists every event once, storefront events with the storefront source pattern', () => {
    const types = index.events.map((entry) => entry.detailType);
    expect(types).toEqual([
      ...Object.keys(storefrontEventSchemas),
      ...Object.keys(sesEventSchemas),
      ...Object.keys(rekindleEventSchemas),
      ...Object.keys(lifecycleEventSchemas),
      ...Object.keys(purgeEventSchemas),
    ]);
    for (const entry of index.events) {
      if (entry.detailType in storefrontEventSchemas) {
        expect(entry).toMatchObject({
          bus: 'rekindle',
          source: [{ 'anything-but': { wildcard: ['aws.*', 'rekindle'] } }],
        });
      } else if ([rekindleEventSchemas, lifecycleEventSchemas, purgeEventSchemas].some((s) => entry.detailType in s)) {
        // Rekindle's own events: see rekindle-events.test.ts.
        expect(entry).toMatchObject({ bus: 'rekindle', source: ['rekindle'] });
      } else {
        expect(entry).toMatchObject({ bus: 'default', source: ['aws.ses'] });
        expect(entry.file).toMatch(/^ses-email-[a-z-]+\.schema\.json$/);
      }
    }
    expect(index.events.find((entry) => entry.detailType === 'Order Completed')?.file).toBe(
      'order-completed.schema.json',
    );
    expect(index.events.find((entry) => entry.detailType === 'Email Clicked')?.file).toBe(
      'ses-email-clicked.schema.json',
    );
  });

  it.each(allExamples)('%s: has $id, title, description and its example', (detailType, example) => {
    const schema = published.get(detailType);
    expect(schema).toMatchObject({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      $id: expect.stringMatching(/^urn:rekindle:schemas:events:[a-z-]+$/),
      title: detailType,
      description: expect.stringMatching(/\w{3}/),
      examples: [example],
    });
  });

  it.each(allExamples)('%s: the example validates', (detailType, example) => {
    const validate = validator(detailType);
    expect(validate(example), JSON.stringify(validate.errors)).toBe(true);
  });

  it.each(Object.keys(storefrontEventSchemas))('%s: requires customerId or anonymousId', (detailType) => {
    expect(published.get(detailType)?.anyOf).toEqual([{ required: ['customerId'] }, { required: ['anonymousId'] }]);
  });
});

describe('neither customerId nor anonymousId', () => {
  it.each(Object.entries(storefrontEventSchemas))(
    '%s: rejected by zod and by the JSON Schema',
    (detailType, schema) => {
      const example: Record<string, unknown> = {
        ...Object.entries(storefrontExamples).find(([type]) => type === detailType)?.[1],
      };
      const { customerId: _c, anonymousId: _a, ...nobody } = example;
      expect(schema.safeParse(nobody).success).toBe(false);
      expect(validator(detailType)(nobody)).toBe(false);

      // With one id back, the JSON Schema agrees with zod (which requires customerId on the customer events).
      for (const someone of [
        { ...nobody, customerId: 'cus_1' },
        { ...nobody, anonymousId: 'anon_1' },
      ]) {
        expect(validator(detailType)(someone)).toBe(schema.safeParse(someone).success);
      }
      expect(validator(detailType)({ ...nobody, customerId: 'cus_1' })).toBe(true);
    },
  );
});

describe('malformed details are rejected by the JSON Schema too', () => {
  const cart = storefrontExamples['Cart Updated'];
  const clicked = sesExamples['Email Clicked'];
  const bounced = sesExamples['Email Bounced'];

  it.each([
    ['Cart Updated', 'negative price', { ...cart, items: [{ ...cart.items[0], price: -1 }] }],
    ['Cart Updated', 'lower-case currency', { ...cart, currency: 'sar' }],
    ['Cart Updated', 'relative image URL', { ...cart, items: [{ ...cart.items[0], image: '/img/a.jpg' }] }],
    ['Customer Updated', 'unknown consent channel', { customerId: 'cus_1', consents: { fax: true } }],
    ['Customer Registered', 'date without time', { customerId: 'cus_1', occurredAt: '2026-03-01' }],
    ['Email Clicked', 'no link', { ...clicked, click: { ...clicked.click, link: undefined } }],
    ['Email Clicked', 'wrong eventType', { ...clicked, eventType: 'Open' }],
    ['Email Bounced', 'unknown bounceType', { ...bounced, bounce: { ...bounced.bounce, bounceType: 'Soft' } }],
    ['Email Bounced', 'destination not a list', { ...bounced, mail: { ...bounced.mail, destination: 'x@y.z' } }],
  ])('%s with %s', (detailType, _why, detail) => {
    // JSON has no undefined: serialise first, as a sender would.
    const sent: unknown = JSON.parse(JSON.stringify(detail));
    expect(validator(detailType)(sent)).toBe(false);
    const schema = Object.entries({ ...storefrontEventSchemas, ...sesEventSchemas }).find(
      ([type]) => type === detailType,
    )?.[1];
    expect(schema?.safeParse(sent).success).toBe(false);
  });
});
