import type { EventPattern } from './eventbridge/pattern.js';

/**
 * The one routing table: which events reach which function, with what retry policy.
 * The CDK stack turns each route into an EventBridge rule; the local bus routes with the same patterns.
 */

/**
 * The functions that events are routed to; `entry` is the handler file, relative to the repository root;
 * `publishes`: the function puts Rekindle's own events (Source `rekindle`) on the bus; `workflowFiles`: it is deployed
 * with the `workflows/` folder (workflow files and templates) beside its bundle.
 */
export const eventFunctions = {
  track: {
    entry: 'functions/track/handler.ts',
    description:
      'The one door for storefront events: records each once (profiles, identity, timeline, carts, orders, stats) and hands its fact to loyalty and workflows',
    publishes: true,
    workflowFiles: false,
  },
  loyalty: {
    entry: 'functions/loyalty/handler.ts',
    description:
      'Loyalty postings from tracked facts: points for orders, reversals for refunds, signup and birthday bonus',
    publishes: true,
    workflowFiles: false,
  },
  workflow: {
    entry: 'functions/workflow/handler.ts',
    description:
      'Runs workflow enrollments: enters the workflows a Rekindle event or tracked fact triggers, moves others',
    publishes: true,
    workflowFiles: true,
  },
  purge: {
    entry: 'functions/purge/handler.ts',
    description: 'Erases a customer on Customer Purge Requested (a workflow purge step) and announces Customer Purged',
    publishes: true,
    workflowFiles: false,
  },
  engagement: {
    entry: 'functions/engagement/handler.ts',
    description: 'Puts SES engagement (delivered, opened, clicked, bounced, complaint) on the customer timeline',
    publishes: false,
    workflowFiles: false,
  },
} as const satisfies Record<string, { entry: string; description: string; publishes: boolean; workflowFiles: boolean }>;

export type EventFunctionName = keyof typeof eventFunctions;

/** `rekindle` is the project's own custom bus; `default` is the account's default bus, where AWS services publish. */
export type BusName = 'rekindle' | 'default';

export interface Route {
  /** Stable id: becomes the rule's logical id on AWS and the route's name in local logs. */
  readonly id: string;
  readonly bus: BusName;
  readonly pattern: EventPattern;
  readonly target: EventFunctionName;
  /** Retries after the first failed attempt (Lambda asynchronous invocation allows 0 to 2). */
  readonly retryAttempts: 0 | 1 | 2;
  /** Events older than this are parked in the DLQ instead of retried (60 s to 6 h on AWS). */
  readonly maxEventAgeSeconds: number;
}

export const storefrontDetailTypes = [
  'Customer Registered',
  'Customer Updated',
  'Product Viewed',
  'Cart Updated',
  'Checkout Started',
  'Order Completed',
  'Order Refunded',
] as const;

export const sesEngagementDetailTypes = [
  'Email Delivered',
  'Email Opened',
  'Email Clicked',
  'Email Bounced',
  'Email Complaint Received',
] as const;

export const routes: readonly Route[] = [
  {
    id: 'StorefrontToTrack',
    bus: 'rekindle',
    // Any source but AWS's and our own (a tracked fact has the storefront's detail-type and must not come back to
    // tracking): storefronts name themselves (e.g. "shop.example").
    pattern: {
      source: [{ 'anything-but': { wildcard: ['aws.*', 'rekindle'] } }],
      'detail-type': [...storefrontDetailTypes],
    },
    target: 'track',
    retryAttempts: 2,
    maxEventAgeSeconds: 6 * 60 * 60,
  },
  {
    // Tracking hands each storefront event on as a fact (Source rekindle, the storefront's detail-type), carrying the
    // customer: loyalty and workflows act on it, never on the raw event, so nobody waits on tracking's progress.
    id: 'TrackedToLoyalty',
    bus: 'rekindle',
    pattern: {
      source: ['rekindle'],
      'detail-type': ['Customer Registered', 'Customer Updated', 'Order Completed', 'Order Refunded'],
    },
    target: 'loyalty',
    retryAttempts: 2,
    maxEventAgeSeconds: 6 * 60 * 60,
  },
  {
    // Rekindle's own events (tracked facts, loyalty, lifecycle, and what workflows emit) trigger and move workflows.
    id: 'RekindleToWorkflow',
    bus: 'rekindle',
    pattern: { source: ['rekindle'] },
    target: 'workflow',
    retryAttempts: 2,
    maxEventAgeSeconds: 6 * 60 * 60,
  },
  {
    id: 'PurgeRequests',
    bus: 'rekindle',
    pattern: { source: ['rekindle'], 'detail-type': ['Customer Purge Requested'] },
    target: 'purge',
    retryAttempts: 2,
    maxEventAgeSeconds: 6 * 60 * 60,
  },
  {
    id: 'SesEngagementToTimeline',
    bus: 'default',
    pattern: { source: ['aws.ses'], 'detail-type': [...sesEngagementDetailTypes] },
    target: 'engagement',
    retryAttempts: 2,
    maxEventAgeSeconds: 6 * 60 * 60,
  },
];
