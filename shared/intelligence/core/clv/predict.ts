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
import type { ModelFit } from './fit.js';
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
}

export type ClvModelsFit =
  | {
      readonly fitted: true;
      readonly models: ClvModels;
      readonly bgNbd: Extract<ModelFit<BgNbdParams>, { fitted: true }>;
      readonly gammaGamma: Extract<ModelFit<GammaGammaParams>, { fitted: true }>;
      /** Near 0 is what Gamma-Gamma assumes; far from it, spend predictions are biased for this shop. */
      readonly spendFrequencyCorrelation: number;
    }
  | { readonly fitted: false; readonly reason: string };

/** Fits BG/NBD on every customer and Gamma-Gamma on the repeat ones; not fitted when either cannot be. */
export function fitClvModels(
  summaries: readonly CustomerSummary[],
  unit: TimeUnit,
  options: ClvFitOptions = {},
): ClvModelsFit {
  const bgNbd = fitBgNbd(collapseHistories(summaries), options.bgNbd);
  if (!bgNbd.fitted) return { fitted: false, reason: `purchases (BG/NBD): ${bgNbd.reason}` };
  const gammaGamma = fitGammaGamma(summaries, options.gammaGamma);
  if (!gammaGamma.fitted) return { fitted: false, reason: `spend (Gamma-Gamma): ${gammaGamma.reason}` };
  return {
    fitted: true,
    models: { bgNbd: bgNbd.params, gammaGamma: gammaGamma.params, unit },
    bgNbd,
    gammaGamma,
    spendFrequencyCorrelation: spendFrequencyCorrelation(summaries),
  };
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
