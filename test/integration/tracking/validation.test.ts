import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../shared/platform/errors.js';
import type { EventEnvelope } from '../../../shared/schemas/envelope.js';
import { storefrontExamples as ex, sesExamples } from '../../../shared/schemas/examples.js';
import type { TrackingStore } from '../../../shared/tracking/core/ports.js';
import { trackEngagementEvent } from '../../../shared/tracking/core/track-engagement.js';
import { trackStorefrontEvent } from '../../../shared/tracking/core/track-storefront.js';
import { useLocalDynamo } from '../../helpers/dynamo.js';
import { envelope, shopSource, storefront } from '../../helpers/events.js';

const dynamo = useLocalDynamo();

async function rejection(
  track: (store: TrackingStore, event: EventEnvelope) => Promise<unknown>,
  event: EventEnvelope,
): Promise<ValidationError> {
  const error: unknown = await track(dynamo().store, event).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof ValidationError)) throw new Error(`expected a ValidationError, got ${String(error)}`);
  return error;
}

const paths = (error: ValidationError) => error.issues.map((i) => i.path).sort();

async function nothingWritten(): Promise<void> {
  const { db, table } = dynamo();
  expect((await db.send(new ScanCommand({ TableName: table }))).Items).toEqual([]);
}

describe('invalid events', () => {
  it('names the wrong line item field of an order and writes nothing', async () => {
    const [oud, bakhoor] = ex['Order Completed'].items;
    const detail = { ...ex['Order Completed'], items: [oud, { ...bakhoor, price: -1 }] };
    const error = await rejection(trackStorefrontEvent, storefront('Order Completed', detail));
    expect(paths(error)).toEqual(['detail.items[1].price']);
    expect(error.message).toContain('detail.items[1].price');
    await nothingWritten();
  });

  it('refuses links that are not http(s), impossible dates and ids with white space, naming each field', async () => {
    const [oud] = ex['Cart Updated'].items;
    const cart = {
      ...ex['Cart Updated'],
      occurredAt: '9999-12-31T00:00:00Z',
      items: [
        { ...oud, url: 'javascript:alert(document.cookie)', image: 'data:image/svg+xml,<svg onload=alert(1)>' },
        { ...oud, url: 'vbscript:msgbox(1)' },
      ],
    };
    const error = await rejection(trackStorefrontEvent, storefront('Cart Updated', cart));
    expect(paths(error)).toEqual([
      'detail.items[0].image',
      'detail.items[0].url',
      'detail.items[1].url',
      'detail.occurredAt',
    ]);
    expect(error.message).toContain('must be an http or https URL');
    expect(error.message).toContain('must be in the years 1900 to 2200');
    const registration = { ...ex['Customer Registered'], customerId: 'cus 1', birthday: '--02-31' };
    const refused = await rejection(trackStorefrontEvent, storefront('Customer Registered', registration));
    expect(paths(refused)).toEqual(['detail.birthday', 'detail.customerId']);
    await nothingWritten();
  });

  it('names every wrong field at once', async () => {
    const detail = {
      ...ex['Cart Updated'],
      currency: 'riyal',
      items: [{ productId: 'p', name: 'x', price: '9', quantity: 0 }],
    };
    const error = await rejection(trackStorefrontEvent, storefront('Cart Updated', detail));
    expect(paths(error)).toEqual(['detail.currency', 'detail.items[0].price', 'detail.items[0].quantity']);
  });

  it('names a missing customer as detail.customerId', async () => {
    const { customerId: _c, ...detail } = ex['Cart Updated'];
    const error = await rejection(trackStorefrontEvent, storefront('Cart Updated', detail));
    expect(paths(error)).toEqual(['detail.customerId']);
    await nothingWritten();
  });

  it('names an unknown storefront event type as detail-type', async () => {
    const error = await rejection(trackStorefrontEvent, envelope(shopSource, 'Wishlist Updated', ex['Cart Updated']));
    expect(paths(error)).toEqual(['detail-type']);
  });

  it('names a detail that is not an object', async () => {
    const error = await rejection(trackStorefrontEvent, envelope(shopSource, 'Cart Updated', null));
    expect(paths(error)).toEqual(['detail']);
  });

  it('names the wrong field of an SES event and an SES type it does not track', async () => {
    const click = sesExamples['Email Clicked'];
    const bad = { ...click, click: { ...click.click, timestamp: 'yesterday' } };
    const error = await rejection(trackEngagementEvent, envelope('aws.ses', 'Email Clicked', bad));
    expect(paths(error)).toEqual(['detail.click.timestamp']);
    const sent = await rejection(trackEngagementEvent, envelope('aws.ses', 'Email Sent', sesExamples['Email Sent']));
    expect(paths(sent)).toEqual(['detail-type']);
    await nothingWritten();
  });
});
