import * as z from 'zod';
import {
  birthday,
  currency,
  email,
  id,
  isoDateTime,
  locale,
  money,
  phone,
  storableNumber,
  timezone,
  webUrl,
} from './common.js';

/**
 * The public contract for storefront events: `Detail` of each `DetailType` a storefront sends with PutEvents.
 * JSON Schemas generated from these live in `schemas/` (see `npm run schemas`).
 */

const customerIdField = id.refine(
  (v) => !v.startsWith('anon:'),
  "must not start with 'anon:' (reserved for visitors not yet identified)",
);

const who = {
  customerId: customerIdField.optional().describe("The shop's own customer id; absent for anonymous visitors"),
  anonymousId: id.optional().describe('A visitor id (cookie, device); tied to customerId once an event carries both'),
  occurredAt: isoDateTime.optional().describe('When it happened in the shop; defaults to the event time'),
  eventId: id.optional().describe("The storefront's idempotency key for this event; defaults to a hash of its content"),
};

const hasSomeone = (d: { customerId?: string; anonymousId?: string }) =>
  d.customerId !== undefined || d.anonymousId !== undefined;
const someoneRequired = { message: 'customerId or anonymousId is required', path: ['customerId'] };

const consent = z.boolean().describe('true: the customer agreed to marketing on this channel; false: withdrew');
export const consents = z
  .object({ email: consent.optional(), sms: consent.optional(), whatsapp: consent.optional() })
  .strict()
  .describe('Marketing consent per channel');

/** Enough for segments and templates; each is a top-level field of the stored profile (400 KB per item). */
export const maxAttributes = 100;

/**
 * zod skips an own `__proto__` key of a record without a word (writing it would set the prototype), so it is
 * refused here, by name, before the record sees it; `constructor` and the like are ordinary names and are kept.
 */
function attributeKeys(value: unknown, ctx: z.core.ParsePayload<unknown>): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  if (Object.hasOwn(value, '__proto__')) {
    ctx.issues.push({
      code: 'custom',
      message: '"__proto__" is not allowed as a name',
      input: value,
      path: ['__proto__'],
    });
  }
  if (Object.keys(value).length > maxAttributes) {
    ctx.issues.push({ code: 'custom', message: `must have at most ${maxAttributes} attributes`, input: value });
  }
  return value;
}

const attributes = z
  .preprocess(
    attributeKeys,
    z.record(
      z
        .string()
        .max(64)
        .meta({ not: { const: '__proto__' } }),
      z.union([z.string().max(1024), storableNumber, z.boolean(), z.null()]),
    ),
  )
  .meta({ maxProperties: maxAttributes })
  .describe(`Free attributes for segments and templates: at most ${maxAttributes}, each name up to 64 characters`);

const profileFields = {
  email: email.optional(),
  phone: phone.optional(),
  firstName: z.string().max(100).optional(),
  lastName: z.string().max(100).optional(),
  locale: locale.optional(),
  timezone: timezone.optional(),
  birthday: birthday.optional(),
  consents: consents.optional(),
  attributes: attributes.optional(),
};

/** A million units of one product in one line: more than any real order, and a bound on price x quantity. */
export const maxQuantity = 1_000_000;

export const lineItem = z.object({
  productId: id,
  name: z.string().min(1).max(300),
  price: money,
  quantity: z
    .number()
    .int()
    .positive()
    .max(maxQuantity, `must be at most ${maxQuantity}`)
    .describe(`Units of the product, 1 to ${maxQuantity}`),
  url: webUrl.optional(),
  image: webUrl.optional(),
  category: z.string().max(100).optional(),
});

export const customerRegistered = z
  .object({ ...who, ...profileFields, customerId: customerIdField })
  .refine(hasSomeone, someoneRequired);
export const customerUpdated = z
  .object({ ...who, ...profileFields, customerId: customerIdField })
  .refine(hasSomeone, someoneRequired);

export const productViewed = z
  .object({
    ...who,
    product: z.object({
      productId: id,
      name: z.string().max(300).optional(),
      price: money.optional(),
      currency: currency.optional(),
      url: webUrl.optional(),
      image: webUrl.optional(),
      category: z.string().max(100).optional(),
    }),
  })
  .refine(hasSomeone, someoneRequired);

export const cartUpdated = z
  .object({
    ...who,
    cartId: id,
    items: z.array(lineItem).max(500),
    currency,
    total: money,
    email: email.optional().describe('A contact given during checkout; makes an anonymous cart recoverable'),
  })
  .refine(hasSomeone, someoneRequired);

export const checkoutStarted = z
  .object({ ...who, cartId: id, total: money.optional(), currency: currency.optional(), email: email.optional() })
  .refine(hasSomeone, someoneRequired);

export const orderCompleted = z
  .object({
    ...who,
    orderId: id,
    cartId: id.optional(),
    total: money,
    currency,
    items: z.array(lineItem).max(500),
    coupon: z.string().max(64).optional(),
  })
  .refine(hasSomeone, someoneRequired);

export const orderRefunded = z
  .object({
    ...who,
    orderId: id,
    refundId: id.optional().describe('Identifies one refund of a partially refunded order; defaults to the event id'),
    amount: money,
    currency: currency.optional(),
    items: z
      .array(lineItem.partial({ name: true, price: true }))
      .max(500)
      .optional(),
  })
  .refine(hasSomeone, someoneRequired);

/** Every storefront DetailType with its Detail schema. */
export const storefrontEventSchemas = {
  'Customer Registered': customerRegistered,
  'Customer Updated': customerUpdated,
  'Product Viewed': productViewed,
  'Cart Updated': cartUpdated,
  'Checkout Started': checkoutStarted,
  'Order Completed': orderCompleted,
  'Order Refunded': orderRefunded,
} as const;

export type StorefrontDetailType = keyof typeof storefrontEventSchemas;
export type StorefrontDetail<T extends StorefrontDetailType> = z.infer<(typeof storefrontEventSchemas)[T]>;
export type LineItem = z.infer<typeof lineItem>;
export type Consents = z.infer<typeof consents>;

/** A storefront event as `{ type, detail }`: parsing it narrows `detail` by `type`. */
export const storefrontEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('Customer Registered'), detail: customerRegistered }),
  z.object({ type: z.literal('Customer Updated'), detail: customerUpdated }),
  z.object({ type: z.literal('Product Viewed'), detail: productViewed }),
  z.object({ type: z.literal('Cart Updated'), detail: cartUpdated }),
  z.object({ type: z.literal('Checkout Started'), detail: checkoutStarted }),
  z.object({ type: z.literal('Order Completed'), detail: orderCompleted }),
  z.object({ type: z.literal('Order Refunded'), detail: orderRefunded }),
]);
export type StorefrontEvent = z.infer<typeof storefrontEvent>;
