import type { OutgoingEvent } from '../../platform/events.js';

/**
 * The purge (erasure) of a customer: what is held about them, what happens to each part, and the audit. Erased:
 * profile, contact data, identities, timeline, carts, enrollments (stopped), date timers, messages, send counts.
 * Kept: a suppression per address, by hash only (the address is never mailed again), and the order, loyalty (the
 * account and its per-order, coupon and bonus records) and ledger rows that accounting needs, moved under a random
 * pseudonym that nothing links back to the customer once done.
 */

/** What each item held about a customer becomes in a purge. */
export type ItemFate = 'erase' | 'pseudonymise';

/** The kinds of items under a customer, by the start of their sort key (see `shared/platform/dynamodb/keys.ts`). */
export const heldKinds = {
  profile: { sk: 'PROFILE', fate: 'erase' },
  timeline: { sk: 'EVT#', fate: 'erase' },
  carts: { sk: 'CART#', fate: 'erase' },
  orders: { sk: 'ORDER#', fate: 'pseudonymise' },
  /** The account alone: a prefix without `#` matches its sort key exactly (see `kindOf`). */
  loyaltyAccount: { sk: 'LOYALTY', fate: 'pseudonymise' },
  /** The records beside it: per order (`LOYALTY#ORDER#`), per coupon (`LOYALTY#COUPON#`), per bonus or grant. */
  loyaltyRecords: { sk: 'LOYALTY#', fate: 'pseudonymise' },
  ledger: { sk: 'LEDGER#', fate: 'pseudonymise' },
  enrollments: { sk: 'ENR#', fate: 'erase' },
  dateTimers: { sk: 'DATE#', fate: 'erase' },
  messages: { sk: 'SEND#', fate: 'erase' },
  messageIndex: { sk: 'MSG#', fate: 'erase' },
  sendCounts: { sk: 'CAPS#', fate: 'erase' },
} as const satisfies Record<string, { sk: string; fate: ItemFate }>;

export type HeldKind = keyof typeof heldKinds | 'other';

const kindEntries = Object.entries(heldKinds).flatMap(([kind, { sk }]) => (isHeldKind(kind) ? [{ kind, sk }] : []));

function isHeldKind(kind: string): kind is keyof typeof heldKinds {
  return kind in heldKinds;
}

/** The kind of an item under a customer from its sort key; anything unknown is `other` and erased (privacy first). */
export function kindOf(sk: string): HeldKind {
  return (
    kindEntries.find(({ sk: prefix }) => (prefix.endsWith('#') ? sk.startsWith(prefix) : sk === prefix))?.kind ??
    'other'
  );
}

export const fateOf = (kind: HeldKind): ItemFate => (kind === 'other' ? 'erase' : heldKinds[kind].fate);

/** Counts per kind of what a purge erased or pseudonymised (and the suppressions and identities it wrote/removed). */
/** What a purge counts, in the order a reader checks it: who the customer is, what they did, what is kept. */
export const countedKinds = [
  'profile',
  'identities',
  'anonymousVisits',
  'timeline',
  'carts',
  'enrollments',
  'dateTimers',
  'messages',
  'messageIndex',
  'sendCounts',
  'other',
  'orders',
  'loyaltyAccount',
  'loyaltyRecords',
  'ledger',
  'suppressions',
] as const satisfies readonly (HeldKind | 'identities' | 'suppressions' | 'anonymousVisits')[];

export type PurgeCounts = Readonly<Partial<Record<(typeof countedKinds)[number], number>>>;

/** Who asked, and why: a workflow step, an approved list, or the customer's own request. */
export interface PurgeRequest {
  readonly customerId: string;
  readonly reason: string;
  /** e.g. `workflow win-back v1 step purge`, `cli alice (approved list inactive-60.csv)`, `admin API`. */
  readonly requestedBy: string;
  readonly requestedAt: string;
  /**
   * For a purge meant for someone silent (a workflow's purge step): when their silence began (the enrollment's
   * start). A customer active after it came back, and is left alone, checked as the erasure begins.
   */
  readonly inactiveSince?: string;
}

/** The audit record a purge leaves and announces: who, when, why, what. Carries no contact data. */
export interface PurgeAudit extends Omit<PurgeRequest, 'inactiveSince'> {
  readonly purgedAt: string;
  readonly counts: PurgeCounts;
}

export type PurgeOutcome =
  | { readonly status: 'purged'; readonly audit: PurgeAudit }
  /** Purged before (purging twice is harmless): the first purge's audit, nothing done. */
  | { readonly status: 'already-purged'; readonly audit: PurgeAudit }
  | { readonly status: 'unknown'; readonly customerId: string }
  /** Active since `inactiveSince`: not purged. */
  | { readonly status: 'active-again'; readonly customerId: string; readonly lastActiveAt: string };

/** What a purge would do, without doing it (`rekindle purge --dry-run`). */
export interface PurgePreview {
  readonly customerId: string;
  readonly status: 'would-purge' | 'already-purged' | 'unknown';
  readonly erase: PurgeCounts;
  readonly pseudonymise: PurgeCounts;
  /** Addresses that get a suppression entry, masked (`l***@example.com`). */
  readonly suppress: readonly string[];
}

export const customerPurgedType = 'Customer Purged';
export const purgeRequestedType = 'Customer Purge Requested';

/** `Customer Purged`: the same eventId for every retry of one purge. */
export function customerPurgedEvent(audit: PurgeAudit): OutgoingEvent {
  return {
    type: customerPurgedType,
    detail: { ...audit, eventId: `purged:${audit.customerId}:${audit.purgedAt}`, occurredAt: audit.purgedAt },
  };
}

/** Counts items by kind and splits them by fate. */
export function tally(sortKeys: readonly string[]): { erase: PurgeCounts; pseudonymise: PurgeCounts } {
  const erase: Partial<Record<HeldKind, number>> = {};
  const pseudonymise: Partial<Record<HeldKind, number>> = {};
  for (const sk of sortKeys) {
    const kind = kindOf(sk);
    const into = fateOf(kind) === 'erase' ? erase : pseudonymise;
    into[kind] = (into[kind] ?? 0) + 1;
  }
  return { erase, pseudonymise };
}

/**
 * Rewrites a kept accounting value under the pseudonym: every mention of the customer id, at any depth and inside
 * strings as a whole token (`signup:<customerId>`, not the digits of another id that happen to contain it), becomes
 * the pseudonym.
 */
export function pseudonymise(value: unknown, customerId: string, pseudonym: string): unknown {
  const token = new RegExp(`(?<![A-Za-z0-9])${customerId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![A-Za-z0-9])`, 'g');
  const rewrite = (v: unknown): unknown => {
    if (typeof v === 'string') return v.replace(token, pseudonym);
    if (Array.isArray(v)) return v.map(rewrite);
    if (v instanceof Set) return new Set([...v].map(rewrite));
    if (typeof v === 'object' && v !== null && !(v instanceof Uint8Array)) {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, rewrite(x)]));
    }
    return v;
  };
  return rewrite(value);
}

/** `layla@example.com` -> `l***@example.com`, `+966501234567` -> `+96*******567`: enough to recognise, not to use. */
export function maskAddress(address: string): string {
  const at = address.indexOf('@');
  if (at > 0) return `${address.slice(0, 1)}***${address.slice(at)}`;
  if (address.length <= 6) return '*'.repeat(address.length);
  return `${address.slice(0, 3)}${'*'.repeat(address.length - 6)}${address.slice(-3)}`;
}

/**
 * Whether a late event belongs to the erased past: events that occurred at or before the purge are dropped, so a
 * redelivery cannot bring back what was erased; a customer who comes back later starts afresh.
 */
export const erasedBy = (purgedAt: string | null, occurredAt: string): boolean =>
  purgedAt !== null && occurredAt <= purgedAt;
