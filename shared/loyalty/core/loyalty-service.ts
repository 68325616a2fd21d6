import { type CurrencyTable, noRates } from '../../platform/currency.js';
import type { EventPublisher, OutgoingEvent } from '../../platform/events.js';
import { retryOnConflict } from '../../platform/retry-on-conflict.js';
import { nextDueAt } from './due.js';
import { type LegacyAccount, upgradeAccount } from './legacy.js';
import type {
  LoyaltyCommand,
  LoyaltyEvent,
  LoyaltyRecord,
  PostingOutcome,
  RecordKey,
  RedemptionState,
} from './model.js';
import { isOwnOutbox, outboxDone, readRecords } from './outbox.js';
import type { LoyaltyStore, Outbox } from './ports.js';
import { emptyAccount, post } from './post.js';
import { priced } from './priced.js';
import type { LoyaltyProgram } from './program.js';
import { appliedBy, knownOf, recordKeys } from './records.js';

const noOutbox: Outbox = { version: 0, entries: [], events: [], records: [] };

/** What a posting did; for a redemption (new or repeated), its coupon. */
export interface Posted {
  readonly outcome: PostingOutcome;
  readonly redemption?: RedemptionState | undefined;
}

/**
 * Applies a command to a customer's account. The account item is the commit point (a conditional write on its
 * version); what a posting writes beside it follows, from the outbox the commit carries, in this order:
 *   1. commit the account with the outbox (ledger rows, events, records: the posting's own record last);
 *   2. put the ledger rows (idempotent: keyed by the posting's business keys);
 *   3. publish the events (at least once: consumers dedupe on eventId);
 *   4. put the records, the posting's own last (each unless a later version is stored).
 * Nothing clears the outbox: the own record stored at 4 is its receipt. Whoever reads the account next (a retry, the
 * next posting, the sweep) reads that record with the ones it needs; if it is missing, it redoes 2-4 before it
 * commits anything else, and it reads the records through the outbox (whichever is newer). So a crash before 1 loses
 * nothing (the retry starts over), a crash anywhere after 1 is completed by the next call, and no posting commits on
 * records older than the account it read. A tick has no record of its own and nobody retries it but the sweep: its
 * outbox keeps the account due until it is written and cleared. A redelivered command is answered from its own
 * record: one read, no write.
 */
export class LoyaltyService {
  constructor(
    private readonly store: LoyaltyStore,
    private readonly events: EventPublisher,
    private readonly program: LoyaltyProgram,
    /** Exchange rates by date (`workflows/currencies.json`): an order in another currency earns on its converted total. */
    private readonly rates: CurrencyTable = noRates,
  ) {}

  async apply(customerId: string, given: LoyaltyCommand): Promise<Posted> {
    const command = priced(this.program, this.rates, given);
    const keys = recordKeys(this.program, customerId, command);
    const own = keys[0];
    if (own) {
      const record = await this.store.peek(customerId, own);
      if (appliedBy(command, record)) return { outcome: { status: 'duplicate' }, redemption: couponOf(record) };
    }
    // An outbox not done yet is most likely being written by the posting that committed it: a few turns of patience
    // before doing it over (a crashed posting's is done over at the third look).
    let patience = 2;
    const waited = () => patience-- > 0;
    return retryOnConflict(`loyalty account ${customerId}`, () => this.attempt(customerId, command, keys, waited), 60);
  }

  /**
   * One read-post-commit; undefined when someone else committed first, or when the last posting's follow-ups are
   * still being written (`wait`): it is tried again, a little later, on the fresh account.
   */
  private async attempt(customerId: string, command: LoyaltyCommand, keys: readonly RecordKey[], wait: () => boolean) {
    const at = command.kind === 'tick' ? command.now : command.at;
    const loaded = await this.store.load(customerId);
    if (loaded?.legacy) {
      await this.upgrade(customerId, loaded.legacy, loaded.outbox, at);
      return undefined;
    }
    const account = loaded?.account ?? emptyAccount(customerId, this.program, at);
    const outbox = loaded?.outbox ?? noOutbox;
    // Read after the account: every record written before its commit is seen (see above).
    const { find, read } = await readRecords(this.store, customerId, keys, outbox);
    const result = post(this.program, account, command, knownOf(command, keys, find));
    const posted: Posted = { outcome: result.outcome, redemption: result.redemption };
    const unchanged = result.account === account && result.records.length === 0;
    // Nothing to commit, and the outbox is another posting's: that one (or whoever comes next) completes it.
    if (unchanged && !isOwnOutbox(outbox, keys[0])) return { done: posted };
    const done = await outboxDone(this.store, customerId, outbox, read);
    if (!done && wait()) return undefined;
    if (unchanged) {
      // A duplicate may be the retry of a posting that crashed before its follow-ups: complete them.
      if (!done) await this.flush(customerId, outbox, { clearDue: nextDueAt(this.program, account, at) });
      return { done: posted };
    }
    // The outbox is about to be replaced: what it holds is done first.
    if (!done) await this.flush(customerId, outbox);
    const version = account.version + 1;
    const next = { ...result.account, version };
    const { entries, events, records } = result;
    // A posting without a record of its own (a tick) has no caller to retry it: the sweep is its retry.
    const clears = keys.length === 0 && (entries.length > 0 || events.length > 0 || records.length > 0);
    const followUps: Outbox = { version, entries, events, records, ...(clears ? { clears } : {}) };
    const due = nextDueAt(this.program, next, at);
    if (!(await this.store.commit(next, followUps, account.version, clears ? at : due))) return undefined;
    await this.flush(customerId, followUps, { clearDue: due });
    return { done: posted };
  }

  /**
   * A 0.1 account: what its last posting left to do, then the records it held (as of the next version), then the
   * bounded account, committed on the old version (whoever upgrades first wins; the records are the same).
   */
  private async upgrade(customerId: string, legacy: LegacyAccount, outbox: Outbox, at: string): Promise<void> {
    await this.flush(customerId, outbox);
    const refunds = new Map<string, string[]>();
    let cursor: string | undefined;
    do {
      const page = await this.store.ledger(customerId, 500, cursor);
      for (const { orderId, refundId, type } of page.items) {
        if (type !== 'reverse' && type !== 'restore') continue;
        if (orderId === undefined || refundId === undefined) continue;
        const ids = refunds.get(orderId) ?? [];
        if (!ids.includes(refundId)) refunds.set(orderId, [...ids, refundId]);
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
    const { account, records } = upgradeAccount(this.program, legacy, refunds);
    const version = legacy.version + 1;
    await this.store.writeRecords(customerId, records, version);
    const next = { ...account, version };
    const empty: Outbox = { version, entries: [], events: [], records: [] };
    await this.store.commit(next, empty, legacy.version, nextDueAt(this.program, next, at));
  }

  /**
   * Writes the outbox's ledger rows, publishes its events, writes its records; then clears an outbox that keeps the
   * account due (`clears`), setting its due time, unless a commit is about to replace it (no `clearDue` given).
   */
  private async flush(customerId: string, outbox: Outbox, then?: { clearDue: string | null }): Promise<void> {
    await this.store.writeEntries(customerId, outbox.entries);
    if (outbox.events.length > 0) await this.events.publish(outbox.events.map(toOutgoing));
    await this.store.writeRecords(customerId, outbox.records, outbox.version);
    if (then && outbox.clears) await this.store.clearOutbox(customerId, outbox.version, then.clearDue);
  }
}

function couponOf(record: LoyaltyRecord | null): RedemptionState | undefined {
  if (record?.kind !== 'coupon') return undefined;
  const { usedBy: _usedBy, ...redemption } = record.record;
  return redemption;
}

const toOutgoing = (event: LoyaltyEvent): OutgoingEvent => ({ type: event.type, detail: { ...event.detail } });
