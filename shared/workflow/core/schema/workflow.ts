import * as z from 'zod';
import { type Calendar, occasionIds } from '../../../platform/calendar/occasions.js';
import { InvalidPatternError, validatePattern } from '../../../platform/eventbridge/pattern.js';
import {
  detailField,
  detailType,
  duration,
  localTime,
  match,
  positiveDuration,
  stepId,
  stepRef,
  workflowStep,
} from './workflow-steps.js';

/**
 * The workflow language: a campaign a marketer writes in `workflows/<id>.workflow.json`. Its JSON Schema
 * (`schemas/workflow.schema.json`, `npm run schemas`) lets editors complete and check the file as it is written;
 * `validateWorkflow` (shared/workflow/core/validate.ts) adds the checks that span fields, e.g. that every `next`
 * names a step. Objects are strict: a misspelt key is an error, not a silently ignored setting.
 *
 * Choices: `priority` (0), `status` ("active"), a date trigger's `localTime` ("09:00") and an occasion's
 * `offsetDays` (0) have defaults, so the parsed workflow always carries them; `reentry` has none, since entering
 * twice is a decision. "One of" objects (trigger, segment, date, wait, until, coupon) are unions of strict objects
 * keyed by their one field, so the parsed type narrows with `'event' in trigger`.
 */

export const rfmClasses = [
  ...['champions', 'loyal', 'potential-loyalist', 'new-customers', 'promising', 'need-attention'],
  ...['about-to-sleep', 'at-risk', 'cannot-lose', 'hibernating', 'lost'],
] as const;

const days = z.number().int().min(1).max(3650);

// Triggers ---------------------------------------------------------------------------------------------------------

/** An EventBridge pattern on the detail, checked as EventBridge checks it; problems are reported at their path. */
const detailPattern = z.record(z.string(), z.unknown()).superRefine((pattern, ctx) => {
  try {
    validatePattern({ detail: pattern });
  } catch (error) {
    if (!(error instanceof InvalidPatternError)) throw error;
    // The error's path starts at the wrapper: `detail.price[0].numeric` is `price[0].numeric` here.
    ctx.addIssue({ code: 'custom', path: jsonPath(error.path).slice(1), message: error.reason });
  }
});

/** `detail.items[0].price` → `['detail', 'items', 0, 'price']`. */
function jsonPath(text: string): (string | number)[] {
  return [...text.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map(([, key, index]) =>
    index === undefined ? (key ?? '') : Number(index),
  );
}

const eventTrigger = z
  .strictObject({
    detailType: detailType.describe('The event that enrolls the customer, e.g. "Cart Abandoned"'),
    source: z.string().min(1).max(256).optional().describe('Only events from this source, e.g. rekindle; absent: any'),
    pattern: detailPattern
      .optional()
      .describe('EventBridge event pattern on the event detail, e.g. {"total": [{"numeric": [">", 50]}]}'),
  })
  .describe('Enroll the customer an event is about');

const segmentTrigger = z.union(
  [
    z.strictObject({ inactiveDays: days.describe('No activity (visit, order, click) for this many days') }),
    z.strictObject({ noPurchaseDays: days.describe('No order for this many days') }),
    z.strictObject({ rfm: z.enum(rfmClasses).describe('Enter this RFM (recency, frequency, monetary) class') }),
    z.strictObject({ tier: z.string().min(1).max(128).describe('Reach this loyalty tier, e.g. gold') }),
  ],
  { error: 'a segment trigger needs exactly one of inactiveDays, noPurchaseDays, rfm or tier' },
);

/** Occasions are computed per year by shared/platform/calendar (Hijri: Umm al-Qura). */
function occasionOf<C extends Calendar>(calendar: C) {
  return z.strictObject({
    calendar: z.literal(calendar),
    name: z.enum(occasionIds[calendar]).describe(`The ${calendar} occasion`),
    offsetDays: z
      .number()
      .int()
      .min(-365)
      .max(365)
      .default(0)
      .describe('Days from the occasion: -3 is three days before, 1 the day after; default 0'),
  });
}
const occasion = z.discriminatedUnion('calendar', [
  occasionOf('gregorian'),
  occasionOf('hijri'),
  occasionOf('persian'),
]);

const at = {
  localTime: localTime.default('09:00').describe("When on that day, in the customer's time zone; default 09:00"),
};
const dateTrigger = z.union(
  [
    z.strictObject({ birthday: z.strictObject({}).describe("The customer's birthday, every year"), ...at }),
    z.strictObject({ anniversary: z.enum(['signup']).describe('Every year on the day of sign-up'), ...at }),
    z.strictObject({ fixed: z.iso.date().describe('Once, on this date, e.g. 2026-12-24'), ...at }),
    z.strictObject({
      recurring: z
        .string()
        .regex(/^--(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'must be --MM-DD, e.g. --12-24')
        .describe('Every year on this day, --MM-DD'),
      ...at,
    }),
    z.strictObject({ occasion: occasion.describe('A calendar occasion, e.g. 3 days before Eid al-Fitr'), ...at }),
  ],
  { error: 'a date trigger needs exactly one of birthday, anniversary, fixed, recurring or occasion' },
);

const trigger = z.union(
  [
    z.strictObject({ event: eventTrigger }),
    z.strictObject({ segment: segmentTrigger.describe('Enroll customers as they enter a segment') }),
    z.strictObject({ date: dateTrigger.describe('Enroll customers on a date') }),
  ],
  { error: 'a trigger needs exactly one of event, segment or date' },
);

// The workflow -----------------------------------------------------------------------------------------------------

export const workflowDefinition = z
  .strictObject({
    $schema: z.string().optional().describe('Path or URL of this JSON Schema, for editors'),
    id: z
      .string()
      .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be kebab-case, e.g. abandoned-cart')
      .max(64)
      .describe('Stable id, kebab-case; the file is <id>.workflow.json'),
    version: z
      .number()
      .int()
      .positive()
      .describe('Raise it when publishing a change; enrollments keep the version they entered with'),
    name: z.string().min(1).max(200).describe('Shown in reports'),
    description: z.string().max(2000).optional().describe('What the workflow is for, for the next reader'),
    priority: z
      .number()
      .int()
      .default(0)
      .describe('When caps stop some messages to a customer, higher priority sends first; default 0'),
    status: z.enum(['active', 'paused']).default('active').describe('paused: nobody new enters; default active'),
    trigger: trigger.describe('What enrolls a customer: exactly one of event, segment or date'),
    correlation: z
      .strictObject({
        key: detailField.describe('Field of the trigger event detail, e.g. cartId'),
      })
      .optional()
      .describe('One enrollment per customer and key, e.g. per cart; $enrollment.key in match is its value'),
    reentry: z
      .strictObject({
        policy: z
          .enum(['never', 'always', 'afterExit'])
          .describe(
            'never: once per customer (per correlation key when set); afterExit: again once the previous enrollment ' +
              'has ended (respecting cooldown); always: like afterExit but ignoring cooldown. An active enrollment is ' +
              'never entered twice: use a correlation key (e.g. cartId) for one enrollment per cart',
          ),
        cooldown: duration.optional().describe('Least time between two entries, e.g. P30D'),
      })
      .describe('Whether a customer can enter again'),
    caps: z
      .strictObject({
        maxMessagesPerDay: z.number().int().positive().optional().describe('Most messages to one customer per day'),
        maxActive: z.number().int().positive().optional().describe('Most customers enrolled at the same time'),
      })
      .optional()
      .describe('Limits of this workflow; absent: none'),
    goal: z
      .strictObject({
        event: detailType.describe('The conversion event, e.g. "Order Completed"'),
        within: positiveDuration.describe('Counts when it happens within this time of entering, e.g. P7D'),
        match: match.optional(),
        revenueField: detailField.optional().describe('Detail field with the revenue to credit, e.g. total'),
      })
      .optional()
      .describe('Reaching the goal ends the enrollment and counts a conversion'),
    exit: z
      .array(
        z.strictObject({
          event: detailType.describe('The event that ends the enrollment'),
          match: match.optional(),
        }),
      )
      .min(1)
      .optional()
      .describe('Events that end the enrollment, without a conversion'),
    start: stepRef.describe('The first step'),
    steps: z.record(stepId, workflowStep).describe('The steps by id'),
    migrations: z
      .record(
        z.string().regex(/^[1-9]\d*$/, 'must be an earlier version number, e.g. "1"'),
        z.record(z.string().min(1), stepRef).describe('Step id in that version → step id in this one'),
      )
      .optional()
      .describe(
        'How in-flight enrollments of earlier versions move to this one, e.g. {"1": {"email": "email-1"}}. ' +
          'Enrollments at a step the map does not name, and all of them when this is absent, finish on the ' +
          'version they entered with',
      ),
  })
  .describe('A Rekindle workflow');

export type Workflow = z.output<typeof workflowDefinition>;
export type WorkflowInput = z.input<typeof workflowDefinition>;
export type WorkflowTrigger = Workflow['trigger'];
export type { Condition, ConditionOp, ConditionTest, Scalar } from './workflow-conditions.js';
export type { MessageChannel, StepOf, StepType, WorkflowStep } from './workflow-steps.js';
