import type { BgNbdParams, History } from '../../../shared/intelligence/core/clv/bg-nbd.js';
import type { GammaGammaParams, SpendHistory } from '../../../shared/intelligence/core/clv/gamma-gamma.js';

// Histories drawn from the models' own generative stories (Fader, Hardie & Lee 2005, §2; Fader & Hardie's note 025),
// independent of the likelihoods, so a fit that recovers the truth checks the likelihood, not a copy of it.

/** Mulberry32: a small seeded generator, so a failing draw can be replayed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Gamma(shape, rate) by Marsaglia & Tsang (2000), boosting shapes below 1 with U^(1/shape). */
export function drawGamma(random: () => number, shape: number, rate: number): number {
  if (shape < 1) return drawGamma(random, shape + 1, rate) * (1 - random()) ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const normal = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    const v = (1 + c * normal) ** 3;
    if (v > 0 && Math.log(1 - random()) < 0.5 * normal ** 2 + d - d * v + d * Math.log(v)) return (d * v) / rate;
  }
}

/** A simulated customer's calibration history and the purchases they then made in the holdout period. */
export interface SimulatedCustomer extends History {
  readonly holdoutPurchases: number;
  /** Time from the calibration end to the first holdout purchase; undefined without one. */
  readonly nextPurchaseAfter: number | undefined;
}

/**
 * BG/NBD customers observed for T ∈ [min, max], then for `holdout` more: λ ~ gamma(r, α), p ~ beta(a, b); purchases
 * arrive at rate λ and after each repeat purchase the customer leaves with probability p.
 */
export function simulateBgNbd(
  params: BgNbdParams,
  customers: number,
  observed: { readonly min: number; readonly max: number; readonly holdout?: number },
  seed: number,
): SimulatedCustomer[] {
  const random = seededRandom(seed);
  return Array.from({ length: customers }, () => {
    const T = observed.min + (observed.max - observed.min) * random();
    const lambda = drawGamma(random, params.r, params.alpha);
    const ga = drawGamma(random, params.a, 1);
    const p = ga / (ga + drawGamma(random, params.b, 1));
    const end = T + (observed.holdout ?? 0);
    let x = 0;
    let tx = 0;
    let holdoutPurchases = 0;
    let nextPurchaseAfter: number | undefined;
    for (let t = -Math.log(1 - random()) / lambda; t <= end; t += -Math.log(1 - random()) / lambda) {
      if (t <= T) {
        x += 1;
        tx = t;
      } else {
        holdoutPurchases += 1;
        nextPurchaseAfter ??= t - T;
      }
      if (random() < p) break;
    }
    return { x, tx, T, holdoutPurchases, nextPurchaseAfter };
  });
}

/** Gamma-Gamma spend: ν ~ gamma(q, v) per customer, each purchase's amount gamma(p, ν); m̄ their mean. */
export function simulateGammaGamma(
  params: GammaGammaParams,
  purchaseCounts: readonly number[],
  seed: number,
): SpendHistory[] {
  const random = seededRandom(seed);
  return purchaseCounts.map((x) => {
    const nu = drawGamma(random, params.q, params.v);
    let total = 0;
    for (let i = 0; i < x; i++) total += drawGamma(random, params.p, nu);
    return { x, mBar: x > 0 ? total / x : 0 };
  });
}
