import type { EventEnvelope } from '../../shared/schemas/envelope.js';
import { sesExamples } from '../../shared/schemas/examples.js';
import type { SesDetailType } from '../../shared/schemas/ses-events.js';
import type { LineItem, StorefrontDetailType } from '../../shared/schemas/storefront-events.js';

export const shopSource = 'shop.example';

let sequence = 0;

/** An EventBridge envelope with a fresh id unless one is given; `time` defaults to a fixed instant. */
export function envelope(
  source: string,
  detailType: string,
  detail: unknown,
  options: { id?: string; time?: string } = {},
): EventEnvelope {
  sequence += 1;
  return {
    version: '0',
    id: options.id ?? `00000000-0000-4000-a000-${String(sequence).padStart(12, '0')}`,
    'detail-type': detailType,
    source,
    account: '123456789012',
    time: options.time ?? '2026-03-14T16:30:00Z',
    region: 'eu-west-1',
    resources: [],
    detail,
  };
}

/** A storefront event as the shop would put it on the bus. `detail` is deliberately loose: tests send bad ones. */
export const storefront = (
  type: StorefrontDetailType,
  detail: Readonly<Record<string, unknown>>,
  options?: { id?: string; time?: string },
): EventEnvelope => envelope(shopSource, type, detail, options);

export const lineItem = (productId: string, price: number, quantity = 1): LineItem => ({
  productId,
  name: `Product ${productId}`,
  price,
  quantity,
});

/** `Order Completed` detail whose total is the sum of its items. */
export function orderDetail(
  who: { customerId?: string; anonymousId?: string },
  orderId: string,
  occurredAt: string,
  items: readonly LineItem[],
  extra: Readonly<Record<string, unknown>> = {},
): Record<string, unknown> {
  const cents = items.reduce((sum, i) => sum + Math.round(i.price * 100) * i.quantity, 0);
  return { ...who, orderId, occurredAt, currency: 'EUR', items, total: cents / 100, ...extra };
}

/** The SES `mail` object of the examples, with our own tags replaced (no customerId unless given). */
export function sesMail(options: {
  messageId: string;
  destination?: readonly string[];
  tags?: Readonly<Record<string, readonly string[]>>;
}): Record<string, unknown> {
  const base = sesExamples['Email Clicked'].mail;
  return {
    ...base,
    messageId: options.messageId,
    destination: [...(options.destination ?? ['someone@example.com'])],
    tags: { 'ses:configuration-set': ['rekindle'], ...options.tags },
  };
}

/** An SES engagement event on the default bus, built from the example of its type with `mail` and `part` replaced. */
export function sesEvent(
  type: SesDetailType,
  mail: Readonly<Record<string, unknown>>,
  part: Readonly<Record<string, unknown>> = {},
): EventEnvelope {
  const example: Record<string, unknown> = { ...sesExamples[type] };
  const partName = Object.keys(example).find((k) => k !== 'eventType' && k !== 'mail');
  if (partName !== undefined) {
    const examplePart = example[partName];
    example[partName] = { ...(typeof examplePart === 'object' ? examplePart : {}), ...part };
  }
  return envelope('aws.ses', type, { ...example, mail });
}
