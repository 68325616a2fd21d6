import type { EventPublisher, OutgoingEvent } from '../../platform/events.js';
import { nextDueAt } from './due.js';
import type { LoyaltyCommand, LoyaltyEvent, PostingResult } from './model.js';
import type { LoyaltyStore, Outbox, StoredAccount } from './ports.js';
import { emptyAccount, post } from './post.js';
import type { LoyaltyProgram } from './program.js';

const maxConflicts = 60;
const emptyOutbox: Outbox = { entries: [], events: [] };

/** Too many concurrent postings on one account: the event is retried by the caller's retry policy. */
export class AccountContentionError extends Error {
  override name = 'AccountContentionError';
}

/**
 * Applies a command to a customer's account: load, post (pure), commit with a version check, then flush the
 * outbox (ledger rows, events). A crash after the commit leaves the outbox in the item; the retry finds the
 * posting applied (duplicate) and flushes it, so the ledger ends exact.
 */
export class LoyaltyService {
  constructor(
    private readonly store: LoyaltyStore,
    private readonly events: EventPublisher,
    private readonly program: LoyaltyProgram,
  ) {}

  async apply(customerId: string, command: LoyaltyCommand): Promise<PostingResult> {
    const at = command.kind === 'tick' ? command.now : command.at;
    for (let attempt = 0; attempt < maxConflicts; attempt++) {
      const stored = (await this.store.load(customerId)) ?? {
        account: emptyAccount(customerId, this.program, at),
        outbox: emptyOutbox,
      };
      const result = post(this.program, stored.account, command);
      // `post` returns the very account it was given when nothing changed (duplicate, refused, stale tick).
      const nothingToCommit = result.account === stored.account;
      if (nothingToCommit) {
        // (A tick that ran always commits, with lastTickAt: it moves the due time on, or the sweep finds it again.)
        // A duplicate may be the retry of a posting that crashed before its follow-ups: complete them.
        await this.flush(stored, nextDueAt(this.program, stored.account, at));
        return result;
      }
      const version = stored.account.version + 1;
      const account = { ...result.account, version };
      const outbox = {
        entries: [...stored.outbox.entries, ...result.entries],
        events: [...stored.outbox.events, ...result.events],
      };
      const due = nextDueAt(this.program, account, at);
      // Until the outbox is flushed the account stays due (now), so if the flush fails a sweep completes it.
      const hasOutbox = outbox.entries.length > 0 || outbox.events.length > 0;
      if (await this.store.commit(account, outbox, stored.account.version, hasOutbox ? at : due)) {
        await this.flush({ account, outbox }, due);
        return { ...result, account };
      }
      // Someone else committed first: back off a little (jittered) and post again on the fresh account.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(200, 5 * 2 ** attempt)));
    }
    throw new AccountContentionError(`account ${customerId}: ${maxConflicts} concurrent updates in a row`);
  }

  /** Writes the outbox's ledger rows, publishes its events, then empties it (if nobody committed since). */
  private async flush({ account, outbox }: StoredAccount, dueAt: string | null): Promise<void> {
    if (outbox.entries.length === 0 && outbox.events.length === 0) return;
    await this.store.writeEntries(account.customerId, outbox.entries);
    await this.events.publish(outbox.events.map(toOutgoing));
    await this.store.clearOutbox(account.customerId, account.version, dueAt);
  }
}

const toOutgoing = (event: LoyaltyEvent): OutgoingEvent => ({ type: event.type, detail: { ...event.detail } });
