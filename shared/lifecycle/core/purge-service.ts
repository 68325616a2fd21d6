import type { EventPublisher } from '../../platform/events.js';
import { hashAddress } from '../../platform/hash.js';
import { retryOnConflict } from '../../platform/retry-on-conflict.js';
import {
  countedKinds,
  customerPurgedEvent,
  maskAddress,
  type PurgeAudit,
  type PurgeCounts,
  type PurgeOutcome,
  type PurgePreview,
  type PurgeRequest,
  tally,
} from './purge.js';

export interface Identity {
  readonly kind: 'email' | 'phone';
  readonly hash: string;
}

/** What the store knows of a customer before a purge (from the profile item). */
export interface HeldProfile {
  /** The profile item's optimistic version (0: none); the tombstone is written only if it is unchanged. */
  readonly version: number;
  readonly email: string | null;
  readonly phone: string | null;
  /** Anonymous visitors merged into the customer: their own partitions are erased too. */
  readonly anonymousIds: readonly string[];
  /** Every email and phone identity the customer had (old addresses too), by hash. */
  readonly identities: readonly Identity[];
  /** Whether anything was tracked since the last purge (a customer who came back is purged afresh). */
  readonly live: boolean;
  /** The customer's last activity, if any. */
  readonly lastActiveAt: string | null;
  /** The purge in progress or done, when there was one. */
  readonly purge: PurgeRecord | null;
}

/** Kept on the profile's tombstone while the erasure runs, so a retry finishes the same purge. */
export interface PurgeRecord extends PurgeAudit {
  readonly state: 'erasing' | 'done';
  /** Only while erasing: the link to the kept accounting rows, dropped when done. */
  readonly pseudonym?: string;
  /** Only while erasing: identity keys (hashes) and merged visitors left to remove. */
  readonly identities?: readonly Identity[];
  readonly anonymousIds?: readonly string[];
}

/** Port: the customer's items in the table. Every method is safe to repeat. */
export interface CustomerDataStore {
  profile(customerId: string): Promise<HeldProfile | null>;
  /** The sort keys of everything under the customer (to count before erasing, or to preview). */
  heldSortKeys(customerId: string): Promise<readonly string[]>;
  /** A suppression by hash of the address for every channel; an existing one is kept as it is. */
  suppress(address: string, at: string): Promise<void>;
  /**
   * Replaces the profile with a tombstone carrying `record` (no contact data) if its version is still `version`.
   * False: the profile changed meanwhile.
   */
  tombstone(customerId: string, version: number, record: PurgeRecord): Promise<boolean>;
  /**
   * Erases and pseudonymises what is under the customer (enrollments still active are stopped and counted as exited
   * `purged`), their identities and merged visitors.
   */
  erase(customerId: string, record: PurgeRecord): Promise<void>;
  /** Marks the purge done (dropping the pseudonym link) and keeps its audit record. */
  finish(customerId: string, audit: PurgeAudit): Promise<void>;
}

export interface PurgeDeps {
  readonly store: CustomerDataStore;
  readonly publisher: EventPublisher;
  readonly now: () => Date;
  readonly newPseudonym: () => string;
}

const maxProfileRaces = 10;

/**
 * Erases a customer: suppress the addresses, replace the profile by a tombstone (the commit point: from here on
 * nothing can be sent, tracking drops older events and workflows ignore them), erase and pseudonymise the rest,
 * announce `Customer Purged`, mark it done. A crash anywhere is finished by the next attempt with the same purge
 * time, pseudonym and event id; a purge of an already purged customer changes nothing.
 */
export class PurgeService {
  constructor(private readonly deps: PurgeDeps) {}

  async purge(request: PurgeRequest): Promise<PurgeOutcome> {
    const { store } = this.deps;
    return retryOnConflict<PurgeOutcome>(
      `purge of ${request.customerId}`,
      async () => {
        const held = await store.profile(request.customerId);
        const sortKeys = await store.heldSortKeys(request.customerId);
        if (held === null && sortKeys.length === 0) {
          return { done: { status: 'unknown', customerId: request.customerId } };
        }
        const activeAt = held?.live ? held.lastActiveAt : null;
        if (request.inactiveSince && activeAt && activeAt > request.inactiveSince) {
          return { done: { status: 'active-again', customerId: request.customerId, lastActiveAt: activeAt } };
        }
        const previous = held?.purge ?? null;
        if (previous && !held?.live) {
          if (previous.state === 'done') return { done: { status: 'already-purged', audit: auditOf(previous) } };
          return { done: { status: 'purged', audit: await this.complete(request.customerId, previous) } };
        }
        const record = this.begin(request, held, sortKeys);
        for (const address of [held?.email, held?.phone]) if (address) await store.suppress(address, record.purgedAt);
        if (!(await store.tombstone(request.customerId, held?.version ?? 0, record))) return undefined;
        return { done: { status: 'purged', audit: await this.complete(request.customerId, record) } };
      },
      maxProfileRaces,
    );
  }

  /** What `purge` would do now, without writing anything. */
  async preview(customerId: string): Promise<PurgePreview> {
    const { store } = this.deps;
    const held = await store.profile(customerId);
    const sortKeys = await store.heldSortKeys(customerId);
    const { erase, pseudonymise } = tally(sortKeys);
    if (held === null && sortKeys.length === 0)
      return { customerId, status: 'unknown', erase, pseudonymise, suppress: [] };
    if (held?.purge && !held.live) return { customerId, status: 'already-purged', erase, pseudonymise, suppress: [] };
    const addresses = [held?.email, held?.phone].flatMap((a) => (a ? [maskAddress(a)] : []));
    const identities = identitiesOf(held).length + (held?.anonymousIds.length ?? 0);
    return {
      customerId,
      status: 'would-purge',
      erase: { ...erase, identities, anonymousVisits: held?.anonymousIds.length ?? 0 },
      pseudonymise,
      suppress: addresses,
    };
  }

  private begin(request: PurgeRequest, held: HeldProfile | null, sortKeys: readonly string[]): PurgeRecord {
    const { erase, pseudonymise } = tally(sortKeys);
    const identities = identitiesOf(held);
    const suppressions = [held?.email, held?.phone].filter(Boolean).length;
    const counted: PurgeCounts = {
      ...erase,
      ...pseudonymise,
      identities: identities.length + (held?.anonymousIds.length ?? 0),
      suppressions,
      anonymousVisits: held?.anonymousIds.length ?? 0,
    };
    // In the order a reader checks them: who the customer was, what they did, what is kept.
    const counts: PurgeCounts = Object.fromEntries(countedKinds.flatMap((k) => (counted[k] ? [[k, counted[k]]] : [])));
    return {
      ...audited(request),
      purgedAt: this.deps.now().toISOString(),
      counts,
      state: 'erasing',
      pseudonym: this.deps.newPseudonym(),
      identities,
      anonymousIds: held?.anonymousIds ?? [],
    };
  }

  /** Everything after the commit point; repeatable. Announced before it is marked done: a retry re-announces it. */
  private async complete(customerId: string, record: PurgeRecord): Promise<PurgeAudit> {
    await this.deps.store.erase(customerId, record);
    const audit = auditOf(record);
    await this.deps.publisher.publish([customerPurgedEvent(audit)]);
    await this.deps.store.finish(customerId, audit);
    return audit;
  }
}

/** The current addresses' identities and the ones recorded for earlier addresses, once each. */
function identitiesOf(held: HeldProfile | null): Identity[] {
  const all: Identity[] = [
    ...(held?.email ? [{ kind: 'email' as const, hash: hashAddress(held.email) }] : []),
    ...(held?.phone ? [{ kind: 'phone' as const, hash: hashAddress(held.phone) }] : []),
    ...(held?.identities ?? []),
  ];
  return all.filter((id, i) => all.findIndex((o) => o.kind === id.kind && o.hash === id.hash) === i);
}

function auditOf(record: PurgeRecord): PurgeAudit {
  const { customerId, reason, requestedBy, requestedAt, purgedAt, counts } = record;
  return { customerId, reason, requestedBy, requestedAt, purgedAt, counts };
}

/** What the audit keeps of a request: who, when, why (the silence it was checked against is not part of it). */
function audited({ inactiveSince: _checked, ...request }: PurgeRequest): Omit<PurgeRequest, 'inactiveSince'> {
  return request;
}
