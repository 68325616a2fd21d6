import { createHash } from 'node:crypto';
import type { LoyaltyCommand } from '../../../shared/loyalty/core/model.js';
import type { LoyaltyProgram } from '../../../shared/loyalty/core/program.js';
import { addDuration, parseDuration } from '../../../shared/platform/duration.js';

/**
 * A deliberately plain model of the loyalty rules, for the property tests: one mutable object, times as
 * milliseconds, straight loops, nothing pruned, everything recomputed by brute force. It shares no code with
 * shared/loyalty/core (only the program type and the duration helpers), so a bug must be made twice to hide.
 */

export interface ModelResult {
  readonly available: number;
  readonly pending: number;
  readonly lifetime: number;
  readonly debt: number;
  readonly tier: string;
  readonly tierSince: number;
  /** Remaining points of every lot that has some, by lot key. */
  readonly lots: Readonly<Record<string, number>>;
}

interface Lot {
  key: string;
  left: number;
  earned: number;
  avail: number;
  expires: number;
}
interface Order {
  at: number;
  total: number;
  points: number;
  refunded: number;
  reversed: number;
  restored: number;
  redemption: string | undefined;
  counted: boolean;
}
interface Refund {
  id: string;
  orderId: string;
  amount: number;
  at: number;
}
/** Counts for the tier from `from` until `anchor` + window. Amount in cents (spend) or points. */
interface TierRecord {
  anchor: number;
  from: number;
  amount: number;
}

const t = (iso: string): number => Date.parse(iso);
const add = (at: number, duration: string): number => {
  const d = parseDuration(duration);
  if (!d) throw new Error(`bad duration ${duration}`);
  return addDuration(new Date(at), d).getTime();
};
const cents = (x: number): number => Math.round(Math.max(0, x) * 100);

export function modelCode(program: LoyaltyProgram, customerId: string, key: string): string {
  const bytes = createHash('sha256').update(`${customerId}\n${key}`).digest();
  let bits = '';
  for (const b of bytes) bits += b.toString(2).padStart(8, '0');
  let code = '';
  for (let i = 0; i < 10; i++)
    code += 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'[Number.parseInt(bits.slice(i * 5, i * 5 + 5), 2)];
  return `${program.redemption.couponPrefix}-${code}`;
}

/** Runs `commands` in the given arrival order and returns the balance as of `now`. */
export function runModel(
  program: LoyaltyProgram,
  customerId: string,
  commands: readonly LoyaltyCommand[],
  now: string,
): ModelResult {
  const levels = program.tiers?.levels ?? [{ id: 'member', threshold: 0, multiplier: 1 }];
  const basis = program.tiers?.basis;
  const window = program.tiers?.window ?? 'P1D';
  const first = commands[0];
  const s = {
    lots: [] as Lot[],
    debt: 0,
    lifetime: 0,
    tier: 0,
    tierSince: first === undefined ? 0 : t(first.kind === 'tick' ? first.now : first.at),
    lastTick: undefined as number | undefined,
    seen: new Set<string>(),
    orders: new Map<string, Order>(),
    redemptions: new Map<string, { points: number; code: string }>(),
    held: [] as Refund[],
    orderCount: 0,
    records: [] as TierRecord[],
  };

  const expiresAt = (at: number) => (program.expiry ? add(at, program.expiry.after) : Number.POSITIVE_INFINITY);
  const addLot = (key: string, points: number, at: number, avail: number) => {
    const repay = Math.min(s.debt, points);
    s.debt -= repay;
    s.lots.push({ key, left: points - repay, earned: at, avail, expires: expiresAt(at) });
  };
  const byExpiry = (a: Lot, b: Lot) =>
    a.expires !== b.expires
      ? a.expires - b.expires
      : a.earned !== b.earned
        ? a.earned - b.earned
        : a.key < b.key
          ? -1
          : 1;
  const spendable = (at: number) => s.lots.filter((l) => l.left > 0 && l.avail <= at && l.expires > at).sort(byExpiry);
  const balance = (at: number) => {
    let available = 0;
    let pending = 0;
    let expired = 0;
    for (const l of s.lots) {
      if (l.expires <= at) expired += l.left;
      else if (l.avail <= at) available += l.left;
      else pending += l.left;
    }
    return { available: available - Math.max(0, s.debt - expired), pending };
  };

  const amountAt = (at: number) => {
    let sum = 0;
    for (const r of s.records) if (r.from <= at && at < add(r.anchor, window)) sum += r.amount;
    return sum;
  };
  const levelOf = (amount: number) => {
    let index = 0;
    for (let i = 0; i < levels.length; i++) {
      const threshold = (levels[i]?.threshold ?? 0) * (basis === 'spend' ? 100 : 1);
      if (Math.round(threshold) <= amount) index = i;
    }
    return index;
  };
  const raise = (extra?: number) => {
    if (!program.tiers) return;
    const floor = s.lastTick ?? Number.NEGATIVE_INFINITY;
    const times: number[] = [];
    for (const r of s.records) if (r.amount > 0) times.push(r.from);
    if (s.lastTick !== undefined) times.push(s.lastTick);
    if (extra !== undefined) times.push(extra);
    const considered = times.filter((at) => at >= floor);
    let peak = 0;
    for (const at of considered) peak = Math.max(peak, levelOf(amountAt(at)));
    if (peak === 0 || peak < s.tier) return;
    // When the peak was first reached.
    let since = Number.POSITIVE_INFINITY;
    for (const at of considered) if (levelOf(amountAt(at)) >= peak && at < since) since = at;
    if (peak > s.tier) {
      s.tier = peak;
      s.tierSince = since;
    } else if (since < s.tierSince) s.tierSince = since;
  };

  const award = (key: string, points: number, at: number, avail: number, counts: boolean) => {
    if (points <= 0) return;
    addLot(key, points, at, avail);
    if (!counts) return;
    s.lifetime += points;
    if (basis === 'points') s.records.push({ anchor: at, from: at, amount: points });
  };

  const applyRefund = (r: Refund) => {
    const o = s.orders.get(r.orderId);
    if (!o) return;
    const total = cents(o.total);
    const before = Math.min(cents(o.refunded), total);
    o.refunded += Math.max(0, r.amount);
    const after = Math.min(cents(o.refunded), total);
    const share = (n: number) => (total > 0 ? Math.round((n * after) / total) : after > 0 ? n : 0);
    const reverse = share(o.points) - o.reversed;
    if (reverse > 0) {
      let left = reverse;
      const own = s.lots.find((l) => l.key === `order:${r.orderId}`);
      if (own && own.expires > r.at) {
        const x = Math.min(own.left, left);
        own.left -= x;
        left -= x;
      }
      for (const l of spendable(r.at)) {
        if (l === own) continue;
        const x = Math.min(l.left, left);
        l.left -= x;
        left -= x;
      }
      s.debt += left;
      s.lifetime -= reverse;
      o.reversed += reverse;
      if (basis === 'points') s.records.push({ anchor: o.at, from: r.at, amount: -reverse });
    }
    const red = o.redemption === undefined ? undefined : s.redemptions.get(o.redemption);
    if (red) {
      const restore = share(red.points) - o.restored;
      if (restore > 0) {
        award(`restore:${r.id}`, restore, r.at, r.at, false);
        o.restored += restore;
      }
    }
    if (basis === 'spend' && o.counted && after > before) {
      s.records.push({ anchor: o.at, from: r.at, amount: -(after - before) });
    }
  };

  for (const c of commands) {
    if (c.kind === 'tick') {
      const at = t(c.now);
      if (s.lastTick !== undefined && at <= s.lastTick) continue;
      for (const l of [...s.lots].sort(byExpiry)) {
        if (l.left > 0 && l.expires <= at) {
          s.debt -= Math.min(s.debt, l.left);
          l.left = 0;
        }
      }
      const before = s.tier;
      raise(at);
      if (program.tiers && s.tier === before) {
        const supported = levelOf(amountAt(at));
        const stay = program.tiers.downgrade?.minimumStay;
        if (supported < s.tier && (stay === undefined || add(s.tierSince, stay) <= at)) {
          s.tier = supported;
          s.tierSince = at;
        }
      }
      s.lastTick = at;
      continue;
    }
    const at = t(c.at);
    if (c.kind === 'order') {
      if (s.seen.has(`order:${c.orderId}`)) continue;
      s.seen.add(`order:${c.orderId}`);
      const counted = c.currency === program.currency;
      let weight = 0;
      let weighted = 0;
      const multiplierOf = (category: string | undefined) => {
        let m = 1;
        if (category !== undefined && Object.hasOwn(program.earn.categoryMultipliers, category)) {
          m = program.earn.categoryMultipliers[category] ?? 1;
        }
        for (const p of program.earn.promotions) {
          const active = t(p.from) <= at && at < t(p.to);
          const covers = p.categories === undefined || (category !== undefined && p.categories.includes(category));
          if (active && covers) m *= p.multiplier;
        }
        return m;
      };
      for (const item of c.items) {
        const w = Math.max(0, item.price) * Math.max(0, item.quantity);
        weight += w;
        weighted += w * multiplierOf(item.category);
      }
      const factor = weight > 0 ? weighted / weight : multiplierOf(undefined);
      const tierMultiplier = levels[s.tier]?.multiplier ?? 1;
      const raw = Math.max(0, c.total) * program.earn.pointsPerUnit * tierMultiplier * factor;
      const snapped = Math.round(raw * 1e6) / 1e6;
      const round = { floor: Math.floor, round: Math.round, ceil: Math.ceil }[program.earn.rounding];
      const points = counted ? Math.max(0, round(snapped)) : 0;
      let redemption: string | undefined;
      const coupon = c.coupon?.trim().toUpperCase();
      for (const [key, r] of s.redemptions) {
        if (r.code !== coupon) continue;
        const used = [...s.orders.values()].some((o) => o.redemption === key);
        if (!used) redemption = key;
      }
      s.orders.set(c.orderId, {
        at,
        total: Math.max(0, c.total),
        points,
        refunded: 0,
        reversed: 0,
        restored: 0,
        redemption,
        counted,
      });
      award(`order:${c.orderId}`, points, at, add(at, program.pending), true);
      if (counted) {
        if (basis === 'spend' && cents(c.total) > 0) s.records.push({ anchor: at, from: at, amount: cents(c.total) });
        s.orderCount++;
        for (const b of program.bonuses.nthOrder) {
          if (b.n === s.orderCount) award(`bonus:nth:${b.n}`, b.points, at, at, true);
        }
      }
      const mine = s.held.filter((r) => r.orderId === c.orderId);
      s.held = s.held.filter((r) => r.orderId !== c.orderId);
      mine.sort((a, b) => (a.at !== b.at ? a.at - b.at : a.id < b.id ? -1 : 1));
      for (const r of mine) applyRefund(r);
      raise();
    } else if (c.kind === 'refund') {
      if (s.seen.has(`refund:${c.refundId}`)) continue;
      s.seen.add(`refund:${c.refundId}`);
      const r = { id: c.refundId, orderId: c.orderId, amount: c.amount, at };
      if (s.orders.has(c.orderId)) applyRefund(r);
      else s.held.push(r);
    } else if (c.kind === 'redeem') {
      if (s.seen.has(`redeem:${c.key}`)) continue;
      const { minimum, step } = program.redemption;
      const ok = Number.isSafeInteger(c.points) && c.points > 0 && c.points >= minimum && c.points % step === 0;
      if (!ok || c.points > balance(at).available) continue;
      let left = c.points;
      for (const l of spendable(at)) {
        const x = Math.min(l.left, left);
        l.left -= x;
        left -= x;
      }
      s.seen.add(`redeem:${c.key}`);
      s.redemptions.set(c.key, { points: c.points, code: modelCode(program, customerId, c.key) });
    } else if (c.kind === 'signup' || c.kind === 'birthday') {
      const key = c.kind === 'signup' ? 'bonus:signup' : `bonus:birthday:${c.year}`;
      if (s.seen.has(key)) continue;
      s.seen.add(key);
      award(key, c.kind === 'signup' ? program.bonuses.signup : program.bonuses.birthday, at, at, true);
      raise();
    }
  }
  const b = balance(t(now));
  const lots: Record<string, number> = {};
  for (const l of s.lots) if (l.left > 0) lots[l.key] = l.left;
  return { ...b, lifetime: s.lifetime, debt: s.debt, tier: levels[s.tier]?.id ?? '', tierSince: s.tierSince, lots };
}
