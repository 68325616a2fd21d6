import { type Draft, eventBase } from './draft.js';
import type { LoyaltyProgram } from './program.js';
import { ceilMonth, isAtOrBefore, isBefore, ms, plus } from './time.js';

/**
 * Tiers. What counts is kept by month, so the account stays small however often a customer buys: a purchase (or an
 * award, for a points basis) counts for the window and on to the end of the month the window ends in (`until`),
 * together with everything else that stops counting that month, from the earliest of them on (`from`). A refund
 * takes its amount off its order's month: spend is net of refunds. The qualifying amount at time s is the sum of the
 * months counting at s. Sums are exact integers: cents for spend, points for points.
 *
 * Up: after every posting, to the highest level the amount reaches at any time from the last tick on (so a late
 * order counts as if it had come in time). Down: only at a tick, once the tier was held `minimumStay`, to the level
 * the amount supports at the tick.
 */

type Level = NonNullable<LoyaltyProgram['tiers']>['levels'][number];
const onlyLevel: readonly Level[] = [{ id: 'member', threshold: 0, multiplier: 1 }];

export const levelsOf = (program: LoyaltyProgram): readonly Level[] => program.tiers?.levels ?? onlyLevel;

/** Index of a tier id; an id the program no longer has counts as the lowest level. */
function indexOf(program: LoyaltyProgram, tier: string): number {
  return Math.max(
    0,
    levelsOf(program).findIndex((level) => level.id === tier),
  );
}

export const tierMultiplier = (program: LoyaltyProgram, tier: string): number =>
  levelsOf(program)[indexOf(program, tier)]?.multiplier ?? 1;

const scale = (program: LoyaltyProgram): number => (program.tiers?.basis === 'spend' ? 100 : 1);

export interface Qualify {
  /** When the purchase (or award) it belongs to happened: its month in the window. */
  readonly anchor: string;
  /** When it happened itself (a refund's own time). */
  readonly at: string;
  /** In the program currency (spend) or points; negative for refunds and reversals. */
  readonly amount: number;
}

/** Adds an amount for the tier to its month, if the program's basis is `basis`. */
export function qualify(d: Draft, basis: 'spend' | 'points', q: Qualify): void {
  const tiers = d.program.tiers;
  if (tiers?.basis !== basis) return;
  const amount = Math.round(q.amount * scale(d.program));
  if (amount === 0) return;
  const until = ceilMonth(plus(q.anchor, tiers.window));
  const i = d.qualifying.findIndex((m) => m.until === until);
  const month = d.qualifying[i];
  if (!month) {
    // A refund of an order whose month is gone (out of the window before the last tick) changes nothing.
    if (amount > 0) d.qualifying.push({ until, from: q.at, amount });
    return;
  }
  const from = amount > 0 && isBefore(q.at, month.from) ? q.at : month.from;
  d.qualifying[i] = { until, from, amount: month.amount + amount };
}

interface Span {
  readonly from: number;
  readonly until: number;
  readonly amount: number;
}

const spans = (d: Draft): Span[] =>
  d.qualifying.map((m) => ({ from: ms(m.from), until: ms(m.until), amount: m.amount }));

const amountAt = (all: readonly Span[], s: number): number =>
  all.reduce((sum, e) => (e.from <= s && s < e.until ? sum + e.amount : sum), 0);

/** Highest level index whose threshold the (scaled) amount reaches. */
function levelFor(program: LoyaltyProgram, amount: number): number {
  const k = scale(program);
  let index = 0;
  levelsOf(program).forEach((level, i) => {
    if (Math.round(level.threshold * k) <= amount) index = i;
  });
  return index;
}

function change(d: Draft, to: number, since: string, postingKey: string, at: string): void {
  const levels = levelsOf(d.program);
  const from = d.tier;
  const next = levels[to]?.id ?? from;
  const direction = to > indexOf(d.program, from) ? 'up' : 'down';
  d.tier = next;
  d.tierSince = since;
  const key = `tier:${postingKey}`;
  d.events.push({ type: 'Tier Changed', key, detail: { ...eventBase(d, key, at), from, to: next, direction } });
}

/** Raises the tier to the highest level reached from the last tick on (and at `alsoAt`, for a tick). */
export function raiseTier(d: Draft, postingKey: string, at: string, alsoAt?: string): void {
  const tiers = d.program.tiers;
  if (!tiers) return;
  const all = spans(d);
  const floor = d.lastTickAt === undefined ? Number.NEGATIVE_INFINITY : ms(d.lastTickAt);
  const points = all.filter((e) => e.amount > 0).map((e) => e.from);
  if (d.lastTickAt !== undefined) points.push(floor);
  if (alsoAt !== undefined) points.push(ms(alsoAt));
  const times = [...new Set(points.filter((s) => s >= floor))].sort((a, b) => a - b);
  const reached = times.map((s) => ({ s, level: levelFor(d.program, amountAt(all, s)) }));
  const peak = reached.reduce((max, r) => Math.max(max, r.level), 0);
  const current = indexOf(d.program, d.tier);
  if (peak < current || peak === 0) return;
  const first = reached.find((r) => r.level >= peak);
  if (!first) return;
  const since = new Date(first.s).toISOString();
  if (peak > current) change(d, peak, since, postingKey, at);
  // A late order may show the tier was reached earlier than we knew: the minimum stay counts from then.
  else if (first.s < ms(d.tierSince)) d.tierSince = since;
}

/** At a tick: up as after any posting, then down if the minimum stay is over and the amount has fallen. */
export function reviewTier(d: Draft, now: string): void {
  const tiers = d.program.tiers;
  if (!tiers) return;
  const postingKey = `tick:${now}`;
  const before = d.tier;
  raiseTier(d, postingKey, now, now);
  // (Only a changed program can raise the tier at a tick; then there is nothing to take down.)
  if (d.tier !== before) return;
  const supported = levelFor(d.program, amountAt(spans(d), ms(now)));
  if (supported >= indexOf(d.program, d.tier)) return;
  const stay = tiers.downgrade?.minimumStay;
  if (stay !== undefined && !isAtOrBefore(plus(d.tierSince, stay), now)) return;
  change(d, supported, now, postingKey, now);
}

/** Drops months that can no longer count at any time from the last tick on. */
export function pruneQualifying(d: Draft): void {
  const floor = d.lastTickAt;
  if (floor === undefined) return;
  d.qualifying = d.qualifying.filter((m) => !isAtOrBefore(m.until, floor));
}
