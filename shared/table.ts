/**
 * The single table, described once: the CDK stack and the local engine both create it from this.
 * Keys are opaque strings built by `shared/adapters/dynamodb/keys.ts`; see that file for the access patterns.
 */
export const tableDefinition = {
  partitionKey: 'pk',
  sortKey: 'sk',
  /** Timeline newest first: items carry `tlSort = <occurredAt>#<eventKey>`; sparse (only timeline items have it). */
  localIndexes: [{ name: 'timeline', sortKey: 'tlSort' }],
  /** Customers by last-active day, for inactivity sweeps that read only who crosses a threshold today. Sparse. */
  globalIndexes: [{ name: 'byActiveDay', partitionKey: 'activeDay', sortKey: 'pk' }],
} as const;

export const defaultTableName = 'rekindle';
