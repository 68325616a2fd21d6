// Gamma-Gamma spend model: Fader, Hardie & Lee (2005), "RFM and CLV: Using Iso-Value Curves for Customer Base
// Analysis", JMR 42(4), and Fader & Hardie (2013), "The Gamma-Gamma Model of Monetary Value" (note 025). A customer's
// spend per purchase is gamma(p, ν) around their own mean; ν varies across customers as gamma(q, v).
import { type ModelFit, maximiseLikelihood } from './fit.js';
import { logGamma } from './gamma.js';

export interface GammaGammaParams {
  readonly p: number;
  readonly q: number;
  readonly v: number;
}

/** A customer's repeat purchases: how many (x) and their mean net amount (m̄, Fader & Hardie's z̄). */
export interface SpendHistory {
  readonly x: number;
  readonly mBar: number;
}

export interface GammaGammaFitOptions {
  /** L2 penalty on the log-parameters (λ·Σ(ln θ)², see maximiseLikelihood); 0 (off) by default. */
  readonly penalty?: number;
  /** Fewer customers with a repeat purchase (and positive spend) than this and the model is not fitted. */
  readonly minRepeatCustomers?: number;
}

/** The model only describes customers with repeat purchases of positive mean value (ln m̄ must exist). */
export function isSpendModelled(customer: SpendHistory): boolean {
  return customer.x > 0 && customer.mBar > 0;
}

/** Total log-likelihood of the mean repeat spends (note 025: the density of z̄ given x, after integrating ν out). */
export function gammaGammaLogLikelihood(params: GammaGammaParams, customers: readonly SpendHistory[]): number {
  return preparedLogLikelihood(params, prepareSpends(customers));
}

interface PreparedSpend extends SpendHistory {
  readonly logMBar: number;
}

function prepareSpends(customers: readonly SpendHistory[]): PreparedSpend[] {
  return customers.map(({ x, mBar }) => ({ x, mBar, logMBar: Math.log(mBar) }));
}

// The ln Γ terms depend on x only, computed once per distinct x; ln m̄ once per customer before the search.
function preparedLogLikelihood(params: GammaGammaParams, customers: readonly PreparedSpend[]): number {
  const { p, q, v } = params;
  const shared = q * Math.log(v) - logGamma(q);
  const byX = new Map<number, number>();
  let total = 0;
  for (const { x, mBar, logMBar } of customers) {
    const px = p * x;
    let terms = byX.get(x);
    if (terms === undefined) {
      terms = logGamma(px + q) - logGamma(px) + px * Math.log(x);
      byX.set(x, terms);
    }
    total += shared + terms + (px - 1) * logMBar - (px + q) * Math.log(v + x * mBar);
  }
  return total;
}

/** Maximum-likelihood fit of p, q, v over the customers the model describes; not fitted with too few of them. */
export function fitGammaGamma(
  customers: readonly SpendHistory[],
  options: GammaGammaFitOptions = {},
): ModelFit<GammaGammaParams> {
  const modelled = customers.filter(isSpendModelled);
  const minRepeatCustomers = options.minRepeatCustomers ?? 10;
  if (modelled.length < minRepeatCustomers) {
    return {
      fitted: false,
      cause: 'too little history',
      reason: `${modelled.length} customers bought again; the spend model needs at least ${minRepeatCustomers}`,
    };
  }
  const prepared = prepareSpends(modelled);
  const fit = maximiseLikelihood(
    3,
    ([p = 0, q = 0, v = 0]): GammaGammaParams => ({ p, q, v }),
    (params) => preparedLogLikelihood(params, prepared),
    modelled.length,
    options.penalty,
  );
  if (!fit.fitted) return fit;
  const { params } = fit;
  // With q ≤ 1 the population's mean spend, v·p/(q − 1), does not exist: no prediction for a one-time buyer.
  if (params.q <= 1) {
    return { fitted: false, cause: 'no stable fit', reason: `q = ${params.q.toFixed(3)} ≤ 1: mean spend is unbounded` };
  }
  return fit;
}

/** The population's mean spend per purchase, E[M] = v·p / (q − 1): the prediction for a customer with no repeats. */
export function populationMeanSpend(params: GammaGammaParams): number {
  return (params.v * params.p) / (params.q - 1);
}

/**
 * E[M | x, m̄] (note 025, eq. 5): a weighted mean of the population's mean and the customer's own m̄, trusting m̄
 * more the more purchases it averages: w = p·x / (p·x + q − 1).
 */
export function expectedSpend(params: GammaGammaParams, customer: SpendHistory): number {
  if (!isSpendModelled(customer)) return populationMeanSpend(params);
  const px = params.p * customer.x;
  const w = px / (px + params.q - 1);
  return (1 - w) * populationMeanSpend(params) + w * customer.mBar;
}

/**
 * Pearson correlation of x and m̄ among repeat customers. The model assumes spend is independent of frequency; a
 * value far from 0 (CDNOW's is 0.11) says its predictions are biased for this shop.
 */
export function spendFrequencyCorrelation(customers: readonly SpendHistory[]): number {
  const modelled = customers.filter(isSpendModelled);
  const n = modelled.length;
  if (n < 2) return Number.NaN;
  const meanX = modelled.reduce((s, c) => s + c.x, 0) / n;
  const meanM = modelled.reduce((s, c) => s + c.mBar, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (const { x, mBar } of modelled) {
    sxy += (x - meanX) * (mBar - meanM);
    sxx += (x - meanX) ** 2;
    syy += (mBar - meanM) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}
