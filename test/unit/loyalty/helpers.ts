import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { balanceAt } from '../../../shared/loyalty/core/balance.js';
import { type Book, openBook, postToBook, written } from '../../../shared/loyalty/core/book.js';
import { lotKey } from '../../../shared/loyalty/core/lots.js';
import type {
  Account,
  LedgerEntry,
  LoyaltyCommand,
  LoyaltyEvent,
  OrderRecord,
  PostingResult,
} from '../../../shared/loyalty/core/model.js';
import { emptyAccount } from '../../../shared/loyalty/core/post.js';
import {
  type LoyaltyProgram,
  type LoyaltyProgramInput,
  parseLoyaltyProgram,
} from '../../../shared/loyalty/core/program.js';
import { recordId } from '../../../shared/loyalty/core/records.js';
import { shippedProgramFile } from '../../helpers/shipped-workflows.js';

export const customerId = 'cus_1';
export const shippedJson = (): LoyaltyProgramInput =>
  JSON.parse(readFileSync(shippedProgramFile(), 'utf8')) as LoyaltyProgramInput;

/** The shipped program, optionally changed for a test. */
export function program(adjust: (p: LoyaltyProgramInput) => void = () => undefined): LoyaltyProgram {
  const json = shippedJson();
  adjust(json);
  return parseLoyaltyProgram(json);
}

/** 2027-01-01 plus `days` (fractions allowed), as an ISO string. */
export const day = (days: number): string => new Date(Date.UTC(2027, 0, 1) + days * 86_400_000).toISOString();

type Item = { price: number; quantity: number; category?: string };
export const order = (
  orderId: string,
  total: number,
  at: string,
  extra: { items?: Item[]; coupon?: string; currency?: string; rate?: number } = {},
): LoyaltyCommand => ({
  kind: 'order',
  orderId,
  total,
  at,
  currency: extra.currency ?? 'SAR',
  items: extra.items ?? [],
  coupon: extra.coupon,
  ...(extra.rate === undefined ? {} : { rate: extra.rate }),
});
export const refund = (refundId: string, orderId: string, amount: number, at: string): LoyaltyCommand => ({
  kind: 'refund',
  refundId,
  orderId,
  amount,
  at,
});
export const redeem = (key: string, points: number, at: string): LoyaltyCommand => ({
  kind: 'redeem',
  key,
  points,
  at,
});
export const tick = (now: string): LoyaltyCommand => ({ kind: 'tick', now });
export const signup = (at: string): LoyaltyCommand => ({ kind: 'signup', at });

export type { Book };
export { written };

/** One posting as the service makes it: the records the command needs, read from the book. */
export const postTo = postToBook;

export interface Run extends Book {
  entries: LedgerEntry[];
  events: LoyaltyEvent[];
  results: PostingResult[];
  /** The last result. */
  last: PostingResult;
}

const startOf = (c: LoyaltyCommand): string => (c.kind === 'tick' ? c.now : c.at);

/**
 * Posts every command in turn, keeping the records as the store would (the account is created at the first
 * command's time, as the service does).
 */
export function run(p: LoyaltyProgram, commands: readonly LoyaltyCommand[], start?: Book): Run {
  const first = commands[0];
  let book = start ?? openBook(emptyAccount(customerId, p, first ? startOf(first) : day(0)));
  const entries: LedgerEntry[] = [];
  const events: LoyaltyEvent[] = [];
  const results: PostingResult[] = [];
  for (const command of commands) {
    const result = postToBook(p, book, command);
    results.push(result);
    entries.push(...result.entries);
    events.push(...result.events);
    book = written(book, result);
  }
  const last = results.at(-1);
  if (!last) throw new Error('no commands');
  return { ...book, entries, events, results, last };
}

/** Remaining points by lot (see `lotKey`). */
export const lotsOf = (account: Account): Record<string, number> =>
  Object.fromEntries(account.lots.map((lot) => [lotKey(lot), lot.remaining]));

/** The record of an order, as a run left it. */
export function orderRecord(book: Book, orderId: string): OrderRecord | undefined {
  const record = book.records.get(recordId({ kind: 'order', orderId }));
  return record?.kind === 'order' ? record.record : undefined;
}

const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);

/** The invariants documented on `post`, as assertions. */
export function expectInvariants(p: LoyaltyProgram, r: Pick<Run, 'account' | 'entries' | 'events'>): void {
  const { account, entries } = r;
  expect(sum(entries.map((e) => e.points))).toBe(sum(account.lots.map((l) => l.remaining)) - account.debt);
  const lifetimeTypes = new Set(['earn', 'bonus', 'reverse']);
  expect(sum(entries.filter((e) => lifetimeTypes.has(e.type)).map((e) => e.points))).toBe(account.lifetime);
  for (const lot of account.lots) {
    expect(lot.remaining).toBeGreaterThan(0);
    expect(Number.isInteger(lot.remaining)).toBe(true);
    // Expiry at a month start; release at a midnight.
    if (lot.expiresAt !== null) expect(lot.expiresAt.slice(7)).toBe('-01T00:00:00.000Z');
    if (lot.availableAt !== undefined) expect(lot.availableAt.slice(10)).toBe('T00:00:00.000Z');
  }
  expect(account.debt).toBeGreaterThanOrEqual(0);
  // One lot per expiry date, plus one per release day while pending.
  expect(new Set(account.lots.map(lotKey)).size).toBe(account.lots.length);
  expect(new Set(entries.map((e) => e.key)).size).toBe(entries.length);
  expect(new Set(r.events.map((e) => e.key)).size).toBe(r.events.length);
  const levels = p.tiers?.levels.map((l) => l.id) ?? ['member'];
  expect(levels).toContain(account.tier);
  const now = account.lastTickAt ?? day(0);
  // What is owed is never shown as spendable below zero: it is set against available points, the rest is `debt`.
  const balance = balanceAt(account, now);
  expect(balance.available).toBeGreaterThanOrEqual(0);
  expect(balance.debt ?? 0).toBeLessThanOrEqual(account.debt);
}
