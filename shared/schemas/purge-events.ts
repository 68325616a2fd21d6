import * as z from 'zod';
import { countedKinds, type PurgeAudit } from '../lifecycle/core/purge.js';
import { id, isoDateTime, type Same, type True } from './common.js';

/**
 * The purge's events (`Source: rekindle`): the request (a workflow's purge step, or anyone allowed to put it on the
 * bus) and the announcement with its audit record. The request is read leniently (extra fields are ignored); what
 * Rekindle publishes is strict and checked at compile time against the domain's audit type.
 */

export const customerPurgeRequested = z.looseObject({
  customerId: id.describe("The shop's customer id to erase"),
  eventId: z.string().min(1).max(256).describe('The request id: a redelivery with the same id changes nothing'),
  occurredAt: isoDateTime.describe('When it was requested'),
  reason: z.string().trim().min(1).max(500).describe('Why, for the audit record (e.g. "inactive, no answer")'),
  requestedBy: z.string().min(1).max(256).optional().describe('Who asked; a workflow step is named by the next two'),
  workflowId: id.optional().describe('The workflow whose purge step asked'),
  step: id.optional().describe('That purge step'),
  inactiveSince: isoDateTime
    .optional()
    .describe('For a purge meant for a silent customer: when the silence began; one active since is not purged'),
});

const count = z.number().int().nonnegative();

export const customerPurged = z.strictObject({
  customerId: id.describe('The customer erased'),
  eventId: z.string().min(1).max(256).describe('purged:<customerId>:<purgedAt>: the same on every delivery'),
  occurredAt: isoDateTime.describe('When the profile was erased (the same as purgedAt)'),
  reason: z.string().describe('Why (the request\'s reason; "request" for a data-subject request)'),
  requestedBy: z.string().describe('Who asked: a workflow step, an approved list (CLI user and file), the admin API'),
  requestedAt: isoDateTime.describe('When it was asked'),
  purgedAt: isoDateTime.describe('When the erasure took effect: nothing is sent after it'),
  counts: z
    .partialRecord(z.enum(countedKinds), count)
    .describe(
      'Items per kind: erased (profile, timeline, carts, enrollments, messages, identities...), pseudonymised and ' +
        'kept for accounting (orders, loyaltyAccount, loyaltyRecords, ledger), suppressions written',
    ),
});

export const purgeEventSchemas = {
  'Customer Purge Requested': customerPurgeRequested,
  'Customer Purged': customerPurged,
} as const satisfies Record<string, z.ZodType>;

export type PurgeDetailType = keyof typeof purgeEventSchemas;

export const purgeExamples: { readonly [T in PurgeDetailType]: z.output<(typeof purgeEventSchemas)[T]> } = {
  'Customer Purge Requested': {
    customerId: 'cus_1001',
    eventId: 'win-back#cus_1001:purge:1',
    occurredAt: '2026-08-14T00:00:00.000Z',
    reason: 'inactive, no answer to the win-back offers',
    workflowId: 'win-back',
    step: 'purge',
  },
  'Customer Purged': {
    customerId: 'cus_1001',
    eventId: 'purged:cus_1001:2026-08-14T00:00:01.250Z',
    occurredAt: '2026-08-14T00:00:01.250Z',
    reason: 'inactive, no answer to the win-back offers',
    requestedBy: 'workflow win-back step purge',
    requestedAt: '2026-08-14T00:00:00.000Z',
    purgedAt: '2026-08-14T00:00:01.250Z',
    counts: {
      profile: 1,
      timeline: 42,
      carts: 1,
      orders: 3,
      ledger: 5,
      loyaltyAccount: 1,
      loyaltyRecords: 4,
      identities: 1,
    },
  },
};

/** Compiles only while `Customer Purged` is exactly the audit the purge publishes (up to `readonly`). */
export type PurgedSchemaMatchesDomain = True<
  Same<Omit<Readonly<z.output<typeof customerPurged>>, 'eventId' | 'occurredAt' | 'counts'>, Omit<PurgeAudit, 'counts'>>
>;
