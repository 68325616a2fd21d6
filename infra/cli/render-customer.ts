import { readFileSync } from 'node:fs';
import * as z from 'zod';
import type { CartFacts, LoyaltyFacts, Recipient } from '../../shared/messaging/core/model.js';

/**
 * A customer described in a file, for `rekindle render --customer <file>`: what a real send reads from the table
 * (profile, the enrollment's cart, loyalty points and tier), written by hand. Nothing needs to be running.
 */

const text = z.string().min(1);
const cartLine = z.strictObject({
  productId: z.string().default(''),
  name: text,
  price: z.number().nonnegative(),
  quantity: z.number().int().positive().default(1),
  image: z.url().nullable().default(null),
  url: z.url().nullable().default(null),
});
const points = z.union([
  z
    .number()
    .int()
    .nonnegative()
    .transform((available) => ({ available, pending: 0, lifetime: available })),
  z.strictObject({
    available: z.number().int().nonnegative(),
    pending: z.number().int().nonnegative().default(0),
    lifetime: z.number().int().nonnegative().default(0),
  }),
]);

const customerFile = z.strictObject({
  $comment: z.string().optional(),
  id: text.default('preview-customer'),
  firstName: text.nullable().default(null),
  lastName: text.nullable().default(null),
  email: z.email().nullable().default(null),
  phone: z
    .string()
    .regex(/^\+[1-9]\d{6,14}$/, 'must be E.164, e.g. +966501234567')
    .nullable()
    .default(null),
  locale: text.nullable().default(null),
  timezone: z.string().refine(isTimeZone, 'must be an IANA time zone, e.g. Asia/Riyadh').nullable().default(null),
  birthday: z.iso.date().nullable().default(null),
  attributes: z.record(z.string(), z.unknown()).default({}),
  cart: z
    .strictObject({
      id: text.default('preview-cart'),
      items: z.array(cartLine).min(1),
      total: z.number().nonnegative().optional(),
      currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO-4217 code such as SAR'),
    })
    .optional(),
  points: points.optional(),
  tier: text.optional(),
});

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export interface FileCustomer {
  readonly recipient: Recipient;
  readonly cart: CartFacts | null;
  readonly loyalty: LoyaltyFacts | null;
}

export type FileCustomerResult =
  | { readonly ok: true; readonly customer: FileCustomer }
  | { readonly ok: false; readonly errors: readonly string[] };

/** Reads and checks a customer file; errors read `<path>: <field>: <message>`. */
export function readCustomerFile(path: string, shown: string): FileCustomerResult {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    const reason = error instanceof SyntaxError ? `not JSON: ${error.message}` : `cannot read: ${String(error)}`;
    return { ok: false, errors: [`${shown}: ${reason}`] };
  }
  const parsed = customerFile.safeParse(json);
  if (!parsed.success) {
    return {
      ok: false,
      errors: parsed.error.issues.map((i) => `${shown}: ${i.path.length ? `${i.path.join('.')}: ` : ''}${i.message}`),
    };
  }
  const c = parsed.data;
  const cart: CartFacts | null = c.cart
    ? {
        cartId: c.cart.id,
        items: c.cart.items,
        total: c.cart.total ?? c.cart.items.reduce((sum, i) => sum + i.price * i.quantity, 0),
        currency: c.cart.currency,
        url: null,
      }
    : null;
  const loyalty: LoyaltyFacts | null =
    c.points === undefined && c.tier === undefined
      ? null
      : { points: c.points ?? { available: 0, pending: 0, lifetime: 0 }, tier: c.tier ?? null };
  const recipient: Recipient = {
    customerId: c.id,
    email: c.email,
    phone: c.phone,
    firstName: c.firstName,
    lastName: c.lastName,
    locale: c.locale,
    timezone: c.timezone,
    birthday: c.birthday,
    consents: {},
    attributes: c.attributes,
  };
  return { ok: true, customer: { recipient, cart, loyalty } };
}
