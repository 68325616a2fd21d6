import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bgNbdLogLikelihood,
  expectedPurchases,
  fitBgNbd,
  probabilityAlive,
  probabilityOfPurchaseWithin,
} from '../../../shared/intelligence/core/clv/bg-nbd.js';
import {
  expectedSpend,
  fitGammaGamma,
  gammaGammaLogLikelihood,
  populationMeanSpend,
} from '../../../shared/intelligence/core/clv/gamma-gamma.js';
import { fitClvModels, predictCustomer } from '../../../shared/intelligence/core/clv/predict.js';
import { collapseHistories } from '../../../shared/intelligence/core/clv/summary.js';
import { expectRelativelyClose } from './expect-close.js';
import { simulateBgNbd, simulateGammaGamma } from './simulate.js';

describe('the models against histories simulated from them', () => {
  // Drawn from the models' generative stories (./simulate.ts), not their likelihoods; times in weeks, observed for
  // one to two years, CDNOW's parameters as the truth.
  const truth = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
  const spendTruth = { p: 6.25, q: 3.74, v: 15.44 };
  const sample = simulateBgNbd(truth, 4000, { min: 52, max: 104 }, 2026);
  const histories = collapseHistories(sample);
  const spends = simulateGammaGamma(
    spendTruth,
    sample.map((c) => c.x),
    2027,
  );
  // 99.9% quantiles of χ² with 4 and 3 degrees of freedom: the likelihood-ratio bound on a correct fit.
  const chiSquared999 = { 3: 16.27, 4: 18.47 };

  it('BG/NBD recovers the truth: within the likelihood-ratio bound, and r, α and the mean dropout a/(a + b) close', () => {
    const fit = fitBgNbd(histories);
    if (!fit.fitted) throw new Error(fit.reason);
    expect(2 * (fit.logLikelihood - bgNbdLogLikelihood(truth, histories))).toBeLessThan(chiSquared999[4]);
    // a and b lie on a ridge (their ratio is far better determined than either). Over 30 seeds: r at most 7% off,
    // α 13%, a/(a + b) 12%, and the ratio statistic at most 12.9.
    expectRelativelyClose(fit.params.r, truth.r, 0.15);
    expectRelativelyClose(fit.params.alpha, truth.alpha, 0.2);
    const meanDropout = (p: typeof truth): number => p.a / (p.a + p.b);
    expectRelativelyClose(meanDropout(fit.params), meanDropout(truth), 0.2);
  });

  it('Gamma-Gamma recovers the truth: within the likelihood-ratio bound, and the mean spend close', () => {
    const fit = fitGammaGamma(spends);
    if (!fit.fitted) throw new Error(fit.reason);
    const modelled = spends.filter((c) => c.x > 0);
    expect(2 * (fit.logLikelihood - gammaGammaLogLikelihood(spendTruth, modelled))).toBeLessThan(chiSquared999[3]);
    // Over 30 seeds at most 4% off (p, q and v alone vary by up to 45% on ~2,000 customers: a ridge again).
    expectRelativelyClose(populationMeanSpend(fit.params), populationMeanSpend(spendTruth), 0.08);
  });

  it('the BG/NBD likelihood of a large sample is highest at the truth, against any one parameter off by 25% or more', () => {
    const large = collapseHistories(simulateBgNbd(truth, 20_000, { min: 52, max: 104 }, 7));
    const atTruth = bgNbdLogLikelihood(truth, large);
    const names = ['r', 'alpha', 'a', 'b'] as const;
    fc.assert(
      fc.property(
        fc.constantFrom(...names),
        fc.double({ min: Math.log(1.25), max: Math.log(4), noNaN: true }),
        fc.boolean(),
        (name, logFactor, up) => {
          const off = { ...truth, [name]: truth[name] * Math.exp(up ? logFactor : -logFactor) };
          expect(bgNbdLogLikelihood(off, large)).toBeLessThan(atTruth);
        },
      ),
      { seed: 7 },
    );
  });

  const holdout = 52;
  const customers = simulateBgNbd(truth, 20_000, { min: 52, max: 104, holdout }, 11);

  it('expected purchases (eq. 10) add up to what simulated customers then bought, overall and by frequency', () => {
    const compare = (group: typeof customers): number => {
      const predicted = group.reduce((sum, c) => sum + expectedPurchases(truth, c, holdout), 0);
      const bought = group.reduce((sum, c) => sum + c.holdoutPurchases, 0);
      return predicted / bought - 1;
    };
    // Sampling noise is about 1% overall and 2% per group (6 seeds: at most 2% and 3.5%).
    expect(Math.abs(compare(customers))).toBeLessThan(0.05);
    for (const group of [
      customers.filter((c) => c.x === 0),
      customers.filter((c) => c.x >= 1 && c.x <= 3),
      customers.filter((c) => c.x >= 4),
    ]) {
      expect(Math.abs(compare(group))).toBeLessThan(0.08);
    }
  });

  it('the chance of an order within t matches the share of simulated customers who then ordered within t', () => {
    for (const t of [4, 13, 52]) {
      const expected = customers.reduce((sum, c) => sum + probabilityOfPurchaseWithin(truth, c, t), 0);
      const ordered = customers.filter((c) => c.nextPurchaseAfter !== undefined && c.nextPurchaseAfter <= t).length;
      // Over 10 seeds at most 4.2% off at 4 weeks (about 900 such customers) and 2.4% at 13 and 52.
      expectRelativelyClose(expected, ordered, 0.08);
    }
  });

  it('the likelihoods, P(alive) and expected purchases stay finite over a wide range of parameters and histories', () => {
    const positive = (min: number, max: number): fc.Arbitrary<number> => fc.double({ min, max, noNaN: true });
    const params = fc.record({
      r: positive(0.01, 10),
      alpha: positive(0.1, 1000),
      a: positive(0.01, 10),
      b: positive(0.01, 10),
    });
    const history = fc
      .record({ x: fc.integer({ min: 0, max: 60 }), T: positive(0, 520), share: positive(0, 1) })
      .map(({ x, T, share }) => ({ x, T, tx: x > 0 ? share * T : 0 }));
    fc.assert(
      fc.property(params, history, positive(0, 520), (p, h, t) => {
        expect(Number.isFinite(bgNbdLogLikelihood(p, [{ ...h, weight: 1 }]))).toBe(true);
        const alive = probabilityAlive(p, h);
        expect(alive >= 0 && alive <= 1).toBe(true);
        const purchases = expectedPurchases(p, h, t);
        expect(Number.isFinite(purchases) && purchases >= 0).toBe(true);
      }),
      { numRuns: 500 },
    );
    const spend = fc.record({ p: positive(0.01, 50), q: positive(1.01, 50), v: positive(0.01, 1000) });
    const customer = fc.record({ x: fc.integer({ min: 1, max: 60 }), mBar: positive(0.01, 10_000) });
    fc.assert(
      fc.property(spend, customer, (p, c) => {
        expect(Number.isFinite(gammaGammaLogLikelihood(p, [c]))).toBe(true);
        expect(Number.isFinite(expectedSpend(p, c))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

describe('a small shop', () => {
  // 136 customers, 44 of them repeat buyers, from a truth with small a and b: the unpenalised likelihood keeps rising
  // as a and b run off to 0 (a point mass at "leave at once" and "never leave").
  const truth = { r: 0.289, alpha: 9.01, a: 0.37, b: 0.45 };
  const sample = simulateBgNbd(truth, 136, { min: 5, max: 60 }, 41);
  const spends = simulateGammaGamma(
    { p: 6, q: 4, v: 15 },
    sample.map((c) => c.x),
    41,
  );
  const summaries = sample.map((c, i) => ({ ...c, customerId: `c${i}`, mBar: spends[i]?.mBar ?? 0 }));

  it('has no maximum-likelihood fit, and says so rather than reporting a degenerate one', () => {
    const fit = fitBgNbd(collapseHistories(summaries));
    expect(fit).toMatchObject({ fitted: false, cause: 'no stable fit' });
  });

  it('is fitted with the fallback penalty, which the result names, and gets finite predictions', () => {
    const fit = fitClvModels(summaries, 'week');
    if (!fit.fitted) throw new Error(fit.reason);
    expect(fit.penalties.bgNbd).toBe(0.001);
    for (const value of Object.values(fit.models.bgNbd)) expect(Math.abs(Math.log(value))).toBeLessThan(10);
    for (const customer of summaries) {
      const prediction = predictCustomer(fit.models, customer);
      expect(Number.isFinite(prediction.predictedClv) && prediction.predictedClv >= 0).toBe(true);
    }
    expect(fitClvModels(summaries, 'week', { fallbackPenalty: 0 })).toMatchObject({ fitted: false });
  });
});
