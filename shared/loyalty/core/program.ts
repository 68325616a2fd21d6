import * as z from 'zod';
import { parseDuration } from '../../platform/duration.js';
import { ValidationError } from '../../platform/errors.js';
import { currency, id, isoDateTime } from '../../schemas/common.js';

/**
 * The loyalty program a marketer writes in `workflows/loyalty.json`. Parsed once at cold start; its JSON Schema
 * (`schemas/loyalty-program.schema.json`, `npm run schemas`) lets an editor check the file while it is written.
 * Objects are strict: a misspelt key is an error, not a silently ignored setting.
 */

// The pattern of shared/platform/duration.ts, repeated here so the JSON Schema carries it too.
const durationPattern =
  /^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;
const durationMessage = 'must be an ISO-8601 duration such as P14D, P12M or PT12H';

const duration = z.string().regex(durationPattern, { message: durationMessage, abort: true });

const isPositive = (text: string): boolean => {
  const d = parseDuration(text);
  return d !== null && Object.values(d).some((part) => part > 0);
};
const positiveDuration = duration.refine(isPositive, 'must be longer than zero');

const multiplier = z.number().finite().positive('must be greater than 0');
const points = z.number().int('must be a whole number of points').nonnegative('must be 0 or more');

/** Adds an issue at `path` (relative to the refined value) for every element that breaks a rule. */
function uniqueBy<T>(items: readonly T[], key: (item: T) => string | number, field: string, ctx: z.RefinementCtx) {
  const seen = new Set<string | number>();
  items.forEach((item, i) => {
    const k = key(item);
    if (seen.has(k)) ctx.addIssue({ code: 'custom', path: [i, field], message: `duplicate ${field} "${k}"` });
    seen.add(k);
  });
}

const promotion = z
  .strictObject({
    id: id.describe('Names the promotion in reports'),
    from: isoDateTime.describe('First moment an order earns the promotion (inclusive)'),
    to: isoDateTime.describe('End of the promotion (exclusive)'),
    multiplier: multiplier.describe('Multiplies the points of the items it applies to, e.g. 2 for double points'),
    categories: z
      .array(z.string().min(1).max(100))
      .min(1)
      .optional()
      .describe('Item categories the promotion applies to; absent: the whole order'),
  })
  .superRefine((p, ctx) => {
    if (Date.parse(p.from) >= Date.parse(p.to))
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'must be after from' });
  });

const earn = z
  .strictObject({
    pointsPerUnit: multiplier.describe('Points per 1 unit of the program currency (before multipliers)'),
    rounding: z
      .enum(['floor', 'round', 'ceil'])
      .default('floor')
      .describe("How an order's points are rounded to a whole number, once, after all multipliers"),
    categoryMultipliers: z
      .record(z.string().min(1).max(100), multiplier)
      .default({})
      .describe('Multiplier per item category, e.g. {"Fragrance": 2}; other categories earn 1x'),
    promotions: z
      .array(promotion)
      .default([])
      .superRefine((list, ctx) => uniqueBy(list, (p) => p.id, 'id', ctx))
      .describe("Time-boxed multipliers, applied by the order's time; overlapping promotions multiply"),
  })
  .describe('How orders earn points: total x pointsPerUnit x category multiplier x tier multiplier x promotions');

const bonuses = z
  .strictObject({
    signup: points.default(0).describe('Points when the customer registers'),
    birthday: points.default(0).describe("Points on the customer's birthday, once a year"),
    nthOrder: z
      .array(
        z.strictObject({
          n: z.number().int().positive('must be 1 or more').describe('1 = first order, 5 = fifth order, ...'),
          points: points.describe('Bonus points for that order'),
        }),
      )
      .default([])
      .superRefine((list, ctx) => uniqueBy(list, (b) => b.n, 'n', ctx))
      .describe(
        "Bonuses for the nth order by its own time (whatever order orders arrive in): pending with that order's points and reversed when it is fully refunded",
      ),
  })
  .default({ signup: 0, birthday: 0, nthOrder: [] })
  .describe(
    "Bonus points: signup and birthday are available at once; an nth-order bonus is the order's, pending and refunded with it",
  );

const level = z.strictObject({
  id: id.describe('Tier id, e.g. gold; shown to customers and used in workflows'),
  threshold: z
    .number()
    .finite()
    .nonnegative('must be 0 or more')
    .describe('Qualifying amount (spend in the program currency, or points) within the window to reach this tier'),
  multiplier: multiplier.default(1).describe('Multiplies the points of orders placed in this tier'),
});

const tiers = z
  .strictObject({
    basis: z.enum(['spend', 'points']).describe('spend: order totals net of refunds; points: points earned'),
    window: positiveDuration.describe('Rolling window of the qualifying amount, e.g. P12M'),
    levels: z
      .array(level)
      .min(1, 'needs at least one level')
      .superRefine((list, ctx) => {
        uniqueBy(list, (l) => l.id, 'id', ctx);
        if (list[0] && list[0].threshold !== 0) {
          ctx.addIssue({
            code: 'custom',
            path: [0, 'threshold'],
            message: 'the first (entry) level must have threshold 0',
          });
        }
        list.forEach((l, i) => {
          const before = list[i - 1];
          if (before && l.threshold <= before.threshold) {
            const message = `must be greater than the threshold of "${before.id}" (${before.threshold}): list levels from lowest to highest`;
            ctx.addIssue({ code: 'custom', path: [i, 'threshold'], message });
          }
        });
      })
      .describe('Tiers from lowest to highest; the first has threshold 0'),
    downgrade: z
      .strictObject({
        minimumStay: duration.describe('A tier is kept at least this long before it can go down, e.g. P12M'),
      })
      .optional()
      .describe('Downgrade policy; absent: a tier goes down as soon as the qualifying amount falls below it'),
  })
  .optional()
  .describe('Tiers; absent: every customer is in one tier, "member"');

const redemption = z
  .strictObject({
    minimum: z.number().int().positive('must be 1 or more').describe('Fewest points a customer can redeem at once'),
    step: z.number().int().positive('must be 1 or more').describe('Points are redeemed in multiples of this'),
    pointValue: z
      .number()
      .finite()
      .positive('must be greater than 0')
      .describe('Value of one point in the program currency, e.g. 0.05'),
    couponExpiry: positiveDuration.describe('How long a coupon stays valid, e.g. P90D'),
    couponPrefix: z
      .string()
      .regex(/^[A-Z0-9]{1,10}$/, 'must be 1-10 upper-case letters or digits, e.g. RK')
      .describe('Start of every coupon code, e.g. RK -> RK-7Q2M4XK9PA'),
  })
  .superRefine((r, ctx) => {
    if (r.minimum % r.step !== 0) {
      ctx.addIssue({ code: 'custom', path: ['minimum'], message: `must be a multiple of step (${r.step})` });
    }
  })
  .describe('Redeeming points into single-use coupon codes');

export const loyaltyProgram = z
  .strictObject({
    $schema: z.string().optional().describe('Path or URL of this JSON Schema, for editors'),
    currency: currency.describe(
      'Currency of points, tier spend and coupon values; an order in another currency earns on its total converted at the rate of its date in workflows/currencies.json, and is parked with the reason when there is none',
    ),
    earn,
    bonuses,
    pending: duration
      .default('P0D')
      .describe(
        "Return window: an order's points stay pending this long, and become spendable at the first midnight (UTC) once it has ended, e.g. P14D",
      ),
    expiry: z
      .strictObject({
        after: positiveDuration.describe(
          'Points expire at the start (00:00 UTC) of the month after the one in which they turn this old, e.g. P12M: points earned on 2026-03-14 expire on 2027-04-01',
        ),
        remindBefore: duration.optional().describe('Emit "Points Expiring" this long before a lot expires, e.g. P30D'),
      })
      .optional()
      .describe('Expiry of points; absent: points never expire'),
    tiers,
    redemption,
  })
  .describe('A Rekindle loyalty program');

export type LoyaltyProgram = z.output<typeof loyaltyProgram>;
export type LoyaltyProgramInput = z.input<typeof loyaltyProgram>;

/** Parses a program file's JSON; throws `ValidationError` whose issues name the path, e.g. `tiers.levels[1].threshold`. */
export function parseLoyaltyProgram(json: unknown): LoyaltyProgram {
  const result = loyaltyProgram.safeParse(json);
  if (!result.success) throw ValidationError.fromZod(result.error);
  return result.data;
}
