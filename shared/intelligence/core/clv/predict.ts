// One place that fits both models on a shop's summaries and turns them into what a profile shows: chance the customer
// is still active, churn risk, purchases and spend expected, predicted CLV and when the next order is likely.
import {
  type BgNbdFitOptions,
  type BgNbdParams,
  expectedPurchases,
  fitBgNbd,
  medianTimeToNextPurchase,
  probabilityAlive,
} from './bg-nbd.js';
import { type ClvModels, type ClvOptions, predictedClv, unitsPerMonth } from './clv.js';
import type { ModelFit, NotFittedCause } from './fit.js';
import {
  expectedSpend,
  fitGammaGamma,
  type GammaGammaFitOptions,
  type GammaGammaParams,
  spendFrequencyCorrelation,
} from './gamma-gamma.js';
import { type CustomerSummary, collapseHistories, type TimeUnit } from './summary.js';

export interface ClvFitOptions {
  readonly bgNbd?: BgNbdFitOptions;
  readonly gammaGamma?: GammaGammaFitOptions;
  /**
   * The L2 penalty a model is refitted with when its likelihood has no usable maximum (small or very regular shops);
   * 0.001 by default, 0 to report such a shop as not fitted instead.
   */
  readonly fallbackPenalty?: number;
}

export type ClvModelsFit =
  | {
      readonly fitted: true;
      readonly models: ClvModels;
      readonly bgNbd: Extract<ModelFit<BgNbdParams>, { fitted: true }>;
      readonly gammaGamma: Extract<ModelFit<GammaGammaParams>, { fitted: true }>;
      /** Near 0 is what Gamma-Gamma assumes; far from it, spend predictions are biased for this shop. */
      readonly spendFrequencyCorrelation: number;
      /** The L2 penalty each model was fitted with: 0 unless it needed the fallback. */
      readonly penalties: { readonly bgNbd: number; readonly gammaGamma: number };
    }
  | { readonly fitted: false; readonly cause: NotFittedCause; readonly reason: string };

/**
 * Fits BG/NBD on every customer and Gamma-Gamma on the repeat ones, each unpenalised (maximum likelihood) unless its
 * likelihood has no usable maximum, then with the fallback penalty; not fitted when either still cannot be.
 */
export function fitClvModels(
  summaries: readonly CustomerSummary[],
  unit: TimeUnit,
  options: ClvFitOptions = {},
): ClvModelsFit {
  const fallbackPenalty = options.fallbackPenalty ?? 0.001;
  const histories = collapseHistories(summaries);
  const bgNbd = withFallback(options.bgNbd?.penalty ?? 0, fallbackPenalty, (penalty) =>
    fitBgNbd(histories, { ...options.bgNbd, penalty }),
  );
  if (!bgNbd.fit.fitted) return { ...bgNbd.fit, reason: `purchases (BG/NBD): ${bgNbd.fit.reason}` };
  const gammaGamma = withFallback(options.gammaGamma?.penalty ?? 0, fallbackPenalty, (penalty) =>
    fitGammaGamma(summaries, { ...options.gammaGamma, penalty }),
  );
  if (!gammaGamma.fit.fitted) return { ...gammaGamma.fit, reason: `spend (Gamma-Gamma): ${gammaGamma.fit.reason}` };
  return {
    fitted: true,
    models: { bgNbd: bgNbd.fit.params, gammaGamma: gammaGamma.fit.params, unit },
    bgNbd: bgNbd.fit,
    gammaGamma: gammaGamma.fit,
    spendFrequencyCorrelation: spendFrequencyCorrelation(summaries),
    penalties: { bgNbd: bgNbd.penalty, gammaGamma: gammaGamma.penalty },
  };
}

function withFallback<Params>(
  penalty: number,
  fallbackPenalty: number,
  fitWith: (penalty: number) => ModelFit<Params>,
): { fit: ModelFit<Params>; penalty: number } {
  const first = fitWith(penalty);
  if (first.fitted || first.cause !== 'no stable fit' || fallbackPenalty <= penalty) return { fit: first, penalty };
  return { fit: fitWith(fallbackPenalty), penalty: fallbackPenalty };
}

export interface CustomerPrediction {
  readonly customerId: string;
  readonly probabilityAlive: number;
  /** 1 − P(alive). */
  readonly churnRisk: number;
  /** Purchases expected over the horizon. */
  readonly expectedPurchases: number;
  /** Expected net amount of one purchase. */
  readonly expectedSpend: number;
  /** Discounted value over the horizon. */
  readonly predictedClv: number;
  /** Median time from the calibration end to the next order if still active, in the models' time unit. */
  readonly nextPurchaseMedian: number;
}

/** Predictions for one customer over `months` (12 by default), discounted at `monthlyDiscountRate`. */
export function predictCustomer(
  models: ClvModels,
  customer: CustomerSummary,
  options: ClvOptions = {},
): CustomerPrediction {
  const alive = probabilityAlive(models.bgNbd, customer);
  return {
    customerId: customer.customerId,
    probabilityAlive: alive,
    churnRisk: 1 - alive,
    expectedPurchases: expectedPurchases(models.bgNbd, customer, (options.months ?? 12) * unitsPerMonth[models.unit]),
    expectedSpend: expectedSpend(models.gammaGamma, customer),
    predictedClv: predictedClv(models, customer, options),
    nextPurchaseMedian: medianTimeToNextPurchase(models.bgNbd, customer),
  };
}
