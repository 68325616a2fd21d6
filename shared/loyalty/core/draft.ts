import { createHash } from 'node:crypto';
import type { Birthday } from './birthday.js';
import type {
  Account,
  HeldRefund,
  LedgerEntry,
  Lot,
  LoyaltyEvent,
  OrderState,
  PointsAwarded,
  RedemptionState,
} from './model.js';
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
  lots: Lot[];
  debt: number;
  lifetime: number;
  tier: string;
  tierSince: string;
  qualifying: Qualifying[];
  orders: Record<string, OrderState>;
  redemptions: Record<string, RedemptionState>;
  heldRefunds: HeldRefund[];
  applied: string[];
  orderCount: number;
  lastTickAt: string | undefined;
  birthday: Birthday | undefined;
  readonly entries: LedgerEntry[];
  readonly events: LoyaltyEvent[];
}

export function openDraft(program: LoyaltyProgram, account: Account): Draft {
  return {
    program,
    customerId: account.customerId,
    version: account.version,
    lots: [...account.lots],
    debt: account.debt,
    lifetime: account.lifetime,
    tier: account.tier,
    tierSince: account.tierSince,
    qualifying: [...account.qualifying],
    orders: { ...account.orders },
    redemptions: { ...account.redemptions },
    heldRefunds: [...account.heldRefunds],
    applied: [...account.applied],
    orderCount: account.orderCount,
    lastTickAt: account.lastTickAt,
    birthday: account.birthday,
    entries: [],
    events: [],
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
    orders: d.orders,
    redemptions: d.redemptions,
    heldRefunds: d.heldRefunds,
    applied: d.applied,
    orderCount: d.orderCount,
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

/** A record's own value for `key` (ids come from outside: `constructor` must not find Object.prototype's). */
export const own = <T>(record: Readonly<Record<string, T>>, key: string): T | undefined =>
  Object.hasOwn(record, key) ? record[key] : undefined;

export type AwardReason = PointsAwarded['reason'];
