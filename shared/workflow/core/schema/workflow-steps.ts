import * as z from 'zod';
import { parseDuration } from '../../../platform/duration.js';
import { isoDateTime } from '../../../schemas/common.js';
import { condition, scalar } from './workflow-conditions.js';

/**
 * The steps of a workflow (`steps` in `workflows/*.workflow.json`) and the building blocks the rest of the language
 * shares. Shapes only: references between steps, templates and sums are checked by `validateWorkflow`
 * (shared/workflow/core/validate.ts), which names the path of every problem.
 */

/** The value of a `match` field that stands for the enrollment's correlation key (e.g. the cartId it entered with). */
export const enrollmentKey = '$enrollment.key';

export const channels = ['email', 'sms', 'whatsapp'] as const;
export type MessageChannel = (typeof channels)[number];

// The pattern of shared/platform/duration.ts, repeated so the JSON Schema carries it; a unit test keeps them equal.
const durationPattern =
  /^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;
const isLongerThanZero = (text: string): boolean => {
  const parts = parseDuration(text);
  return parts !== null && Object.values(parts).some((part) => part > 0);
};

/** ISO-8601 duration, zero allowed. */
export const duration = z
  .string()
  .regex(durationPattern, { message: 'must be an ISO-8601 duration such as PT4H, P3D, P2W or P1M', abort: true });
/** ISO-8601 duration longer than zero: a wait, timeout or window of nothing is a mistake. */
export const positiveDuration = duration.refine(isLongerThanZero, 'must be longer than zero');

export const localTime = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a 24-hour time HH:MM such as 09:30')
  .describe("A time of day in the customer's time zone (HH:MM, 24-hour)");

export const detailType = z.string().min(1).max(128).describe('An event detail-type, e.g. "Order Completed"');

export const detailField = z
  .string()
  .regex(
    /^[A-Za-z_][A-Za-z0-9_-]*(\.[A-Za-z_][A-Za-z0-9_-]*)*$/,
    'must be a field of the event detail, e.g. cartId or cart.id',
  );

const literal = z.union([
  z.string().regex(/^[^$]/, `strings starting with $ are reserved; "${enrollmentKey}" is the enrollment's key`),
  z.number(),
  z.boolean(),
]);
const matchValue = z.union([z.literal(enrollmentKey), literal], {
  error: `must be "${enrollmentKey}" or a literal string, number or boolean (other strings starting with $ are reserved)`,
});

/** Event detail fields that must equal a value; `$enrollment.key` stands for the enrollment's correlation key. */
export const match = z
  .record(detailField, matchValue)
  .describe(`Detail fields the event must carry, e.g. {"cartId": "${enrollmentKey}"} or {"status": "paid"}`);

export const stepId = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'must be 1-64 letters, digits, - or _, starting with a letter or digit')
  .describe('A step id, e.g. email-1');

/** A reference to another step; a missing one is how a marketer forgets to end a path. */
export const stepRef = z
  .string({
    error: (issue) =>
      issue.input === undefined
        ? 'required: the id of the step that follows (every path must end in a step of type exit or purge)'
        : 'must be a step id',
  })
  .min(1, 'must be a step id')
  .describe('Id of the step that follows');

const channel = z.enum(channels);

const couponLifetime = {
  expiresIn: positiveDuration.describe('How long the coupon is valid after the send, e.g. P7D'),
};
const coupon = z.union(
  [
    z.strictObject({ percent: z.number().gt(0).max(100).describe('Percent off, e.g. 10'), ...couponLifetime }),
    z.strictObject({
      amount: z.number().positive().describe('Amount off in the program currency, e.g. 5'),
      ...couponLifetime,
    }),
  ],
  { error: 'a coupon needs expiresIn and exactly one of percent or amount' },
);

const send = z
  .strictObject({
    type: z.literal('send'),
    channel: channel.describe('Channel to send on'),
    template: z
      .string()
      .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be a kebab-case template name such as cart-reminder')
      .describe('Template folder under workflows/templates/, e.g. cart-reminder (files: en.mjml, ar.mjml, en.sms.txt)'),
    fallback: channel
      .optional()
      .describe('Channel to use instead when the customer has no consent or address for channel'),
    offer: z
      .strictObject({ coupon: coupon.describe('A single-use coupon code, generated per customer') })
      .optional()
      .describe('An offer rendered into the message'),
    next: stepRef,
  })
  .describe('Send a message; sent at most once per enrollment and step');

const wait = z.union(
  [
    z
      .strictObject({
        type: z.literal('wait'),
        duration: positiveDuration.describe('How long to wait, e.g. PT4H'),
        next: stepRef,
      })
      .describe('Wait for a duration'),
    z
      .strictObject({
        type: z.literal('wait'),
        until: z.union(
          [
            z.strictObject({
              localTime: localTime.describe("Next time of day in the customer's time zone, e.g. 10:00"),
            }),
            z.strictObject({ date: isoDateTime.describe('A moment, e.g. 2026-11-27T08:00:00Z') }),
          ],
          { error: 'until needs exactly one of localTime or date' },
        ),
        next: stepRef,
      })
      .describe('Wait until a local time of day or a date'),
  ],
  { error: 'a wait step needs exactly one of duration or until' },
);

const waitForEvent = z
  .strictObject({
    type: z.literal('waitForEvent'),
    event: detailType.describe('The detail-type to wait for, e.g. "Order Completed"'),
    match: match.optional(),
    timeout: positiveDuration.describe('How long to wait for it, e.g. P1D'),
    onEvent: stepRef.describe('Step when the event arrives in time'),
    onTimeout: stepRef.describe('Step when the timeout passes first'),
  })
  .describe("Wait for the customer's event (correlated by match), or time out");

const branch = z
  .strictObject({
    type: z.literal('branch'),
    cases: z
      .array(z.strictObject({ when: condition, next: stepRef }))
      .min(1)
      .describe('Tried in order; the first true condition wins'),
    default: stepRef.describe('Step when no case is true'),
  })
  .describe('Go one way or another depending on the customer');

const split = z
  .strictObject({
    type: z.literal('split'),
    paths: z
      .array(
        z.strictObject({ weight: z.number().int().min(1).max(99).describe('Percent of customers'), next: stepRef }),
      )
      .min(2)
      .describe('Weights add up to 100'),
  })
  .describe('Random split (A/B test), stable per customer: a customer always takes the same path');

const holdout = z
  .strictObject({
    type: z.literal('holdout'),
    percent: z.number().gt(0).lt(100).describe('Percent of customers held out, e.g. 10'),
    next: stepRef.describe('Step for everyone else'),
  })
  .describe('Hold out a stable random share of customers: they exit and count as the control group');

const awardPoints = z
  .strictObject({
    type: z.literal('awardPoints'),
    points: z.number().int().positive().describe('Loyalty points to award'),
    reason: z.string().min(1).max(200).describe('Shown in the points history, e.g. "Birthday bonus"'),
    next: stepRef,
  })
  .describe('Award loyalty points, once per enrollment');

const setAttribute = z
  .strictObject({
    type: z.literal('setAttribute'),
    name: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1-64 letters, digits, - or _')
      .describe('Attribute name'),
    value: scalar.describe('New value; null removes the attribute'),
    next: stepRef,
  })
  .describe("Set a custom attribute on the customer's profile");

const tagName = z.string().regex(/^[A-Za-z0-9_:-]{1,64}$/, 'must be 1-64 letters, digits, -, _ or :');
const tag = z
  .strictObject({
    type: z.literal('tag'),
    add: z.array(tagName).min(1).optional().describe('Tags to add'),
    remove: z.array(tagName).min(1).optional().describe('Tags to remove'),
    next: stepRef,
  })
  .refine((t) => t.add !== undefined || t.remove !== undefined, 'needs add, remove or both')
  .describe('Add or remove tags');

const emit = z
  .strictObject({
    type: z.literal('emit'),
    detailType: detailType.describe('Detail-type of the event Rekindle publishes (source "rekindle")'),
    detail: z.record(z.string(), z.unknown()).optional().describe('Extra detail fields'),
    next: stepRef,
  })
  .describe('Publish an event, e.g. for another workflow or a webhook');

const purge = z
  .strictObject({
    type: z.literal('purge'),
    reason: z.string().max(200).optional().describe('Why, kept in the audit trail'),
  })
  .describe("End the enrollment and erase the customer's personal data");

const exit = z.strictObject({ type: z.literal('exit') }).describe('End the enrollment');

export const workflowStep = z.union(
  [send, wait, waitForEvent, branch, split, holdout, awardPoints, setAttribute, tag, emit, purge, exit],
  { error: 'must be a step' },
);

export type WorkflowStep = z.output<typeof workflowStep>;
export type StepType = WorkflowStep['type'];
export type StepOf<T extends StepType> = Extract<WorkflowStep, { type: T }>;
