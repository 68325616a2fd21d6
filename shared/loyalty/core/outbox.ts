import type { LoyaltyRecord, RecordKey } from './model.js';
import type { LoyaltyStore, Outbox, StoredRecord } from './ports.js';
import { keyOf, recordId } from './records.js';

/** Records as read once the account was read, by `recordId`. */
export type ReadRecords = ReadonlyMap<string, StoredRecord | null>;

/**
 * Reads the records a command needs, once the account is read, with the outbox's receipt (for `outboxDone`) when it
 * reads any: `find` answers each as of that account (the outbox's copy when the stored one is older: its follow-up
 * is still to come).
 */
export async function readRecords(
  store: Pick<LoyaltyStore, 'records'>,
  customerId: string,
  keys: readonly RecordKey[],
  outbox: Outbox,
): Promise<{ find: (key: RecordKey) => LoyaltyRecord | null; read: ReadRecords }> {
  const receipt = outbox.records.at(-1);
  const all = receipt && keys.length > 0 ? [...keys, keyOf(receipt)] : keys;
  const wanted = all.filter((key, i) => all.findIndex((k) => recordId(k) === recordId(key)) === i);
  const stored = wanted.length > 0 ? await store.records(customerId, wanted) : [];
  const read = new Map(wanted.map((key, i) => [recordId(key), stored[i] ?? null]));
  return { find: (key) => newest(key, read.get(recordId(key)) ?? null, outbox), read };
}

/**
 * Whether the outbox's follow-ups were all written: nothing in it, or its receipt (its last record) stored by its
 * posting or a later one; one that `clears` is done once emptied. Reads the receipt unless `read` has it.
 */
export async function outboxDone(
  store: Pick<LoyaltyStore, 'records'>,
  customerId: string,
  outbox: Outbox,
  read: ReadRecords,
): Promise<boolean> {
  const receipt = outbox.records.at(-1);
  if (!receipt && outbox.entries.length === 0 && outbox.events.length === 0) return true;
  if (!receipt || outbox.clears) return false;
  const key = keyOf(receipt);
  const stored = read.has(recordId(key)) ? read.get(recordId(key)) : (await store.records(customerId, [key]))[0];
  return stored !== null && stored !== undefined && stored.version >= outbox.version;
}

/**
 * Whether the outbox may be the one the command left: its receipt is the command's own record, or (for a command
 * without one, a tick) it has no receipt of a record-owning posting.
 */
export function isOwnOutbox(outbox: Outbox, own: RecordKey | undefined): boolean {
  const receipt = outbox.records.at(-1);
  if (own === undefined) return outbox.clears === true || !receipt;
  return receipt !== undefined && recordId(keyOf(receipt)) === recordId(own);
}

/** The record as of the account read: the stored one, or the outbox's if that is newer (its follow-up pending). */
function newest(key: RecordKey, stored: StoredRecord | null, outbox: Outbox): LoyaltyRecord | null {
  const id = recordId(key);
  const pending = outbox.records.findLast((r) => recordId(keyOf(r)) === id);
  if (pending && (stored === null || stored.version < outbox.version)) return pending;
  return stored?.record ?? null;
}
