import * as z from 'zod';

/**
 * Conditions of branch steps: tests of the customer's profile, points, order stats, attributes and engagement with
 * earlier messages, combined with all/any/not.
 */

/** A value a condition compares with, or a setAttribute step sets. */
export const scalar = z.union([z.string().max(1024), z.number(), z.boolean(), z.null()]);

export const conditionOps = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'exists', 'in'] as const;
export type ConditionOp = (typeof conditionOps)[number];
export type Scalar = z.output<typeof scalar>;

export const profilePaths = [
  ...['profile.email', 'profile.phone', 'profile.firstName', 'profile.lastName', 'profile.locale'],
  ...['profile.timezone', 'profile.birthday', 'profile.registeredAt', 'profile.lastActiveAt', 'profile.tier'],
  ...['profile.consents.email', 'profile.consents.sms', 'profile.consents.whatsapp'],
  ...['points.available', 'points.pending', 'points.lifetime'],
  ...['stats.orders', 'stats.revenue', 'stats.refunded', 'stats.netRevenue', 'stats.averageOrderValue'],
  ...['stats.firstOrderAt', 'stats.lastOrderAt', 'stats.lastActiveAt'],
] as const;

/** `steps.<stepId>.<metric>`: whether the customer engaged with the message of an earlier send step. */
export const engagementPath = /^steps\.([A-Za-z0-9][A-Za-z0-9_-]{0,63})\.(delivered|opened|clicked)$/;

const conditionPath = z
  .union(
    [z.enum(profilePaths), z.string().regex(/^attributes\.[A-Za-z0-9_-]{1,64}$/), z.string().regex(engagementPath)],
    {
      error:
        'must be profile.<field>, points.available|pending|lifetime, stats.<field>, attributes.<name> or ' +
        'steps.<stepId>.delivered|opened|clicked',
    },
  )
  .describe('What to test: a profile field, points, order stats, a custom attribute, or engagement with a send step');

export interface ConditionTest {
  readonly path: string;
  readonly op: ConditionOp;
  readonly value?: Scalar | readonly Scalar[] | undefined;
}
export type Condition =
  | ConditionTest
  | { readonly all: readonly Condition[] }
  | { readonly any: readonly Condition[] }
  | { readonly not: Condition };

const test = z
  .strictObject({
    path: conditionPath,
    op: z
      .enum(conditionOps)
      .describe('eq, ne, gt, gte, lt, lte (numbers, or ISO dates as text), in (value is a list), exists'),
    value: z
      .union([scalar, z.array(scalar)])
      .optional()
      .describe('What to compare with; a list for in; for exists, false tests that the field is absent'),
  })
  .superRefine((t, ctx) => {
    const problem = operandProblem(t);
    if (problem) ctx.addIssue({ code: 'custom', path: ['value'], message: problem });
  });

function operandProblem(t: ConditionTest): string | null {
  if (engagementPath.test(t.path)) {
    return (t.op === 'eq' || t.op === 'ne') && typeof t.value === 'boolean'
      ? null
      : 'engagement is true or false: use op eq or ne with value true or false';
  }
  switch (t.op) {
    case 'exists':
      return t.value === undefined || typeof t.value === 'boolean' ? null : 'must be true, false or absent for exists';
    case 'in':
      return Array.isArray(t.value) && t.value.length > 0 ? null : 'must be a non-empty list for in';
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      return typeof t.value === 'number' || typeof t.value === 'string'
        ? null
        : `must be a number or an ISO date for ${t.op}`;
    case 'eq':
    case 'ne':
      return t.value === undefined || Array.isArray(t.value) ? `must be a single value for ${t.op}` : null;
  }
}

export const condition: z.ZodType<Condition> = z
  .lazy(() =>
    z.union([test, allOf, anyOf, notOf], {
      error: 'a condition needs path and op, or exactly one of all, any or not',
    }),
  )
  .meta({ id: 'WorkflowCondition', description: 'A test of the customer, or all/any/not of other conditions' });
const allOf = z.strictObject({ all: z.array(condition).min(1).describe('True when every condition is true') });
const anyOf = z.strictObject({ any: z.array(condition).min(1).describe('True when at least one condition is true') });
const notOf = z.strictObject({ not: condition });
