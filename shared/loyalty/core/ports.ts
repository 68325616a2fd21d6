import type { LegacyAccount } from './legacy.js';
import type { Account, LedgerEntry, LoyaltyEvent, LoyaltyRecord, RecordKey } from './model.js';

/**
 * The follow-ups of the last committed posting: ledger rows, events and records, written after the commit. It is
 * replaced by the next commit, which first makes sure it was done (see LoyaltyService), so it holds one posting.
 */
export interface Outbox {
  /** The account version whose commit wrote it; 0 for none. */
  readonly version: number;
  readonly entries: readonly LedgerEntry[];
  readonly events: readonly LoyaltyEvent[];
  /** The records to write, the posting's own last: once that one is stored, the outbox is done. */
  readonly records: readonly LoyaltyRecord[];
  /**
   * Left by a posting nobody retries (a sweep's tick): the account stays due until the outbox is written and cleared,
   * so the next sweep completes it.
   */
  readonly clears?: true | undefined;
}

export interface StoredAccount {
  readonly account: Account;
  readonly outbox: Outbox;
  /** Stored by Rekindle 0.1 (`account` is then its readable form): the next posting upgrades it first. */
  readonly legacy?: LegacyAccount | undefined;
}

/** A record as stored, with the account version of the posting that wrote it. */
export interface StoredRecord {
  readonly record: LoyaltyRecord;
  readonly version: number;
}

export interface LedgerPage {
  readonly items: readonly LedgerEntry[];
  readonly nextCursor: string | null;
}

/** What loyalty needs from storage: one account item (the commit point), the records beside it and the ledger. */
export interface LoyaltyStore {
  load(customerId: string): Promise<StoredAccount | null>;
  /**
   * One record, read cheaply (eventually consistent): the check of a redelivery. A record is only ever written as a
   * posting's last step, so a record found is a posting done; one missed only costs the full path.
   */
  peek(customerId: string, key: RecordKey): Promise<LoyaltyRecord | null>;
  /** The records as stored now (strongly consistent), in the order of `keys`; null where there is none. */
  records(customerId: string, keys: readonly RecordKey[]): Promise<(StoredRecord | null)[]>;
  /**
   * Writes `account` (whose version is expectedVersion + 1) with its outbox, only if the stored version is still
   * `expectedVersion` (0 = no item yet). False when someone else committed first.
   */
  commit(account: Account, outbox: Outbox, expectedVersion: number, dueAt: string | null): Promise<boolean>;
  /** Idempotent: the same entry written twice is one row. */
  writeEntries(customerId: string, entries: readonly LedgerEntry[]): Promise<void>;
  /**
   * Writes the records in order, as of account `version`, each unless a later version of it is stored (a slow retry
   * never undoes what a later posting wrote). Idempotent.
   */
  writeRecords(customerId: string, records: readonly LoyaltyRecord[], version: number): Promise<void>;
  /**
   * Empties the outbox if the account is still at `version` (a newer commit replaced it anyway), and sets the
   * account's real due time (see `Outbox.clears`).
   */
  clearOutbox(customerId: string, version: number, dueAt: string | null): Promise<void>;
  ledger(customerId: string, limit: number, cursor?: string): Promise<LedgerPage>;
  /** Customers whose account is due (expiry, reminder, tier review) at or before `now`; never a full scan. */
  dueCustomers(now: string): Promise<string[]>;
}
