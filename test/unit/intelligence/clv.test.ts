import { describe, expect, it } from 'vitest';
import {
  bgNbdLogLikelihood,
  expectedPurchases,
  fitBgNbd,
  medianTimeToNextPurchase,
  probabilityAlive,
  probabilityOfPurchaseWithin,
} from '../../../shared/intelligence/core/clv/bg-nbd.js';
import { churnRisk, predictedClv, unitsPerMonth } from '../../../shared/intelligence/core/clv/clv.js';
import { ClvInputError } from '../../../shared/intelligence/core/clv/errors.js';
import {
  expectedSpend,
  fitGammaGamma,
  gammaGammaLogLikelihood,
  populationMeanSpend,
  spendFrequencyCorrelation,
} from '../../../shared/intelligence/core/clv/gamma-gamma.js';
import { fitClvModels, predictCustomer } from '../../../shared/intelligence/core/clv/predict.js';
import { collapseHistories, purchaseDay, summarise } from '../../../shared/intelligence/core/clv/summary.js';
import { cdnowOrders, cdnowPublishedSummary } from './cdnow.js';
import { expectRelativelyClose } from './expect-close.js';

// Fader, Hardie & Lee (2005) on the CDNOW sample, weeks, calibration to 1997-09-30. Published to 3 decimals (r: ±0.2%),
// so 0.5% relative is as tight as the reference allows; the log-likelihood is published as "−9582.4".
const reference = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426, logLikelihood: -9582.4 };
const cdnow = summarise(cdnowOrders(), '1997-09-30', 'week');
const cdnowHistories = collapseHistories(cdnow);

describe('customer summary (x, tₓ, T, m̄)', () => {
  it('counts several orders on one day as one purchase, summing their amounts, and excludes the first from m̄', () => {
    const summary = summarise(
      [
        { customerId: 'c1', day: '2026-01-01', netAmount: 10 },
        { customerId: 'c1', day: '2026-01-08', netAmount: 20 },
        { customerId: 'c1', day: '2026-01-08', netAmount: 5 },
        { customerId: 'c1', day: '2026-01-15', netAmount: 35 },
      ],
      '2026-01-29',
      'week',
    );
    expect(summary).toEqual([{ customerId: 'c1', x: 2, tx: 2, T: 4, mBar: 30 }]);
  });

  it('counts orders on the calibration end day, ignores later ones, and leaves out customers who first buy later', () => {
    const summary = summarise(
      [
        { customerId: 'c1', day: '2026-01-01', netAmount: 10 },
        { customerId: 'c1', day: '2026-01-11', netAmount: 20 },
        { customerId: 'c1', day: '2026-01-12', netAmount: 99 },
        { customerId: 'c2', day: '2026-01-12', netAmount: 99 },
        { customerId: 'c3', day: '2026-01-11', netAmount: 7 },
      ],
      '2026-01-11',
      'day',
    );
    expect(summary).toEqual([
      { customerId: 'c1', x: 1, tx: 10, T: 10, mBar: 20 },
      { customerId: 'c3', x: 0, tx: 0, T: 0, mBar: 0 },
    ]);
  });

  it('rejects a day that is not a calendar day', () => {
    expect(() => summarise([{ customerId: 'c1', day: '2026-02-30', netAmount: 1 }], '2026-03-01', 'day')).toThrow(
      ClvInputError,
    );
    expect(() => summarise([], '1/3/2026', 'day')).toThrow(ClvInputError);
  });

  it("takes the purchase day in the shop's time zone", () => {
    const lateEvening = new Date('2026-03-01T23:30:00Z');
    expect(purchaseDay(lateEvening)).toBe('2026-03-01');
    expect(purchaseDay(lateEvening, 'Asia/Dubai')).toBe('2026-03-02');
  });

  it("reproduces Fader & Hardie's CDNOW summary for all 2,357 customers", () => {
    const ours = new Map(cdnow.map((c) => [c.customerId, c]));
    const published = cdnowPublishedSummary();
    expect(cdnow).toHaveLength(2357);
    expect(published).toHaveLength(2357);
    const mismatches = published.filter((p) => {
      const c = ours.get(p.customerId);
      const round = (n: number): number => Math.round(n * 100) / 100;
      return !c || c.x !== p.x || round(c.tx) !== p.tx || round(c.T) !== p.T || Math.abs(c.mBar - p.zbar) > 0.006;
    });
    expect(mismatches).toEqual([]);
    expect(cdnow.filter((c) => c.x > 0)).toHaveLength(946);
  });

  it('collapses identical histories into weights that add up to the customers', () => {
    expect(cdnowHistories.length).toBeLessThan(cdnow.length / 2);
    expect(cdnowHistories.reduce((sum, h) => sum + h.weight, 0)).toBe(2357);
    expect(new Set(cdnowHistories.map((h) => `${h.x}|${h.tx}|${h.T}`)).size).toBe(cdnowHistories.length);
  });
});

describe('BG/NBD', () => {
  const fit = fitBgNbd(cdnowHistories);
  if (!fit.fitted) throw new Error(`CDNOW not fitted: ${fit.reason}`);
  const { params } = fit;
  const customer1 = { x: 2, tx: 30.43, T: 38.86 };

  it('reproduces the CDNOW fit: r = 0.243, α = 4.414, a = 0.793, b = 2.426, log-likelihood −9582.4', () => {
    expectRelativelyClose(params.r, reference.r, 0.005);
    expectRelativelyClose(params.alpha, reference.alpha, 0.005);
    expectRelativelyClose(params.a, reference.a, 0.005);
    expectRelativelyClose(params.b, reference.b, 0.005);
    expect(Math.abs(fit.logLikelihood - reference.logLikelihood)).toBeLessThan(0.1);
    expect(fit.customers).toBe(2357);
  });

  it('finds a likelihood at least as high as at the published (rounded) parameters', () => {
    expect(fit.logLikelihood).toBeGreaterThanOrEqual(bgNbdLogLikelihood(reference, cdnowHistories) - 1e-6);
  });

  it('weights give the same likelihood as one row per customer', () => {
    const perCustomer = cdnow.map(({ x, tx, T }) => ({ x, tx, T, weight: 1 }));
    expect(bgNbdLogLikelihood(params, perCustomer)).toBeCloseTo(fit.logLikelihood, 6);
  });

  it('says it is not fitted below the minimum of history', () => {
    const few = fitBgNbd(cdnowHistories.slice(0, 20).map((h) => ({ ...h, weight: 1 })));
    expect(few).toEqual({
      fitted: false,
      cause: 'too little history',
      reason: '20 customers; the model needs at least 50',
    });
    const noRepeats = fitBgNbd([{ x: 0, tx: 0, T: 30, weight: 500 }]);
    expect(noRepeats.fitted).toBe(false);
  });

  it('a penalty shrinks the parameters towards 1 on a log scale, at some cost in likelihood', () => {
    const penalised = fitBgNbd(cdnowHistories, { penalty: 0.01 });
    if (!penalised.fitted) throw new Error(penalised.reason);
    const size = (p: typeof params): number => [p.r, p.alpha, p.a, p.b].reduce((s, v) => s + Math.log(v) ** 2, 0);
    expect(size(penalised.params)).toBeLessThan(size(params));
    expect(penalised.logLikelihood).toBeLessThan(fit.logLikelihood);
  });

  it('P(alive) is 1 without a repeat purchase, in (0, 1) with one, and falls the longer the silence', () => {
    expect(probabilityAlive(params, { x: 0, tx: 0, T: 38 })).toBe(1);
    const recent = probabilityAlive(params, { x: 2, tx: 30, T: 31 });
    const silent = probabilityAlive(params, { x: 2, tx: 30, T: 60 });
    expect(recent).toBeGreaterThan(silent);
    expect(silent).toBeGreaterThan(0);
    expect(recent).toBeLessThan(1);
    expect(probabilityAlive(params, { x: 2, tx: 38, T: 38 })).toBeGreaterThan(recent);
  });

  it('expected purchases start at 0 and grow with the horizon', () => {
    expect(expectedPurchases(params, customer1, 0)).toBe(0);
    for (const history of [customer1, { x: 0, tx: 0, T: 38.86 }, { x: 20, tx: 38, T: 38.86 }]) {
      const horizons = [1, 4, 13, 39, 52, 104, 520];
      const expected = horizons.map((t) => expectedPurchases(params, history, t));
      for (let i = 1; i < expected.length; i++) expect(expected[i]).toBeGreaterThan(expected[i - 1] ?? 0);
    }
    expect(() => expectedPurchases(params, customer1, -1)).toThrow(ClvInputError);
  });

  it('expected purchases are continuous across the removable singularities a = 1 and (x = 0) a + b = 1', () => {
    const history = { x: 2, tx: 30, T: 38 };
    const at = (a: number, b = params.b, h = history): number => expectedPurchases({ ...params, a, b }, h, 52);
    expectRelativelyClose(at(1), (at(1 - 1e-5) + at(1 + 1e-5)) / 2, 1e-6);
    expect(at(1 - 1e-5)).toBeGreaterThan(at(1));
    const newcomer = { x: 0, tx: 0, T: 38 };
    expectRelativelyClose(
      at(0.7, 0.3, newcomer),
      (at(0.7, 0.3 - 1e-5, newcomer) + at(0.7, 0.3 + 1e-5, newcomer)) / 2,
      1e-6,
    );
  });

  it("expected purchases begin at the rate of a live customer's posterior mean, P(alive)·(r + x)/(α + T)", () => {
    for (const history of [customer1, { x: 0, tx: 0, T: 20 }, { x: 7, tx: 25, T: 38 }]) {
      const t = 1e-4;
      const rate = (probabilityAlive(params, history) * (params.r + history.x)) / (params.alpha + history.T);
      expectRelativelyClose(expectedPurchases(params, history, t) / t, rate, 1e-3);
    }
  });
});

describe('Gamma-Gamma spend', () => {
  // Fader & Hardie's note 025 on the CDNOW sample: m̄ the mean of the repeat purchase days in the calibration period.
  const fit = fitGammaGamma(cdnow);
  if (!fit.fitted) throw new Error(`CDNOW spend not fitted: ${fit.reason}`);
  const { params } = fit;

  it('reproduces the CDNOW fit on the 946 repeat customers: p = 6.25, q = 3.74, v = 15.44', () => {
    expect(fit.customers).toBe(946);
    // Published to 2 decimals (q: ±0.13%).
    expectRelativelyClose(params.p, 6.25, 0.005);
    expectRelativelyClose(params.q, 3.74, 0.005);
    expectRelativelyClose(params.v, 15.44, 0.005);
    expect(fit.logLikelihood).toBeGreaterThanOrEqual(
      gammaGammaLogLikelihood(
        { p: 6.25, q: 3.74, v: 15.44 },
        cdnow.filter((c) => c.x > 0),
      ) - 1e-6,
    );
  });

  it('finds spend and frequency nearly independent on CDNOW (correlation 0.11), as the model assumes', () => {
    expect(spendFrequencyCorrelation(cdnow)).toBeCloseTo(0.11, 2);
  });

  it("E[M] lies between the population's mean and the customer's own m̄, nearer m̄ the more purchases", () => {
    const mean = populationMeanSpend(params);
    for (const mBar of [5, 30, 300]) {
      const few = expectedSpend(params, { x: 1, mBar });
      const many = expectedSpend(params, { x: 20, mBar });
      expect(few).toBeGreaterThanOrEqual(Math.min(mean, mBar));
      expect(few).toBeLessThanOrEqual(Math.max(mean, mBar));
      expect(Math.abs(many - mBar)).toBeLessThan(Math.abs(few - mBar));
    }
    for (const customer of cdnow.filter((c) => c.x > 0)) {
      const spend = expectedSpend(params, customer);
      expect(spend).toBeGreaterThanOrEqual(Math.min(mean, customer.mBar) - 1e-9);
      expect(spend).toBeLessThanOrEqual(Math.max(mean, customer.mBar) + 1e-9);
    }
  });

  it('predicts the population mean for a customer with no repeat purchase', () => {
    expect(expectedSpend(params, { x: 0, mBar: 0 })).toBe(populationMeanSpend(params));
    expect(populationMeanSpend(params)).toBeCloseTo((params.v * params.p) / (params.q - 1), 12);
  });

  it('says it is not fitted with too few repeat customers', () => {
    const few = fitGammaGamma(cdnow.filter((c) => c.x > 0).slice(0, 5));
    expect(few).toEqual({
      fitted: false,
      cause: 'too little history',
      reason: '5 customers bought again; the spend model needs at least 10',
    });
  });
});

describe('CLV and churn risk', () => {
  const bgNbd = fitBgNbd(cdnowHistories);
  const gammaGamma = fitGammaGamma(cdnow);
  if (!bgNbd.fitted || !gammaGamma.fitted) throw new Error('CDNOW not fitted');
  const models = { bgNbd: bgNbd.params, gammaGamma: gammaGamma.params, unit: 'week' as const };
  const loyal = { x: 10, tx: 38, T: 38.86, mBar: 40 };

  it('without discounting is expected spend times the purchases expected over the horizon', () => {
    const undiscounted = predictedClv(models, loyal, { months: 12, monthlyDiscountRate: 0 });
    const purchases = expectedPurchases(models.bgNbd, loyal, 12 * unitsPerMonth.week);
    expect(undiscounted).toBeCloseTo(expectedSpend(models.gammaGamma, loyal) * purchases, 9);
  });

  it('discounting lowers it, a longer horizon raises it, and no horizon is worth nothing', () => {
    const base = predictedClv(models, loyal);
    expect(base).toBeLessThan(predictedClv(models, loyal, { monthlyDiscountRate: 0 }));
    expect(base).toBeGreaterThan(predictedClv(models, loyal, { monthlyDiscountRate: 0.05 }));
    expect(predictedClv(models, loyal, { months: 24 })).toBeGreaterThan(base);
    expect(predictedClv(models, loyal, { months: 0 })).toBe(0);
  });

  it('values a lapsed customer below an active one with the same history, and a one-time buyer above zero', () => {
    const lapsed = { ...loyal, tx: 5 };
    expect(predictedClv(models, lapsed)).toBeLessThan(predictedClv(models, loyal));
    expect(predictedClv(models, { x: 0, tx: 0, T: 38.86, mBar: 0 })).toBeGreaterThan(0);
  });

  it('gives the same value in days as in weeks for the same history', () => {
    const inDays = {
      ...models,
      unit: 'day' as const,
      bgNbd: { ...models.bgNbd, alpha: models.bgNbd.alpha * 7 },
    };
    const days = { ...loyal, tx: loyal.tx * 7, T: loyal.T * 7 };
    expectRelativelyClose(predictedClv(inDays, days), predictedClv(models, loyal), 1e-9);
  });

  it('rejects a horizon that is not whole months, or a discount rate of −100% or less', () => {
    expect(() => predictedClv(models, loyal, { months: 1.5 })).toThrow(ClvInputError);
    expect(() => predictedClv(models, loyal, { monthlyDiscountRate: -1 })).toThrow(ClvInputError);
  });

  it('churn risk is 1 − P(alive): none without a repeat purchase, more the longer the silence', () => {
    expect(churnRisk(models.bgNbd, { x: 0, tx: 0, T: 38 })).toBe(0);
    const recent = churnRisk(models.bgNbd, { x: 3, tx: 35, T: 38 });
    expect(recent).toBeCloseTo(1 - probabilityAlive(models.bgNbd, { x: 3, tx: 35, T: 38 }), 15);
    expect(churnRisk(models.bgNbd, { x: 3, tx: 5, T: 38 })).toBeGreaterThan(recent);
  });
});

describe('next order', () => {
  const params = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
  const history = { x: 2, tx: 30.43, T: 38.86 };

  it('the chance of an order within t starts at 0, grows with t and never exceeds P(alive)', () => {
    expect(probabilityOfPurchaseWithin(params, history, 0)).toBe(0);
    const chances = [1, 4, 13, 52, 520, 1e6].map((t) => probabilityOfPurchaseWithin(params, history, t));
    for (let i = 1; i < chances.length; i++) expect(chances[i]).toBeGreaterThan(chances[i - 1] ?? 0);
    expect(chances.at(-1)).toBeLessThanOrEqual(probabilityAlive(params, history));
    expect(chances.at(-1)).toBeCloseTo(probabilityAlive(params, history), 2);
  });

  it('the median time to the next order of a live customer is where half of them have ordered', () => {
    for (const h of [history, { x: 0, tx: 0, T: 20 }, { x: 12, tx: 38, T: 39 }]) {
      const median = medianTimeToNextPurchase(params, h);
      expect(probabilityOfPurchaseWithin(params, h, median) / probabilityAlive(params, h)).toBeCloseTo(0.5, 12);
    }
    // More purchases, sooner; the same purchases over a longer time, later.
    expect(medianTimeToNextPurchase(params, { x: 12, tx: 38, T: 39 })).toBeLessThan(
      medianTimeToNextPurchase(params, history),
    );
    expect(medianTimeToNextPurchase(params, { ...history, T: 80 })).toBeGreaterThan(
      medianTimeToNextPurchase(params, history),
    );
  });
});

describe('fitting and predicting for a shop', () => {
  it('fits both models on CDNOW and predicts each customer', () => {
    const fit = fitClvModels(cdnow, 'week');
    if (!fit.fitted) throw new Error(fit.reason);
    expectRelativelyClose(fit.models.bgNbd.r, reference.r, 0.005);
    expectRelativelyClose(fit.models.gammaGamma.q, 3.74, 0.005);
    expect(fit.spendFrequencyCorrelation).toBeCloseTo(0.11, 2);
    const customer = cdnow.find((c) => c.customerId === '1');
    if (!customer) throw new Error('CDNOW customer 1 missing');
    const prediction = predictCustomer(fit.models, customer, { months: 9 });
    expect(prediction.customerId).toBe('1');
    expect(prediction.churnRisk).toBeCloseTo(1 - prediction.probabilityAlive, 15);
    expect(prediction.expectedPurchases).toBeCloseTo(
      expectedPurchases(fit.models.bgNbd, customer, 9 * unitsPerMonth.week),
      12,
    );
    expect(prediction.expectedSpend).toBeCloseTo(expectedSpend(fit.models.gammaGamma, customer), 12);
    expect(prediction.predictedClv).toBeCloseTo(predictedClv(fit.models, customer, { months: 9 }), 12);
    expect(prediction.nextPurchaseMedian).toBeCloseTo(medianTimeToNextPurchase(fit.models.bgNbd, customer), 12);
  });

  it('says which model is not fitted, and why, for a shop with too little history', () => {
    const young = cdnow.filter((c) => c.x === 0).slice(0, 100);
    expect(fitClvModels(young, 'week')).toEqual({
      fitted: false,
      cause: 'too little history',
      reason: 'purchases (BG/NBD): 0 customers bought again; the model needs at least 10',
    });
  });
});
