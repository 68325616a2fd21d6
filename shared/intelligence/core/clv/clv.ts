// Predicted customer lifetime value from BG/NBD purchases and Gamma-Gamma spend, discounted month by month
// (Fader, Hardie & Lee 2005, "RFM and CLV", JMR 42(4); the monthly sum is ANALYTICS.md's "Lifetime value and churn").
import { type BgNbdParams, expectedPurchases, type History, probabilityAlive } from './bg-nbd.js';
import { ClvInputError } from './errors.js';
import { expectedSpend, type GammaGammaParams, type SpendHistory } from './gamma-gamma.js';
import type { TimeUnit } from './summary.js';

/** A month in the summaries' time unit: 4.345 weeks, the factor ANALYTICS.md gives, so 30.415 days. */
export const unitsPerMonth: Record<TimeUnit, number> = { week: 4.345, day: 4.345 * 7 };

export interface ClvModels {
  readonly bgNbd: BgNbdParams;
  readonly gammaGamma: GammaGammaParams;
  /** The time unit the BG/NBD model was fitted in. */
  readonly unit: TimeUnit;
}

export interface ClvOptions {
  /** Horizon H in months; 12 by default. */
  readonly months?: number;
  /** Monthly discount rate d; 0.01 by default (about 12.7% a year). */
  readonly monthlyDiscountRate?: number;
}

/**
 * CLV over H months: Σᵢ E[M] · (E[Y(i·f)] − E[Y((i−1)·f)]) / (1 + d)^i, each month's expected purchases valued at
 * the expected spend per purchase and discounted to today. Margin instead of revenue: scale the result.
 */
export function predictedClv(models: ClvModels, customer: History & SpendHistory, options: ClvOptions = {}): number {
  const months = options.months ?? 12;
  const discount = options.monthlyDiscountRate ?? 0.01;
  if (!(Number.isInteger(months) && months >= 0)) {
    throw new ClvInputError(`months must be a whole number ≥ 0: ${months}`);
  }
  if (!(discount > -1)) throw new ClvInputError(`the monthly discount rate must be > −1: ${discount}`);
  const spend = expectedSpend(models.gammaGamma, customer);
  const month = unitsPerMonth[models.unit];
  let value = 0;
  let purchasesSoFar = 0;
  for (let i = 1; i <= months; i++) {
    const purchases = expectedPurchases(models.bgNbd, customer, i * month);
    value += (spend * (purchases - purchasesSoFar)) / (1 + discount) ** i;
    purchasesSoFar = purchases;
  }
  return value;
}

/** Churn risk: the probability the customer has already dropped out, 1 − P(alive). */
export function churnRisk(params: BgNbdParams, history: History): number {
  return 1 - probabilityAlive(params, history);
}
