import { balanceAt } from '../../loyalty/core/balance.js';
import type { Account } from '../../loyalty/core/model.js';
import type { MessageRecord, MessageStatus } from '../../messaging/core/model.js';
import type { Enrollment } from '../../workflow/core/interpreter/types.js';

/**
 * The inactive-customers report (`GET /reports/inactive`, `rekindle inactive`): the known customers whose last
 * activity is at least `days` days before now, with what a marketer needs to decide between a win-back and a purge.
 * Most recently silent first (by last-active day, then customer id), down to a horizon (`since`, by default three
 * years before the cutoff): the store reads the last-active-day index day by day, never the whole table.
 */

export interface InactiveReportQuery {
  readonly days: number;
  /** The oldest last-active day listed (YYYY-MM-DD); default `defaultSince`. */
  readonly since?: string | undefined;
  readonly limit: number;
  readonly cursor?: string | undefined;
}

/** What the store read about one customer found silent (the profile re-checked against the cutoff). */
export interface InactiveCustomerFacts {
  readonly customerId: string;
  readonly firstName: string | null;
  readonly lastName: string | null;
  readonly email: string | null;
  readonly lastActiveAt: string;
  readonly orders: number;
  readonly lastOrderAt: string | null;
  readonly revenue: number;
  readonly refunded: number;
  /** The currency of the customer's orders when they all share one; null without orders or with several. */
  readonly currency: string | null;
  readonly loyalty: Account | null;
  readonly enrollments: readonly Enrollment[];
  readonly lastMessage: MessageRecord | null;
}

export interface InactiveFactsPage {
  readonly items: readonly InactiveCustomerFacts[];
  /** Names of the published workflow versions, for the campaigns of these customers. */
  readonly workflows: readonly { readonly id: string; readonly version: number; readonly name: string }[];
  readonly nextCursor: string | null;
}

/** Port: a page of the customers last active at or before `cutoff` (ISO) and on or after day `since`. */
export interface InactiveCustomerSource {
  page(cutoff: string, since: string, limit: number, cursor?: string): Promise<InactiveFactsPage>;
}

/**
 * How the customer's most recent campaign ended (or not yet): `in-progress`; `converted` (reached the goal);
 * `timed-out` (ran its course, goal window over, no conversion); `completed` (ran its course, no goal, or the goal
 * window still open); `exited` (an exit event, e.g. an order, took it out); `held-out` (control group); `purged`;
 * `stopped` (a fault: step budget or unknown step).
 */
export type CampaignOutcome =
  | 'in-progress'
  | 'converted'
  | 'timed-out'
  | 'completed'
  | 'exited'
  | 'held-out'
  | 'purged'
  | 'stopped';

export interface LastCampaign {
  readonly workflowId: string;
  /** The name of the version entered; null when that version is not in the table (any more). */
  readonly workflowName: string | null;
  readonly version: number;
  readonly enteredAt: string;
  readonly outcome: CampaignOutcome;
  /** Where it is, or where it ended. */
  readonly step: string | null;
  readonly endedAt: string | null;
}

export interface LastMessage {
  readonly at: string;
  readonly channel: string | null;
  readonly template: string;
  readonly status: MessageStatus;
}

/** One row of the report. The email is masked: enough to recognise the customer, not to copy the address. */
export interface InactiveCustomer {
  readonly customerId: string;
  readonly name: string | null;
  readonly email: string | null;
  readonly lastActiveAt: string;
  readonly daysInactive: number;
  readonly orders: number;
  readonly lastOrderAt: string | null;
  /** Lifetime revenue net of refunds. */
  readonly revenue: number;
  readonly currency: string | null;
  /** Loyalty points available now (pending ones excluded), 0 without an account. */
  readonly points: number;
  readonly tier: string | null;
  readonly lastCampaign: LastCampaign | null;
  readonly lastMessage: LastMessage | null;
}

export interface InactiveReportPage {
  readonly items: readonly InactiveCustomer[];
  readonly nextCursor: string | null;
}

const dayMs = 86_400_000;
/** How far back the report reads by default: longer silences are rare and usually purged by then. */
export const defaultHorizonYears = 3;
/** Every day back to the horizon costs one index query when empty: ten years is about 3,650 of them. */
const maxHorizonYears = 10;

/** The instant a customer's last activity must be at or before to count as inactive for `days` days. */
export const cutoffOf = (now: Date, days: number): string => new Date(now.getTime() - days * dayMs).toISOString();

/** The default horizon: the same date `defaultHorizonYears` before the cutoff's day. */
export const defaultSince = (cutoff: string): string => yearsBefore(cutoff, defaultHorizonYears);

/** The day of `instant`, `years` calendar years earlier (29 February: 1 March). */
function yearsBefore(instant: string, years: number): string {
  const day = new Date(`${instant.slice(0, 10)}T00:00:00.000Z`);
  day.setUTCFullYear(day.getUTCFullYear() - years);
  return day.toISOString().slice(0, 10);
}

/** Why `since` cannot bound a report with this cutoff (after its day, or more than 10 years before); null if it can. */
export function sinceIssue(since: string, cutoff: string): string | null {
  const cutoffDay = cutoff.slice(0, 10);
  if (since > cutoffDay) return `must be on or before ${cutoffDay} (now minus days)`;
  const limit = yearsBefore(cutoff, maxHorizonYears);
  return since < limit ? `must be on or after ${limit}: a report reads at most ${maxHorizonYears} years of days` : null;
}

/** `l***@example.com`: the first character of the local part and the domain. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '***';
  return `${Array.from(email.slice(0, at))[0] ?? ''}***${email.slice(at)}`;
}

export function campaignOutcome(e: Enrollment, now: string): CampaignOutcome {
  switch (e.status) {
    case 'active':
      return 'in-progress';
    case 'converted':
      return 'converted';
    case 'held-out':
      return 'held-out';
    case 'exited':
      switch (e.exitReason) {
        case 'completed':
        case null:
          // A goal event may still convert it until the deadline; after that, it timed out.
          return e.goalDeadline !== null && e.goalDeadline <= now ? 'timed-out' : 'completed';
        case 'exit-event':
        case 'active-again':
          return 'exited';
        case 'purged':
          return 'purged';
        case 'held-out':
          return 'held-out';
        case 'step-budget':
        case 'unknown-step':
          return 'stopped';
      }
  }
}

/** The enrollment entered last (ties: the greater id, so the choice never depends on read order). */
export function lastEnrollment(enrollments: readonly Enrollment[]): Enrollment | null {
  let last: Enrollment | null = null;
  for (const e of enrollments) {
    if (!last || e.enrolledAt > last.enrolledAt || (e.enrolledAt === last.enrolledAt && e.id > last.id)) last = e;
  }
  return last;
}

export function inactiveCustomer(
  facts: InactiveCustomerFacts,
  workflows: InactiveFactsPage['workflows'],
  now: Date,
): InactiveCustomer {
  const at = now.toISOString();
  const name = [facts.firstName, facts.lastName].filter((part) => part !== null && part !== '').join(' ');
  const campaign = lastEnrollment(facts.enrollments);
  const message = facts.lastMessage;
  const balance = facts.loyalty ? balanceAt(facts.loyalty, at) : null;
  return {
    customerId: facts.customerId,
    name: name === '' ? null : name,
    email: facts.email === null ? null : maskEmail(facts.email),
    lastActiveAt: facts.lastActiveAt,
    daysInactive: Math.floor((now.getTime() - Date.parse(facts.lastActiveAt)) / dayMs),
    orders: facts.orders,
    lastOrderAt: facts.lastOrderAt,
    revenue: Math.round((facts.revenue - facts.refunded) * 100) / 100,
    currency: facts.currency,
    points: balance?.available ?? 0,
    tier: facts.loyalty?.tier ?? null,
    lastCampaign: campaign && {
      workflowId: campaign.workflowId,
      workflowName: workflows.find((w) => w.id === campaign.workflowId && w.version === campaign.version)?.name ?? null,
      version: campaign.version,
      enteredAt: campaign.enrolledAt,
      outcome: campaignOutcome(campaign, at),
      step: campaign.step,
      endedAt: campaign.endedAt,
    },
    lastMessage: message && {
      at: message.at,
      channel: message.channel,
      template: message.template,
      status: message.status,
    },
  };
}

/** One page of the report as of `now`. */
export async function inactiveReport(
  source: InactiveCustomerSource,
  query: InactiveReportQuery,
  now: Date,
): Promise<InactiveReportPage> {
  const cutoff = cutoffOf(now, query.days);
  const page = await source.page(cutoff, query.since ?? defaultSince(cutoff), query.limit, query.cursor);
  return {
    items: page.items.map((facts) => inactiveCustomer(facts, page.workflows, now)),
    nextCursor: page.nextCursor,
  };
}

/** The CSV columns, in order, and a row's cells (numbers as numbers, absent values null). */
export const inactiveCsvHeader = [
  'customerId',
  'name',
  'email',
  'lastActiveAt',
  'daysInactive',
  'orders',
  'lastOrderAt',
  'revenue',
  'currency',
  'points',
  'tier',
  'lastCampaign',
  'campaignName',
  'campaignVersion',
  'campaignEnteredAt',
  'campaignOutcome',
  'campaignEndedAt',
  'lastMessageAt',
  'lastMessageChannel',
  'lastMessageStatus',
] as const;

export function inactiveCsvCells(row: InactiveCustomer): (string | number | null)[] {
  const c = row.lastCampaign;
  const m = row.lastMessage;
  return [
    row.customerId,
    row.name,
    row.email,
    row.lastActiveAt,
    row.daysInactive,
    row.orders,
    row.lastOrderAt,
    row.revenue,
    row.currency,
    row.points,
    row.tier,
    c?.workflowId ?? null,
    c?.workflowName ?? null,
    c?.version ?? null,
    c?.enteredAt ?? null,
    c?.outcome ?? null,
    c?.endedAt ?? null,
    m?.at ?? null,
    m?.channel ?? null,
    m?.status ?? null,
  ];
}
