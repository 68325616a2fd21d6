/**
 * The single table, described once: the CDK stack and the local engine both create it from this.
 * Keys are opaque strings built by `shared/platform/dynamodb/keys.ts`; see that file for the access patterns.
 */
export const tableDefinition = {
  partitionKey: 'pk',
  sortKey: 'sk',
  /** Timeline newest first: items carry `tlSort = <occurredAt>#<eventKey>`; sparse (only timeline items have it). */
  localIndexes: [{ name: 'timeline', sortKey: 'tlSort' }],
  /** Customers by last-active day, for inactivity sweeps that read only who crosses a threshold today. Sparse. */
  globalIndexes: [
    { name: 'byActiveDay', partitionKey: 'activeDay', sortKey: 'pk' },
    /** Customers by the day of their last order, for the no-purchase sweep; sparse (never ordered: not in it). */
    { name: 'byOrderDay', partitionKey: 'orderDay', sortKey: 'pk' },
    /**
     * Items due at a time (loyalty expiry and tier reviews; later workflow timers), sparse: `dueShard` is
     * `<kind>#<0..n-1>` and `dueAt` the ISO time. A sweep queries each shard for `dueAt <= now`, so it reads only
     * what is due, and catches up by itself after a missed run.
     */
    { name: 'byDue', partitionKey: 'dueShard', sortKey: 'dueAt' },
  ],
} as const;

export const defaultTableName = 'rekindle';
