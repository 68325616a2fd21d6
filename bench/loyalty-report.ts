import { emptyCounters, readUnits, totalRequests, writeUnits } from './dynamo-meter.js';
import {
  type ItemSize,
  type LoyaltyOptions,
  type LoyaltyResult,
  postingNote,
  postingRows,
  redeemPoints,
  type SweepFigures,
} from './loyalty.js';
import { fixed, integer, ratio, type TableRow } from './table.js';
import type { PhaseResult } from './tracking.js';
import { phaseHeaders, phaseRows, sourceOf } from './tracking-report.js';

/** The loyalty blocks of the bench table (redemptions, the sweep, the account item's growth) and their notes. */

export function loyaltyRows(loyalty: LoyaltyResult, baseCpuPerEvent: number): TableRow[] {
  return [
    { kind: 'section', title: 'Loyalty redemptions through the admin API; per redemption' },
    { kind: 'header', cells: phaseHeaders },
    ...phaseRows(loyalty.redemption, baseCpuPerEvent),
    ...sweepAndItemRows(loyalty.sweep, loyalty.itemSizes),
    ...postingRows(loyalty.postings),
  ];
}

export function loyaltyHeader(loyalty: LoyaltyResult, options: LoyaltyOptions): string {
  const { redemption, sweep, itemSizes } = loyalty;
  return (
    `Loyalty: an engine of its own on a frozen clock; ${integer(sweep.accounts)} accounts, one order each; ` +
    `${integer(redemption.events)} redemptions after ${integer(options.warmUpRedemptions)} warm-up; ` +
    `one customer's ${integer(Math.max(0, ...itemSizes.map((s) => s.orders)))} orders one at a time.`
  );
}

export function loyaltyNotes(loyalty: LoyaltyResult, lc: LoyaltyOptions): string[] {
  const { redemption, sweep } = loyalty;
  return [
    `Redemption: ${integer(redemption.events)} POST /customers/{id}/redemptions (${integer(redeemPoints)} points each, fetch, ` +
      'one after another), each customer holding 800 points from one order the day before, after POST /clock ' +
      '{"advance":"P15D"} (past the 14-day pending period); events = redemptions. ├ admin: the admin API’s customer ' +
      'lookup (profile GetItem + carts Query); └ loyalty: the posting (the account and the records it needs read, the ' +
      'account’s conditional put, its follow-up rows), sent by the admin API through the loyalty function’s client, ' +
      'as the local engine wires it. ' +
      'The row is one redemption’s cost to the admin function.',
    `Loyalty sweep: ${integer(sweep.accounts)} accounts, ${integer(lc.sweepDue)} of them with an order old enough ` +
      `that its lots have expired at ${sweep.at.slice(0, 10)}; the clock is set there (no sweeps on the way), ` +
      'then one sweep runs (scheduler.runDue()). accounts: loyalty account items in the table; items: all items of ' +
      'the table (what a Scan reads); due: accounts whose dueAt ≤ now, counted by the bench’s own Scan before the ' +
      'run; returned: items the due index’s Queries returned (one Query per shard); read = returned + GetItem (the ' +
      'account loads); read÷due: items read per due account; accounts÷read: how many times more items a sweep ' +
      'reading every account (the full-scan alternative) would read. WCU: the ticks (account put, expiry ledger rows, ' +
      'outbox clear). The second run finds nothing due: the fixed cost of a sweep.',
    'Account item: one customer’s orders posted one at a time, an hour apart; item bytes by DynamoDB’s size rule ' +
      '(attribute names + values); account, outbox: those attributes as stored (gzipped JSON); its JSON: the ' +
      'account unpacked; KB: started KB, the WCU of one put of the item. Get…RCU: the loyalty client’s figures for ' +
      'that order alone. Every posting rewrites the whole account item (conditional put), so an order’s WCU follows ' +
      'the size of the account, which the rows show against the number of orders.',
    postingNote,
  ];
}

/** Warnings when the sweep did not find what the bench set up. */
export function loyaltyWarnings(loyalty: LoyaltyResult, lc: LoyaltyOptions): string[] {
  const { sweep } = loyalty;
  return sweep.due === lc.sweepDue && sweep.accounts === lc.sweepAccounts
    ? []
    : [
        `warning: the sweep found ${sweep.due} of ${sweep.accounts} accounts due, not ${lc.sweepDue} of ${lc.sweepAccounts}`,
      ];
}

/** The sweep's two runs and the account item's growth, each a block of its own. */
function sweepAndItemRows(sweep: SweepFigures, itemSizes: readonly ItemSize[]): TableRow[] {
  const sweepRow = (label: string, p: PhaseResult, due: number): TableRow => {
    const d = p.byFunction['loyalty-sweep'] ?? emptyCounters();
    const gets = d.requests.GetItem ?? 0;
    const read = d.queryItems + gets;
    return {
      kind: 'row',
      cells: [
        label,
        integer(sweep.accounts),
        integer(sweep.tableItems),
        integer(due),
        integer(d.requests.Query ?? 0),
        integer(d.queryItems),
        integer(gets),
        integer(read),
        fixed(read / due),
        ratio(sweep.accounts / read),
        integer(totalRequests(d)),
        fixed(writeUnits(d), 1),
        fixed(readUnits(d), 1),
        sourceOf(d),
      ],
    };
  };
  const kb = (bytes: number) => Math.max(1, Math.ceil(bytes / 1024));
  return [
    {
      kind: 'section',
      title: `Loyalty sweep: one run of the loyalty-sweep job at ${sweep.at.slice(0, 10)}; its client's figures per run`,
    },
    {
      kind: 'header',
      cells: [
        'sweep run',
        'accounts',
        'items',
        'due',
        'Query',
        'returned',
        'GetItem',
        'read',
        'read÷due',
        'accounts÷read',
        'req',
        'WCU',
        'RCU',
        'src',
      ],
    },
    sweepRow('lots of the due accounts expired', sweep.run, sweep.due),
    sweepRow('at once again: nothing due', sweep.idle, sweep.dueAfter),
    {
      kind: 'section',
      title:
        "Loyalty account item (CUST#<id> / LOYALTY) after n orders of one customer; the n-th order's loyalty client",
    },
    {
      kind: 'header',
      cells: [
        'after',
        'item bytes',
        'account',
        'its JSON',
        'outbox',
        'KB',
        'Get',
        'Put',
        'Update',
        'req',
        'WCU',
        'RCU',
      ],
    },
    ...itemSizes.map(
      (s): TableRow => ({
        kind: 'row',
        cells: [
          `${integer(s.orders)} order${s.orders === 1 ? '' : 's'}`,
          integer(s.bytes),
          integer(s.accountStoredBytes),
          integer(s.accountJsonBytes),
          integer(s.outboxStoredBytes),
          integer(kb(s.bytes)),
          integer(s.order.requests.GetItem ?? 0),
          integer(s.order.requests.PutItem ?? 0),
          integer(s.order.requests.UpdateItem ?? 0),
          integer(totalRequests(s.order)),
          fixed(writeUnits(s.order), 1),
          fixed(readUnits(s.order), 1),
        ],
      }),
    ),
  ];
}
