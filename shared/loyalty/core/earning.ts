import { own } from './draft.js';
import type { LoyaltyCommand } from './model.js';
import type { LoyaltyProgram } from './program.js';
import { tierMultiplier } from './tiers.js';
import { isAtOrBefore, isBefore } from './time.js';

type Order = Extract<LoyaltyCommand, { kind: 'order' }>;
type Promotion = LoyaltyProgram['earn']['promotions'][number];

/**
 * Points an order earns: total x pointsPerUnit x tier multiplier x the order's item-weighted multiplier, rounded
 * once at the end. Each item's multiplier is its category's multiplier times every promotion active at the order's
 * time that covers the category; items weigh by price x quantity (an order without items weighs as one item without
 * a category). An order in another currency earns on its total converted at its `rate` (nothing without one: `post`
 * refuses such an order before it gets here).
 */
export function orderPoints(program: LoyaltyProgram, tier: string, order: Order): number {
  const rate = order.currency === program.currency ? 1 : (order.rate ?? 0);
  const total = Math.max(0, order.total) * rate;
  const promotions = program.earn.promotions.filter((p) => isActive(p, order.at));
  const raw = total * program.earn.pointsPerUnit * tierMultiplier(program, tier) * weighted(program, promotions, order);
  // Six decimals first: 100 x 1.1 is 110.00000000000001 in binary floating point, and must not ceil to 111.
  const exact = Math.round(raw * 1e6) / 1e6;
  return Math.max(0, rounding[program.earn.rounding](exact));
}

const rounding: Record<LoyaltyProgram['earn']['rounding'], (x: number) => number> = {
  floor: Math.floor,
  round: Math.round,
  ceil: Math.ceil,
};

const isActive = (p: Promotion, at: string): boolean => isAtOrBefore(p.from, at) && isBefore(at, p.to);

function itemMultiplier(program: LoyaltyProgram, promotions: readonly Promotion[], category: string | undefined) {
  let m = category === undefined ? 1 : (own(program.earn.categoryMultipliers, category) ?? 1);
  for (const p of promotions) {
    if (p.categories === undefined || (category !== undefined && p.categories.includes(category))) m *= p.multiplier;
  }
  return m;
}

function weighted(program: LoyaltyProgram, promotions: readonly Promotion[], order: Order): number {
  let weight = 0;
  let sum = 0;
  for (const item of order.items) {
    const w = Math.max(0, item.price) * Math.max(0, item.quantity);
    weight += w;
    sum += w * itemMultiplier(program, promotions, item.category);
  }
  return weight > 0 ? sum / weight : itemMultiplier(program, promotions, undefined);
}
