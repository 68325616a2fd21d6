import * as z from 'zod';
import type { LoyaltyEvent } from '../loyalty/core/model.js';
import { currency, id, isoDateTime, money, type Same } from './common.js';

/**
 * The public contract for Rekindle's own events (`Source: rekindle`, on the Rekindle bus): `detail` of each
 * `DetailType` Rekindle publishes. Any of them can trigger a marketer's workflow.
 *
 * The loyalty events are produced by `shared/loyalty/core/` (types in `model.ts`); the schemas below must describe
 * exactly those types, which the type-level check at the end of this file enforces. Objects are strict: Rekindle
 * sends exactly these fields, and a test runs the real producer through them, so a field added to the model but not
 * here (or the other way round) fails the build.
 */

const base = {
  customerId: id.describe("The shop's customer id the event is about"),
  eventId: id.describe(
    'Idempotency key: the same posting always yields the same eventId, also when the event is delivered again ' +
      '(EventBridge delivers at least once, and a retried posting publishes again). Dedupe on it',
  ),
  occurredAt: isoDateTime.describe('When it happened, in UTC'),
};

const points = z.number().int().positive().describe('Number of points, a whole number greater than 0');
const tier = id.describe('Tier id from the loyalty program, e.g. silver');

/** `RK-7Q2M4XK9PA`: the program's couponPrefix, a dash and 10 base-32 characters. */
const couponCode = z
  .string()
  .regex(/^[A-Z0-9]{1,10}-[A-Z2-7]{10}$/, 'must be a coupon code such as RK-7Q2M4XK9PA')
  .describe("Single-use coupon code: the program's couponPrefix, a dash and 10 characters, e.g. RK-7Q2M4XK9PA");

export const pointsAwarded = z.strictObject({
  ...base,
  points: points.describe('Points credited'),
  reason: z
    .enum(['order', 'signup', 'birthday', 'nthOrder', 'restore', 'campaign'])
    .describe(
      'order: points earned by an order; signup, birthday, nthOrder: bonuses; restore: redeemed points given ' +
        'back because the order the coupon paid for was refunded; campaign: given by a workflow step',
    ),
  orderId: id
    .optional()
    .describe('The order the points are for (reason order, nthOrder and restore); absent for other bonuses'),
  availableAt: isoDateTime.describe(
    'When the points can be spent: the end of the return window for an order and its nth-order bonus, at once for other bonuses',
  ),
  expiresAt: isoDateTime.nullable().describe('When these points expire; null when the program has no expiry'),
});

export const pointsRedeemed = z.strictObject({
  ...base,
  points: points.describe('Points spent'),
  code: couponCode,
  value: money.describe('Value of the coupon: points x the program pointValue, in currency'),
  currency: currency.describe('Currency of the coupon value (the program currency)'),
  expiresAt: isoDateTime.describe('When the coupon stops being valid'),
});

export const pointsReversed = z.strictObject({
  ...base,
  points: points.describe(
    'Points taken back: the share of the points the order earned that a refund represents, or an nth-order bonus ' +
      'taken back when its order is fully refunded or an earlier order takes its rank',
  ),
  orderId: id.describe('The refunded order (or the order that lost its nth-order rank)'),
  refundId: id.describe('The refund; "reranked" when an earlier order, arriving late, took the nth-order bonus'),
});

export const pointsExpiring = z.strictObject({
  ...base,
  points: points.describe('Points that will expire at expiresAt unless spent first'),
  expiresAt: isoDateTime.describe('When they expire'),
});

export const pointsExpired = z.strictObject({
  ...base,
  points: points.describe('Points that expired unspent (occurredAt is the moment they expired)'),
});

export const tierChanged = z.strictObject({
  ...base,
  from: tier.describe('The tier before the change'),
  to: tier.describe('The tier after the change'),
  direction: z.enum(['up', 'down']).describe('up: a higher tier was reached; down: the tier was lost'),
});

type LoyaltyDetail<T extends LoyaltyEvent['type']> = Extract<LoyaltyEvent, { readonly type: T }>['detail'];

/** Every DetailType Rekindle publishes with its Detail schema, one per loyalty event type and no other. */
export const rekindleEventSchemas = {
  'Points Awarded': pointsAwarded,
  'Points Redeemed': pointsRedeemed,
  'Points Reversed': pointsReversed,
  'Points Expiring': pointsExpiring,
  'Points Expired': pointsExpired,
  'Tier Changed': tierChanged,
} as const satisfies { readonly [T in LoyaltyEvent['type']]: z.ZodType<LoyaltyDetail<T>> };

export type RekindleDetailType = keyof typeof rekindleEventSchemas;
export type RekindleDetail<T extends RekindleDetailType> = z.output<(typeof rekindleEventSchemas)[T]>;

/** Compiles only when every value is `true`. */
type AllTrue<T extends { readonly [K in LoyaltyEvent['type']]: true }> = T;

/**
 * Compile-time check that the schemas and the model's detail types can't drift: each schema's output type must be
 * exactly the model's detail type (up to `readonly`); the `satisfies` above makes both have the same DetailTypes.
 */
export type SchemasMatchModel = AllTrue<{
  readonly [T in LoyaltyEvent['type']]: Same<Readonly<RekindleDetail<T>>, LoyaltyDetail<T>>;
}>;
