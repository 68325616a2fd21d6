import { createHash } from 'node:crypto';
import type { LoyaltyCommand } from '../../../shared/loyalty/core/model.js';
import type { LoyaltyProgram } from '../../../shared/loyalty/core/program.js';
import { addDuration, parseDuration } from '../../../shared/platform/duration.js';

/**
 * A deliberately plain model of the loyalty rules, for the property tests: one mutable object, times as
 * milliseconds, straight loops, tier amounts kept per contribution and summed by brute force. It shares no code with
 * shared/loyalty/core (only the program type and the duration helpers), so a bug must be made twice to hide.
 *
 * The rules, as the model reads them:
 * - points expire at the first month start (UTC) at or after `earned + expiry.after`; an order's points can be spent
 *   from the first midnight (UTC) at or after `at + pending` (at once without a return window); bonuses and restored
 *   points at once;
 * - a lot is the points with one expiry (key: the expiry date, or `never`); pending points are a lot per release day
 *   (`<expiry>@<release>`) until the first posting at or after their release, which moves them to their expiry's lot;
 *   a lot emptied by a posting is gone;
 * - spending takes lots soonest-expiring first, then by key; a reversal takes from the order's own lots first (its
 *   pending lot, then its expiry's lot, each unless expired), then from spendable lots in spending order;
 * - the tier amount at s sums, per month a contribution stops counting (`ceil-month(anchor + window)`), everything
 *   of that month, from its earliest positive contribution on, if anything positive came in that month;
 * - an order in another currency earns and counts on its total times the command's `rate`; without one it is refused
 *   (as if it never came);
 * - the nth-order bonus belongs to the nth order by time (then id) among all orders posted so far, unless that order
 *   is fully refunded; it is credited like the order's points (pending, the order's lots). When a late order changes
 *   the ranks, every order whose bonus changes gives its old one back (at the later of the posting and its own time)
 *   and gets the new one; a refund that makes an order fully refunded gives its bonus back at the refund's time;
 * - the balance sets what is owed against the available points: `available` never goes below 0, `debt` is the rest.
 */

export interface ModelResult {
  readonly available: number;
  readonly pending: number;
  readonly lifetime: number;
  /** Owed beyond the available points (absent when nothing is). */
  readonly debt?: number | undefined;
  /** Everything owed. */
  readonly owed: number;
  readonly tier: string;
  readonly tierSince: number;
  /** Remaining points of every lot that has some, by lot key. */
  readonly lots: Readonly<Record<string, number>>;
}

interface Lot {
  left: number;
  /** Pending lots only: when their points can be spent. */
  avail: number | null;
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
  rate: number;
  id: string;
  /** The nth-order bonus it holds: its rank and points. */
  bonus: { n: number; points: number } | undefined;
  void: boolean;
}
interface Refund {
  id: string;
  orderId: string;
  amount: number;
  at: number;
}
/** One contribution to the tier amount: stops counting at `until`; `at` is when it happened. */
interface TierRecord {
  until: number;
  at: number;
  amount: number;
}

const t = (iso: string): number => Date.parse(iso);
const iso = (ms: number): string => new Date(ms).toISOString();
const add = (at: number, duration: string): number => {
  const d = parseDuration(duration);
  if (!d) throw new Error(`bad duration ${duration}`);
  return addDuration(new Date(at), d).getTime();
};
const cents = (x: number): number => Math.round(Math.max(0, x) * 100);
const day = 86_400_000;
const nextMidnight = (at: number): number => Math.ceil(at / day) * day;
function nextMonthStart(at: number): number {
  const d = new Date(at);
  for (let m = 0; ; m++) {
    const start = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + m, 1);
    if (start >= at) return start;
  }
}

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
    lots: new Map<string, Lot>(),
    debt: 0,
    lifetime: 0,
    tier: 0,
    tierSince: first === undefined ? 0 : t(first.kind === 'tick' ? first.now : first.at),
    lastTick: undefined as number | undefined,
    seen: new Set<string>(),
    orders: new Map<string, Order>(),
    redemptions: new Map<string, { points: number; code: string }>(),
    held: [] as Refund[],
    records: [] as TierRecord[],
  };

  const expiryOf = (at: number) =>
    program.expiry ? nextMonthStart(add(at, program.expiry.after)) : Number.POSITIVE_INFINITY;
  const releaseOf = (at: number) => (add(at, program.pending) === at ? at : nextMidnight(add(at, program.pending)));
  const baseKey = (expires: number) => (expires === Number.POSITIVE_INFINITY ? 'never' : iso(expires).slice(0, 10));
  const pendingKey = (expires: number, release: number) => `${baseKey(expires)}@${iso(release).slice(0, 10)}`;

  /** Adds points to the lot `key` (created if missing). */
  const into = (key: string, left: number, avail: number | null, expires: number) => {
    const lot = s.lots.get(key);
    if (lot) lot.left += left;
    else s.lots.set(key, { left, avail, expires });
  };
  const credit = (points: number, at: number, pending: boolean, postedAt: number) => {
    const repay = Math.min(s.debt, points);
    s.debt -= repay;
    const expires = expiryOf(at);
    const avail = releaseOf(at);
    if (pending && avail !== at && avail > postedAt) into(pendingKey(expires, avail), points - repay, avail, expires);
    else into(baseKey(expires), points - repay, null, expires);
  };
  /** The start of every posting that changes something: released pending lots join their expiry's lot. */
  const release = (at: number) => {
    for (const [key, lot] of [...s.lots]) {
      if (lot.avail === null || lot.avail > at) continue;
      s.lots.delete(key);
      into(baseKey(lot.expires), lot.left, null, lot.expires);
    }
  };
  /** The end of every posting that changes something: empty lots are gone. */
  const settle = () => {
    for (const [key, lot] of [...s.lots]) if (lot.left <= 0) s.lots.delete(key);
  };
  const order = ([ka, a]: [string, Lot], [kb, b]: [string, Lot]) =>
    a.expires !== b.expires ? (a.expires < b.expires ? -1 : 1) : ka < kb ? -1 : 1;
  const released = (l: Lot, at: number) => l.avail === null || l.avail <= at;
  const spendable = (at: number) =>
    [...s.lots].filter(([, l]) => l.left > 0 && released(l, at) && l.expires > at).sort(order);
  const balance = (at: number) => {
    let available = 0;
    let pending = 0;
    let expired = 0;
    for (const l of s.lots.values()) {
      if (l.expires <= at) expired += l.left;
      else if (released(l, at)) available += l.left;
      else pending += l.left;
    }
    const owed = Math.max(0, s.debt - expired);
    const debt = owed > available ? owed - available : undefined;
    return { available: Math.max(0, available - owed), pending, debt };
  };

  const scaleOf = basis === 'spend' ? 100 : 1;
  const months = () => {
    const byUntil = new Map<number, { from: number; amount: number; positive: boolean }>();
    for (const r of s.records) {
      const m = byUntil.get(r.until) ?? { from: Number.POSITIVE_INFINITY, amount: 0, positive: false };
      m.amount += r.amount;
      if (r.amount > 0) {
        m.positive = true;
        m.from = Math.min(m.from, r.at);
      }
      byUntil.set(r.until, m);
    }
    return [...byUntil].filter(([, m]) => m.positive).map(([until, m]) => ({ until, ...m }));
  };
  const contribute = (anchor: number, at: number, amount: number) => {
    const scaled = Math.round(amount * scaleOf);
    if (scaled !== 0) s.records.push({ until: nextMonthStart(add(anchor, window)), at, amount: scaled });
  };
  const amountAt = (at: number) => {
    let sum = 0;
    for (const m of months()) if (m.from <= at && at < m.until) sum += m.amount;
    return sum;
  };
  const levelOf = (amount: number) => {
    let index = 0;
    for (let i = 0; i < levels.length; i++) {
      const threshold = (levels[i]?.threshold ?? 0) * scaleOf;
      if (Math.round(threshold) <= amount) index = i;
    }
    return index;
  };
  const raise = (extra?: number) => {
    if (!program.tiers) return;
    const floor = s.lastTick ?? Number.NEGATIVE_INFINITY;
    const times: number[] = [];
    for (const m of months()) if (m.amount > 0) times.push(m.from);
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

  const award = (points: number, at: number, pending: boolean, counts: boolean, postedAt: number) => {
    if (points <= 0) return;
    credit(points, at, pending, postedAt);
    if (!counts) return;
    s.lifetime += points;
    if (basis === 'points') contribute(at, at, points);
  };

  /** Takes back `points` credited for the order of `orderAt`: its own lots, then spendable ones, then debt. */
  const takeBack = (orderAt: number, points: number, at: number) => {
    let left = points;
    const expires = expiryOf(orderAt);
    const released = releaseOf(orderAt);
    // The order's own lots: its pending lot, then its expiry's lot, each unless expired.
    const ownKeys = released === orderAt ? [baseKey(expires)] : [pendingKey(expires, released), baseKey(expires)];
    for (const key of ownKeys) {
      const own = s.lots.get(key);
      if (!own || own.expires <= at) continue;
      const x = Math.min(own.left, left);
      own.left -= x;
      left -= x;
    }
    for (const [key, l] of spendable(at)) {
      if (ownKeys.includes(key)) continue;
      const x = Math.min(l.left, left);
      l.left -= x;
      left -= x;
    }
    s.debt += left;
    s.lifetime -= points;
    if (basis === 'points') contribute(orderAt, at, -points);
  };
  /** Every order holds the bonus of its rank by time, none once fully refunded. */
  const rerank = (postedAt: number) => {
    const ranked = [...s.orders.values()].sort((a, b) => (a.at !== b.at ? a.at - b.at : a.id < b.id ? -1 : 1));
    ranked.forEach((o, i) => {
      const b = program.bonuses.nthOrder.find((x) => x.n === i + 1);
      const want = !o.void && b && b.points > 0 ? { n: b.n, points: b.points } : undefined;
      if (o.bonus?.n === want?.n && o.bonus?.points === want?.points) return;
      if (o.bonus) takeBack(o.at, o.bonus.points, Math.max(postedAt, o.at));
      if (want) award(want.points, o.at, true, true, postedAt);
      o.bonus = want;
    });
  };

  const applyRefund = (r: Refund, postedAt: number) => {
    const o = s.orders.get(r.orderId);
    if (!o) return;
    const total = cents(o.total);
    const before = Math.min(cents(o.refunded), total);
    o.refunded += Math.max(0, r.amount);
    const after = Math.min(cents(o.refunded), total);
    const share = (n: number) => (total > 0 ? Math.round((n * after) / total) : after > 0 ? n : 0);
    const reverse = share(o.points) - o.reversed;
    if (reverse > 0) {
      takeBack(o.at, reverse, r.at);
      o.reversed += reverse;
    }
    const full = (refunded: number) => (total > 0 ? cents(refunded) >= total : cents(refunded) > 0);
    if (full(o.refunded) && !o.void) {
      o.void = true;
      if (o.bonus) takeBack(o.at, o.bonus.points, r.at);
      o.bonus = undefined;
    }
    const red = o.redemption === undefined ? undefined : s.redemptions.get(o.redemption);
    if (red) {
      const restore = share(red.points) - o.restored;
      if (restore > 0) {
        award(restore, r.at, false, false, postedAt);
        o.restored += restore;
      }
    }
    if (basis === 'spend' && after > before) contribute(o.at, r.at, (-(after - before) / 100) * o.rate);
  };

  for (const c of commands) {
    if (c.kind === 'tick') {
      const at = t(c.now);
      if (s.lastTick !== undefined && at <= s.lastTick) continue;
      release(at);
      for (const [, l] of [...s.lots].sort(order)) {
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
      settle();
      continue;
    }
    const at = t(c.at);
    if (c.kind === 'order') {
      if (s.seen.has(`order:${c.orderId}`)) continue;
      const rate = c.currency === program.currency ? 1 : (c.rate ?? 0);
      if (!(rate > 0 && Number.isFinite(rate))) continue;
      s.seen.add(`order:${c.orderId}`);
      release(at);
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
      const raw = Math.max(0, c.total) * rate * program.earn.pointsPerUnit * tierMultiplier * factor;
      const snapped = Math.round(raw * 1e6) / 1e6;
      const round = { floor: Math.floor, round: Math.round, ceil: Math.ceil }[program.earn.rounding];
      const points = Math.max(0, round(snapped));
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
        rate,
        id: c.orderId,
        bonus: undefined,
        void: false,
      });
      award(points, at, true, true, at);
      if (basis === 'spend') contribute(at, at, Math.max(0, c.total) * rate);
      rerank(at);
      const mine = s.held.filter((r) => r.orderId === c.orderId);
      s.held = s.held.filter((r) => r.orderId !== c.orderId);
      mine.sort((a, b) => (a.at !== b.at ? a.at - b.at : a.id < b.id ? -1 : 1));
      for (const r of mine) applyRefund(r, at);
      raise();
      settle();
    } else if (c.kind === 'refund') {
      const key = `refund:${c.orderId}/${c.refundId}`;
      if (s.seen.has(key)) continue;
      s.seen.add(key);
      release(at);
      const r = { id: c.refundId, orderId: c.orderId, amount: c.amount, at };
      if (s.orders.has(c.orderId)) applyRefund(r, at);
      else s.held.push(r);
      settle();
    } else if (c.kind === 'redeem') {
      if (s.seen.has(`redeem:${c.key}`)) continue;
      const { minimum, step } = program.redemption;
      const ok = Number.isSafeInteger(c.points) && c.points > 0 && c.points >= minimum && c.points % step === 0;
      if (!ok) continue;
      // The balance as the posting sees it: released pending points count as spendable either way.
      if (c.points > balance(at).available) continue;
      release(at);
      let left = c.points;
      for (const [, l] of spendable(at)) {
        const x = Math.min(l.left, left);
        l.left -= x;
        left -= x;
      }
      s.seen.add(`redeem:${c.key}`);
      s.redemptions.set(c.key, { points: c.points, code: modelCode(program, customerId, c.key) });
      settle();
    } else if (c.kind === 'signup' || c.kind === 'birthday') {
      const key = c.kind === 'signup' ? 'bonus:signup' : `bonus:birthday:${c.year}`;
      if (s.seen.has(key)) continue;
      s.seen.add(key);
      release(at);
      award(c.kind === 'signup' ? program.bonuses.signup : program.bonuses.birthday, at, false, true, at);
      raise();
      settle();
    }
  }
  const b = balance(t(now));
  const lots: Record<string, number> = {};
  for (const [key, l] of s.lots) if (l.left > 0) lots[key] = l.left;
  return { ...b, lifetime: s.lifetime, owed: s.debt, tier: levels[s.tier]?.id ?? '', tierSince: s.tierSince, lots };
}
