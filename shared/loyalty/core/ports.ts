import type { Account, LedgerEntry, LoyaltyEvent } from './model.js';

/** Ledger entries and events of committed postings, not yet written/published (completed by any later call). */
export interface Outbox {
  readonly entries: readonly LedgerEntry[];
  readonly events: readonly LoyaltyEvent[];
}

export interface StoredAccount {
  readonly account: Account;
  readonly outbox: Outbox;
}

export interface LedgerPage {
  readonly items: readonly LedgerEntry[];
  readonly nextCursor: string | null;
}

/** What loyalty needs from storage: one account item (the commit point) and the ledger rows. */
export interface LoyaltyStore {
  load(customerId: string): Promise<StoredAccount | null>;
  /**
   * Writes `account` (whose version is expectedVersion + 1) with its outbox, only if the stored version is still
   * `expectedVersion` (0 = no item yet). False when someone else committed first.
   */
  commit(account: Account, outbox: Outbox, expectedVersion: number, dueAt: string | null): Promise<boolean>;
  /** Idempotent: the same entry written twice is one row. */
  writeEntries(customerId: string, entries: readonly LedgerEntry[]): Promise<void>;
  /**
   * Empties the outbox if the account is still at `version` (a newer commit carries the outbox forward), and sets
   * the account's real due time: while the outbox is full the account is kept due, so a sweep completes it.
   */
  clearOutbox(customerId: string, version: number, dueAt: string | null): Promise<void>;
  ledger(customerId: string, limit: number, cursor?: string): Promise<LedgerPage>;
  /** Customers whose account is due (expiry, reminder, tier review) at or before `now`; never a full scan. */
  dueCustomers(now: string): Promise<string[]>;
}
