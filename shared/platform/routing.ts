import type { EventPattern } from './eventbridge/pattern.js';

/**
 * The one table of entry points: every function, what starts it (events through the routes below, a schedule, a
 * Function URL, an SNS topic) and its handler file. The CDK stack creates functions, rules, schedules and URLs from
 * it; the local engine routes, schedules and serves with it; a test checks that every `functions/<name>/handler.ts`
 * is in it once.
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

/** When a sweep runs: every N minutes, or daily at a UTC time. */
export type SweepSchedule = { readonly everyMinutes: number } | { readonly dailyUtc: { hour: number; minute: number } };

/**
 * The periodic sweeps (EventBridge Scheduler -> function on AWS; the local scheduler runs the same jobs on the
 * engine's clock, at each time one comes due). `settings`: the lifecycle context the stack hands it as environment.
 */
export const sweepFunctions = {
  'loyalty-sweep': {
    entry: 'functions/loyalty-sweep/handler.ts',
    description: 'Expires points, sends expiry reminders and reviews tiers of the accounts due now',
    schedule: { everyMinutes: 5 },
    workflowFiles: false,
  },
  'workflow-timers': {
    entry: 'functions/workflow-timers/handler.ts',
    description: 'Wakes the workflow enrollments whose wait is over; completes steps a crash interrupted',
    schedule: { everyMinutes: 1 },
    workflowFiles: true,
  },
  'inactivity-sweep': {
    entry: 'functions/inactivity-sweep/handler.ts',
    description: 'Announces Customer Became Inactive for the customers crossing a threshold on the days not swept yet',
    // Just after midnight UTC, so the day that ended is swept at once; the quarter hour lets that day's last events
    // (retried deliveries, a slow handler) land first, so a customer active at 23:59 is not announced as silent.
    schedule: { dailyUtc: { hour: 0, minute: 15 } },
    workflowFiles: false,
    settings: 'inactivitySweep',
  },
  'cart-sweep': {
    entry: 'functions/cart-sweep/handler.ts',
    description: 'Announces Cart Abandoned for the carts left without an order past CART_ABANDONED_AFTER',
    schedule: { everyMinutes: 1 },
    workflowFiles: false,
  },
  'segments-sweep': {
    entry: 'functions/segments-sweep/handler.ts',
    description: 'Scores RFM and ABC nightly over the last 365 days of orders; writes and announces what changed',
    // After the inactivity sweep: the night's work in order, well before the shop's morning campaigns.
    schedule: { dailyUtc: { hour: 1, minute: 0 } },
    workflowFiles: false,
  },
  'message-sweep': {
    entry: 'functions/message-sweep/handler.ts',
    description: 'Sends the messages quiet hours held, once their window opens in the customer time zone',
    schedule: { everyMinutes: 1 },
    workflowFiles: true,
  },
} as const satisfies Record<
  string,
  {
    entry: string;
    description: string;
    schedule: SweepSchedule;
    workflowFiles: boolean;
    settings?: 'inactivitySweep';
  }
>;

export type SweepName = keyof typeof sweepFunctions;

/** Functions behind HTTPS (a Function URL on AWS; the admin server's port locally). */
export const urlFunctions = {
  admin: {
    entry: 'functions/admin/handler.ts',
    description: 'Rekindle admin API: reports, parked events, purge approvals',
  },
  unsubscribe: {
    entry: 'functions/unsubscribe/handler.ts',
    description: 'Rekindle unsubscribe links: the preference page (GET) and one-click unsubscribe (POST)',
  },
} as const satisfies Record<string, { entry: string; description: string }>;

/** Functions subscribed to an SNS topic (locally: the SMS and WhatsApp servers' `POST /inbound`). */
export const topicFunctions = {
  inbound: {
    entry: 'functions/inbound/handler.ts',
    description: 'Inbound SMS and WhatsApp replies: STOP and its kin revoke consent and suppress the number',
  },
} as const satisfies Record<string, { entry: string; description: string }>;

/** Every entry point by name: the name is its folder under `functions/` and the service it logs as. */
export const entryPoints = { ...eventFunctions, ...sweepFunctions, ...urlFunctions, ...topicFunctions };

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
    // A storefront event put without a bus name lands on the account's default bus: tracked all the same (typos
    // parked as above), so forgetting `EventBusName` loses nothing. AWS's own events there are not storefront events.
    id: 'StorefrontOnDefaultBusToTrack',
    bus: 'default',
    pattern: { source: [{ 'anything-but': { wildcard: ['aws.*', 'rekindle'] } }] },
    target: 'track',
    retryAttempts: 2,
    maxEventAgeSeconds: 6 * 60 * 60,
  },
  {
    // The same sources with a detail-type outside the contract (a typo such as "Order Complete"): tracking parks
    // each with the nearest known type, so a mistyped event is in the DLQ instead of matching nothing and vanishing.
    id: 'StorefrontUnknownTypeToTrack',
    bus: 'rekindle',
    pattern: {
      source: [{ 'anything-but': { wildcard: ['aws.*', 'rekindle'] } }],
      'detail-type': [{ 'anything-but': [...storefrontDetailTypes] }],
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
