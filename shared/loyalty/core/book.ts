import type { Account, LoyaltyCommand, LoyaltyRecord, PostingResult } from './model.js';
import { post } from './post.js';
import type { LoyaltyProgram } from './program.js';
import { keyOf, knownOf, recordId, recordKeys } from './records.js';

/**
 * An account and the records beside it, held in memory: a history posted without a store, as the service would
 * post it (tests, simulations). Records by `recordId`.
 */
export interface Book {
  readonly account: Account;
  readonly records: ReadonlyMap<string, LoyaltyRecord>;
}

export const openBook = (account: Account): Book => ({ account, records: new Map() });

/** One posting on a book: the records the command needs read from it, and the book it leaves. */
export function postToBook(program: LoyaltyProgram, book: Book, command: LoyaltyCommand): PostingResult {
  const keys = recordKeys(program, book.account.customerId, command);
  return post(
    program,
    book.account,
    command,
    knownOf(command, keys, (key) => book.records.get(recordId(key)) ?? null),
  );
}

/** The book after `result`: its account, and its records written. */
export function written(book: Book, result: PostingResult): Book {
  const records = new Map(book.records);
  for (const record of result.records) records.set(recordId(keyOf(record)), record);
  return { account: result.account, records };
}
