import { closeDraft, openDraft, own } from './draft.js';
import { lotKey, spendOrder } from './lots.js';
import type {
  Account,
  HeldRefund,
  Lot,
  LoyaltyRecord,
  OrderRecord,
  OrderState,
  RankedOrder,
  RedemptionState,
} from './model.js';
import type { LoyaltyProgram } from './program.js';
import { pruneQualifying, qualify } from './tiers.js';

/**
 * Accounts as Rekindle 0.1 stored them: every order, redemption and applied key inside the account, a lot per
 * posting, a tier entry per purchase. `upgradeAccount` turns one into today's bounded account and the records it
 * held; the service does it at the first posting, the store reads one as `readableAccount` until then.
 */
export interface LegacyAccount {
  readonly customerId: string;
  readonly version: number;
  readonly lots: readonly LegacyLot[];
  readonly debt: number;
  readonly lifetime: number;
  readonly tier: string;
  readonly tierSince: string;
  readonly qualifying: readonly { at: string; amount: number; key: string; effectiveAt?: string | undefined }[];
  readonly orders: Readonly<Record<string, LegacyOrder>>;
  readonly redemptions: Readonly<Record<string, RedemptionState>>;
  readonly heldRefunds: readonly HeldRefund[];
  readonly applied: readonly string[];
  readonly orderCount: number;
  readonly lastTickAt?: string | undefined;
  readonly birthday?: Account['birthday'];
}

interface LegacyLot {
  readonly key: string;
  readonly remaining: number;
  readonly availableAt: string;
  readonly expiresAt: string | null;
  readonly remindedAt?: string | undefined;
}

interface LegacyOrder extends Omit<OrderState, 'redemption'> {
  readonly orderId: string;
  readonly redemptionKey?: string | undefined;
}

/** Whether a stored account document is a 0.1 one (it lists every applied key). */
export const isLegacy = (doc: unknown): doc is LegacyAccount =>
  typeof doc === 'object' && doc !== null && 'applied' in doc && Array.isArray(doc.applied);

/**
 * The account a 0.1 document stands for, for reading balances and the tier (its tier amounts wait for the upgrade).
 * Its lots keep their expiry and, for orders, their release: what was promised stays.
 */
export function readableAccount(legacy: LegacyAccount): Account {
  const lots: Lot[] = [];
  for (const l of legacy.lots) {
    if (l.remaining <= 0) continue;
    const lot: Lot = {
      remaining: l.remaining,
      expiresAt: l.expiresAt,
      ...(l.key.startsWith('order:') ? { availableAt: l.availableAt } : {}),
      ...(l.remindedAt === undefined ? {} : { remindedAt: l.remindedAt }),
    };
    const same = lots.findIndex((other) => lotKey(other) === lotKey(lot));
    const into = lots[same];
    if (into) lots[same] = { ...into, remaining: into.remaining + lot.remaining };
    else lots.push(lot);
  }
  const birthdays = legacy.applied.flatMap((k) => (k.startsWith('bonus:birthday:') ? [Number(k.slice(15))] : []));
  const latest = Math.max(...birthdays);
  return {
    customerId: legacy.customerId,
    version: legacy.version,
    lots: lots.sort(spendOrder),
    debt: legacy.debt,
    lifetime: legacy.lifetime,
    tier: legacy.tier,
    tierSince: legacy.tierSince,
    qualifying: [],
    orderCount: legacy.orderCount,
    birthdayYears: birthdays.filter((y) => y >= latest - 1).sort((a, b) => a - b),
    ...(legacy.lastTickAt === undefined ? {} : { lastTickAt: legacy.lastTickAt }),
    ...(legacy.birthday === undefined ? {} : { birthday: legacy.birthday }),
  };
}

/**
 * A 0.1 account as today's account (same version: the caller commits it as the next) and the records it held. The
 * ids of the refunds applied to each order come from its ledger (`refundsByOrder`): the account kept them unsorted.
 */
export function upgradeAccount(
  program: LoyaltyProgram,
  legacy: LegacyAccount,
  refundsByOrder: ReadonlyMap<string, readonly string[]>,
): { account: Account; records: LoyaltyRecord[] } {
  const d = openDraft(program, readableAccount(legacy), legacy.lastTickAt ?? legacy.tierSince);
  d.firstOrders = ranked(program, legacy);
  const basis = program.tiers?.basis;
  // Purchases first: a refund's negative amount goes to its order's month.
  const entries = [...legacy.qualifying].sort((a, b) => Number(b.amount > 0) - Number(a.amount > 0));
  for (const e of entries) {
    if (basis) qualify(d, basis, { anchor: e.at, at: e.effectiveAt ?? e.at, amount: e.amount });
  }
  pruneQualifying(d);
  const records: LoyaltyRecord[] = [];
  const orders = Object.values(legacy.orders);
  for (const { orderId, redemptionKey, ...state } of orders) {
    const redeemed = redemptionKey === undefined ? undefined : own(legacy.redemptions, redemptionKey);
    const order: OrderState = {
      ...state,
      ...(redeemed ? { redemption: { key: redeemed.key, points: redeemed.points } } : {}),
    };
    const record: OrderRecord = { orderId, order, refunds: [...(refundsByOrder.get(orderId) ?? [])], held: [] };
    records.push({ kind: 'order', record });
  }
  const held = new Map<string, HeldRefund[]>();
  for (const r of legacy.heldRefunds) held.set(r.orderId, [...(held.get(r.orderId) ?? []), r]);
  for (const [orderId, refunds] of held) {
    records.push({ kind: 'order', record: { orderId, refunds: refunds.map((r) => r.refundId), held: refunds } });
  }
  for (const redemption of Object.values(legacy.redemptions)) {
    const usedBy = orders.find((o) => o.redemptionKey === redemption.key)?.orderId;
    records.push({ kind: 'coupon', record: { ...redemption, ...(usedBy === undefined ? {} : { usedBy }) } });
  }
  for (const key of legacy.applied) {
    if (key.startsWith('bonus:signup') || key.startsWith('bonus:birthday:') || key.startsWith('grant:')) {
      records.push({ kind: 'posting', key });
    }
  }
  return { account: closeDraft(d), records };
}

/**
 * 0.1 kept every order: the earliest ones, by time, take the ranks of the nth-order bonuses. 0.1 paid each bonus to
 * the nth order to arrive; as arrivals mostly follow time, each is taken to hold its rank's bonus, so none is paid
 * twice (a late order ranks among them from then on).
 */
function ranked(program: LoyaltyProgram, legacy: LegacyAccount): RankedOrder[] {
  const deepest = Math.max(0, ...program.bonuses.nthOrder.map((b) => b.n));
  const orders = Object.values(legacy.orders)
    .filter((o) => o.currency === undefined)
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || (a.orderId < b.orderId ? -1 : 1));
  return orders.slice(0, deepest).map((o, i) => {
    const bonus = program.bonuses.nthOrder.find((b) => b.n === i + 1);
    return { orderId: o.orderId, at: o.at, ...(bonus && bonus.points > 0 ? { bonus } : {}) };
  });
}
