import { createHash } from 'node:crypto';
import type { Birthday } from './birthday.js';
import type { Account, LedgerEntry, Lot, LoyaltyEvent, LoyaltyRecord, PointsAwarded, RankedOrder } from './model.js';
import type { LoyaltyProgram } from './program.js';

export type Qualifying = Account['qualifying'][number];

/**
 * The working copy of an account during one posting, with the ledger entries and events it produces. The posting
 * functions change it in place (it is theirs alone); `post` turns it back into an immutable Account.
 */
export interface Draft {
  readonly program: LoyaltyProgram;
  readonly customerId: string;
  readonly version: number;
  /** The posting's time (a tick's `now`): pending lots released by then join their expiry's lot. */
  readonly now: string;
  lots: Lot[];
  debt: number;
  lifetime: number;
  tier: string;
  tierSince: string;
  qualifying: Qualifying[];
  orderCount: number;
  firstOrders: RankedOrder[];
  birthdayYears: number[];
  lastTickAt: string | undefined;
  birthday: Birthday | undefined;
  readonly entries: LedgerEntry[];
  readonly events: LoyaltyEvent[];
  /** Records to write; the posting's own is put last by `post`. */
  readonly records: LoyaltyRecord[];
}

export function openDraft(program: LoyaltyProgram, account: Account, now: string): Draft {
  return {
    program,
    customerId: account.customerId,
    version: account.version,
    now,
    lots: [...account.lots],
    debt: account.debt,
    lifetime: account.lifetime,
    tier: account.tier,
    tierSince: account.tierSince,
    qualifying: [...account.qualifying],
    orderCount: account.orderCount,
    firstOrders: [...(account.firstOrders ?? [])],
    birthdayYears: [...account.birthdayYears],
    lastTickAt: account.lastTickAt,
    birthday: account.birthday,
    entries: [],
    events: [],
    records: [],
  };
}

export function closeDraft(d: Draft): Account {
  return {
    customerId: d.customerId,
    version: d.version,
    lots: d.lots,
    debt: d.debt,
    lifetime: d.lifetime,
    tier: d.tier,
    tierSince: d.tierSince,
    qualifying: d.qualifying,
    orderCount: d.orderCount,
    ...(d.firstOrders.length === 0 ? {} : { firstOrders: d.firstOrders }),
    birthdayYears: d.birthdayYears,
    ...(d.lastTickAt === undefined ? {} : { lastTickAt: d.lastTickAt }),
    ...(d.birthday === undefined ? {} : { birthday: d.birthday }),
  };
}

/** Same customer and key, same id: a posting re-run after a crash publishes events consumers can dedupe. */
export const eventId = (customerId: string, key: string): string =>
  createHash('sha256').update(`${customerId}\n${key}`).digest('hex').slice(0, 32);

/** The fields every loyalty event's detail starts with. */
export const eventBase = (d: Draft, key: string, occurredAt: string) => ({
  customerId: d.customerId,
  eventId: eventId(d.customerId, key),
  occurredAt,
});

export type AwardReason = PointsAwarded['reason'];

/** A record's own value for `key` (ids come from outside: `constructor` must not find Object.prototype's). */
export const own = <T>(record: Readonly<Record<string, T>>, key: string): T | undefined =>
  Object.hasOwn(record, key) ? record[key] : undefined;
