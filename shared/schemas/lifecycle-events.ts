import * as z from 'zod';
import { type CustomerBecameInactive, inactivityBases } from '../lifecycle/core/inactivity.js';
import { id, isoDateTime, type Same, type True } from './common.js';

/**
 * The public contract for Rekindle's lifecycle events (`Source: rekindle`): the customer's relation to the shop, as
 * opposed to the loyalty account (`rekindle-events.ts`). Strict, and checked at compile time against the domain's
 * types like the loyalty ones.
 */

export const customerBecameInactive = z.strictObject({
  customerId: id.describe("The shop's customer id the event is about"),
  eventId: z
    .string()
    .min(1)
    .max(256)
    .describe(
      'inactive:<customerId>:<basis>:<days>:<day of the last activity or order>: one per crossing, the same on ' +
        'every delivery (dedupe on it); a new activity (order) and a later silence make a new one',
    ),
  occurredAt: isoDateTime.describe(
    'The crossing instant: exactly `days` days after the last activity (basis purchase: the last order), in UTC',
  ),
  basis: z
    .enum(inactivityBases)
    .describe(
      'activity: any storefront event or email open or click counts (INACTIVITY_DAYS); purchase: only an order ' +
        'counts (NO_PURCHASE_DAYS), and a customer who never ordered is not announced on it',
    ),
  days: z
    .number()
    .int()
    .positive()
    .describe('The threshold crossed: days without activity (purchase: without an order)'),
});

export const lifecycleEventSchemas = {
  'Customer Became Inactive': customerBecameInactive,
} as const satisfies Record<string, z.ZodType>;

export type LifecycleDetailType = keyof typeof lifecycleEventSchemas;

export const lifecycleExamples: { readonly [T in LifecycleDetailType]: z.output<(typeof lifecycleEventSchemas)[T]> } = {
  'Customer Became Inactive': {
    customerId: 'cus_1001',
    eventId: 'inactive:cus_1001:activity:60:2026-04-02',
    occurredAt: '2026-06-01T09:15:12.000Z',
    basis: 'activity',
    days: 60,
  },
};

/** Compiles only while the schema's output is exactly the detail the sweep publishes (up to `readonly`). */
export type InactiveSchemaMatchesDomain = True<
  Same<Readonly<z.output<typeof customerBecameInactive>>, CustomerBecameInactive>
>;
