import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { balanceAt } from '../../../shared/loyalty/core/balance.js';
import type {
  Account,
  LedgerEntry,
  LoyaltyCommand,
  LoyaltyEvent,
  PostingResult,
} from '../../../shared/loyalty/core/model.js';
import { emptyAccount, post } from '../../../shared/loyalty/core/post.js';
import {
  type LoyaltyProgram,
  type LoyaltyProgramInput,
  parseLoyaltyProgram,
} from '../../../shared/loyalty/core/program.js';
import { repositoryRoot } from '../../../shared/schemas/generate.js';

export const customerId = 'cus_1';
export const shippedJson = (): LoyaltyProgramInput =>
  JSON.parse(readFileSync(join(repositoryRoot, 'workflows/loyalty.json'), 'utf8')) as LoyaltyProgramInput;

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
  extra: { items?: Item[]; coupon?: string; currency?: string } = {},
): LoyaltyCommand => ({
  kind: 'order',
  orderId,
  total,
  at,
  currency: extra.currency ?? 'SAR',
  items: extra.items ?? [],
  coupon: extra.coupon,
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

export interface Run {
  account: Account;
  entries: LedgerEntry[];
  events: LoyaltyEvent[];
  results: PostingResult[];
  /** The last result. */
  last: PostingResult;
}

const startOf = (c: LoyaltyCommand): string => (c.kind === 'tick' ? c.now : c.at);

/** Posts every command in turn (the account is created at the first command's time, as the service does). */
export function run(p: LoyaltyProgram, commands: readonly LoyaltyCommand[], start?: Account): Run {
  const first = commands[0];
  let account = start ?? emptyAccount(customerId, p, first ? startOf(first) : day(0));
  const entries: LedgerEntry[] = [];
  const events: LoyaltyEvent[] = [];
  const results: PostingResult[] = [];
  for (const command of commands) {
    const result = post(p, account, command);
    results.push(result);
    entries.push(...result.entries);
    events.push(...result.events);
    account = result.account;
  }
  const last = results.at(-1);
  if (!last) throw new Error('no commands');
  return { account, entries, events, results, last };
}

const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);

/** The invariants documented on `post`, as assertions. */
export function expectInvariants(p: LoyaltyProgram, r: Pick<Run, 'account' | 'entries' | 'events'>): void {
  const { account, entries } = r;
  expect(sum(entries.map((e) => e.points))).toBe(sum(account.lots.map((l) => l.remaining)) - account.debt);
  const lifetimeTypes = new Set(['earn', 'bonus', 'reverse']);
  expect(sum(entries.filter((e) => lifetimeTypes.has(e.type)).map((e) => e.points))).toBe(account.lifetime);
  for (const lot of account.lots) {
    expect(lot.remaining).toBeGreaterThanOrEqual(0);
    expect(lot.remaining).toBeLessThanOrEqual(lot.points);
    expect(Number.isInteger(lot.remaining)).toBe(true);
  }
  expect(account.debt).toBeGreaterThanOrEqual(0);
  expect(new Set(account.lots.map((l) => l.key)).size).toBe(account.lots.length);
  expect(new Set(entries.map((e) => e.key)).size).toBe(entries.length);
  expect(new Set(r.events.map((e) => e.key)).size).toBe(r.events.length);
  const levels = p.tiers?.levels.map((l) => l.id) ?? ['member'];
  expect(levels).toContain(account.tier);
  const now = account.lastTickAt ?? day(0);
  expect(balanceAt(account, now).available).toBeGreaterThanOrEqual(-account.debt);
}
