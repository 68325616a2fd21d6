import { describe, expect, it } from 'vitest';
import type * as z from 'zod';
import { type FieldIssue, ValidationError } from '../../../shared/platform/errors.js';
import { sesExamples, storefrontExamples } from '../../../shared/schemas/examples.js';
import { sesEngagementSchemas } from '../../../shared/schemas/ses-events.js';
import { storefrontEventSchemas } from '../../../shared/schemas/storefront-events.js';

function issuesOf(schema: z.ZodType, detail: unknown): readonly FieldIssue[] {
  const result = schema.safeParse(detail);
  if (result.success) throw new Error('expected the detail to be rejected');
  const error = ValidationError.fromZod(result.error, 'detail');
  expect(error).toBeInstanceOf(ValidationError);
  return error.issues;
}

function pathsOf(schema: z.ZodType, detail: unknown): string[] {
  return issuesOf(schema, detail).map((issue) => issue.path);
}

describe('storefront details', () => {
  const cart = storefrontExamples['Cart Updated'];
  const [first, second] = cart.items;

  it('names the item field that is wrong', () => {
    const detail = { ...cart, items: [first, { ...second, price: -5 }] };
    expect(pathsOf(storefrontEventSchemas['Cart Updated'], detail)).toEqual(['detail.items[1].price']);
  });

  it('names every wrong field, with a readable message', () => {
    const detail = { ...cart, currency: 'riyal', items: [{ ...first, price: '349', quantity: 0 }] };
    const issues = issuesOf(storefrontEventSchemas['Cart Updated'], detail);
    expect(issues.map((issue) => issue.path).sort()).toEqual([
      'detail.currency',
      'detail.items[0].price',
      'detail.items[0].quantity',
    ]);
    expect(issues.find((issue) => issue.path === 'detail.currency')?.message).toMatch(/ISO-4217/);
  });

  it('names missing required fields', () => {
    const { orderId: _orderId, ...detail } = storefrontExamples['Order Completed'];
    expect(pathsOf(storefrontEventSchemas['Order Completed'], detail)).toEqual(['detail.orderId']);
  });

  it('points at customerId when nobody is named', () => {
    const { customerId: _customerId, ...detail } = storefrontExamples['Checkout Started'];
    const issues = issuesOf(storefrontEventSchemas['Checkout Started'], detail);
    expect(issues).toEqual([{ path: 'detail.customerId', message: 'customerId or anonymousId is required' }]);
  });

  it('checks nested profile fields', () => {
    const detail = { customerId: 'cus_1001', timezone: 'Asia/Atlantis', consents: { email: 'yes' } };
    expect(pathsOf(storefrontEventSchemas['Customer Updated'], detail).sort()).toEqual([
      'detail.consents.email',
      'detail.timezone',
    ]);
  });

  it('formats the error message with the paths', () => {
    const detail = { ...cart, items: [{ ...first, price: -1 }] };
    const result = storefrontEventSchemas['Cart Updated'].safeParse(detail);
    if (result.success) throw new Error('expected the detail to be rejected');
    expect(ValidationError.fromZod(result.error, 'detail').message).toMatch(/^detail\.items\[0\]\.price: /);
  });
});

describe('SES details', () => {
  const clicked = sesExamples['Email Clicked'];
  const bounced = sesExamples['Email Bounced'];
  const complaint = sesExamples['Email Complaint Received'];

  it('names a missing click link', () => {
    const { link: _link, ...click } = clicked.click;
    expect(pathsOf(sesEngagementSchemas['Email Clicked'], { ...clicked, click })).toEqual(['detail.click.link']);
  });

  it('rejects an eventType that does not match the detail-type', () => {
    expect(pathsOf(sesEngagementSchemas['Email Opened'], { ...clicked })).toEqual(
      expect.arrayContaining(['detail.eventType', 'detail.open']),
    );
  });

  it('names the bounce type and recipient that are wrong', () => {
    const detail = {
      ...bounced,
      bounce: { ...bounced.bounce, bounceType: 'Soft', bouncedRecipients: [{ address: 'layla@example.com' }] },
    };
    expect(pathsOf(sesEngagementSchemas['Email Bounced'], detail).sort()).toEqual([
      'detail.bounce.bounceType',
      'detail.bounce.bouncedRecipients[0].emailAddress',
    ]);
  });

  it('names mail fields', () => {
    const detail = { ...complaint, mail: { ...complaint.mail, destination: 'layla@example.com', tags: { a: 'b' } } };
    expect(pathsOf(sesEngagementSchemas['Email Complaint Received'], detail).sort()).toEqual([
      'detail.mail.destination',
      'detail.mail.tags.a',
    ]);
  });

  it('accepts fields AWS may add later, and keeps them', () => {
    const detail = { ...clicked, newTopLevel: 1, click: { ...clicked.click, newClickField: 'x' } };
    expect(sesEngagementSchemas['Email Clicked'].parse(detail)).toEqual(detail);
  });
});
