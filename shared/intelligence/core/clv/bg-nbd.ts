// BG/NBD: Fader, Hardie & Lee (2005), "'Counting Your Customers' the Easy Way: An Alternative to the Pareto/NBD
// Model", Marketing Science 24(2). Purchases while alive are Poisson with a gamma(r, α) rate; after each purchase a
// customer drops out with a beta(a, b) probability.
import { ClvInputError } from './errors.js';
import { type ModelFit, maximiseLikelihood } from './fit.js';
import { logGamma } from './gamma.js';
import { hypergeometric2F1 } from './hypergeometric.js';
import type { WeightedHistory } from './summary.js';

export interface BgNbdParams {
  readonly r: number;
  readonly alpha: number;
  readonly a: number;
  readonly b: number;
}

/** A customer's history in the calibration period: x repeat purchases, the last at tₓ, observed for T. */
export interface History {
  readonly x: number;
  readonly tx: number;
  readonly T: number;
}

export interface BgNbdFitOptions {
  /** L2 penalty on the log-parameters (λ·Σ(ln θ)², see maximiseLikelihood); 0 (off) by default. */
  readonly penalty?: number;
  /** Fewer customers than this and the model is not fitted. */
  readonly minCustomers?: number;
  /** Fewer customers with a repeat purchase than this and the model is not fitted: dropout is then unidentified. */
  readonly minRepeatCustomers?: number;
}

/** Total log-likelihood of the weighted histories (eq. 6, in the log form of Fader & Hardie's Excel note 004). */
export function bgNbdLogLikelihood(params: BgNbdParams, histories: readonly WeightedHistory[]): number {
  return indexedLogLikelihood(params, indexHistories(histories));
}

/** Histories with their times replaced by indexes into the distinct times, so an evaluation logs each time once. */
interface IndexedHistories {
  readonly rows: readonly { readonly x: number; readonly T: number; readonly tx: number; readonly weight: number }[];
  readonly times: readonly number[];
}

function indexHistories(histories: readonly WeightedHistory[]): IndexedHistories {
  const indexes = new Map<number, number>();
  const times: number[] = [];
  const indexOf = (time: number): number => {
    let index = indexes.get(time);
    if (index === undefined) {
      index = times.push(time) - 1;
      indexes.set(time, index);
    }
    return index;
  };
  const rows = histories.map(({ x, tx, T, weight }) => ({ x, T: indexOf(T), tx: indexOf(tx), weight }));
  return { rows, times };
}

// A shop's histories share few distinct x and (in whole days or weeks) few distinct times, so the ln Γ terms are
// computed once per x and ln(α + t) once per time: each customer then costs about two exps and a log.
function indexedLogLikelihood(params: BgNbdParams, { rows, times }: IndexedHistories): number {
  const { r, alpha, a, b } = params;
  const shared = r * Math.log(alpha) - logGamma(r) + logGamma(a + b) - logGamma(b);
  const logAlphaPlus = times.map((time) => Math.log(alpha + time));
  const byX = new Map<number, { gammas: number; logDropout: number }>();
  let total = 0;
  for (const { x, T, tx, weight } of rows) {
    let terms = byX.get(x);
    if (terms === undefined) {
      terms = {
        gammas: logGamma(r + x) + logGamma(b + x) - logGamma(a + b + x),
        logDropout: x > 0 ? Math.log(a) - Math.log(b + x - 1) : Number.NEGATIVE_INFINITY,
      };
      byX.set(x, terms);
    }
    const a3 = -(r + x) * (logAlphaPlus[T] ?? Number.NaN);
    const a4 = x > 0 ? terms.logDropout - (r + x) * (logAlphaPlus[tx] ?? Number.NaN) : Number.NEGATIVE_INFINITY;
    total += weight * (shared + terms.gammas + logSumExp(a3, a4));
  }
  return total;
}

/** Maximum-likelihood fit of r, α, a, b; not fitted below a minimum of history. */
export function fitBgNbd(histories: readonly WeightedHistory[], options: BgNbdFitOptions = {}): ModelFit<BgNbdParams> {
  const customers = histories.reduce((sum, h) => sum + h.weight, 0);
  const repeatCustomers = histories.reduce((sum, h) => sum + (h.x > 0 ? h.weight : 0), 0);
  const minCustomers = options.minCustomers ?? 50;
  const minRepeatCustomers = options.minRepeatCustomers ?? 10;
  if (customers < minCustomers) {
    return {
      fitted: false,
      cause: 'too little history',
      reason: `${customers} customers; the model needs at least ${minCustomers}`,
    };
  }
  if (repeatCustomers < minRepeatCustomers) {
    return {
      fitted: false,
      cause: 'too little history',
      reason: `${repeatCustomers} customers bought again; the model needs at least ${minRepeatCustomers}`,
    };
  }
  const indexed = indexHistories(histories);
  return maximiseLikelihood(
    4,
    ([r = 0, alpha = 0, a = 0, b = 0]): BgNbdParams => ({ r, alpha, a, b }),
    (params) => indexedLogLikelihood(params, indexed),
    customers,
    options.penalty,
  );
}

/**
 * P(alive | x, tₓ, T) (Fader, Hardie & Lee 2008, "Computing P(alive) Using the BG/NBD Model", note 021): 1 for a
 * customer who never bought again, since BG/NBD customers only drop out right after a repeat purchase.
 */
export function probabilityAlive(params: BgNbdParams, history: History): number {
  const { r, alpha, a, b } = params;
  const { x, tx, T } = history;
  if (x === 0) return 1;
  const logOdds = Math.log(a) - Math.log(b + x - 1) + (r + x) * (Math.log(alpha + T) - Math.log(alpha + tx));
  return 1 / (1 + Math.exp(logOdds));
}

/** E[Y(t) | x, tₓ, T] (eq. 10): purchases expected in the next t, in the summary's time unit. */
export function expectedPurchases(params: BgNbdParams, history: History, t: number): number {
  if (!(t >= 0)) throw new ClvInputError(`the horizon must be ≥ 0, got ${t}`);
  if (t === 0) return 0;
  const { a, b } = params;
  const whileAlive = (shifted: Partial<BgNbdParams>): number =>
    purchasesWhileAlive({ ...params, ...shifted }, history, t);
  // Eq. 10 divides by a − 1 and (for x = 0) ₂F₁'s c is a + b − 1: both singularities are removable, so evaluate on
  // either side of one and take the mean (its error is of order step², far below the series' own).
  const step = 1e-7;
  let purchases: number;
  if (Math.abs(a - 1) < step) purchases = mean(whileAlive({ a: 1 - step }), whileAlive({ a: 1 + step }));
  else if (history.x === 0 && Math.abs(a + b - 1) < step) {
    purchases = mean(whileAlive({ b: 1 - a - step }), whileAlive({ b: 1 - a + step }));
  } else purchases = whileAlive({});
  // Eq. 10's denominator is 1 / P(alive). For a horizon of a split second 1 − (…) can round just below 0.
  return Math.max(0, purchases * probabilityAlive(params, history));
}

/** Eq. 10's numerator: purchases expected in the next t of a customer known to be alive now. */
function purchasesWhileAlive(params: BgNbdParams, history: History, t: number): number {
  const { r, alpha, a, b } = params;
  const { x, T } = history;
  const z = t / (alpha + T + t);
  // Eq. 10 has (1 − z)^(r+x) · ₂F₁(r + x, b + x; a + b + x − 1; z). Euler's transformation
  // ₂F₁(A, B; C; z) = (1 − z)^(C−A−B) ₂F₁(C − A, C − B; C; z) turns it into the form below, whose series converges
  // fast even for z near 1 (a long horizon for a new customer) and never overflows for large x.
  const stillHere = Math.exp((a - 1) * Math.log1p(-z)) * hypergeometric2F1(a + b - 1 - r, a - 1, a + b + x - 1, z);
  return ((a + b + x - 1) / (a - 1)) * (1 - stillHere);
}

/**
 * P(at least one purchase in the next t | x, tₓ, T): alive (note 021) and, alive, a purchase before t. Alive, the
 * customer's rate is gamma(r + x, α + T) a posteriori, so no purchase in t has probability ((α + T)/(α + T + t))^(r+x).
 */
export function probabilityOfPurchaseWithin(params: BgNbdParams, history: History, t: number): number {
  if (!(t >= 0)) throw new ClvInputError(`the horizon must be ≥ 0, got ${t}`);
  const { r, alpha } = params;
  const none = Math.exp((r + history.x) * Math.log1p(-t / (alpha + history.T + t)));
  return probabilityAlive(params, history) * (1 - none);
}

/**
 * Median time from the calibration end to the next purchase of a customer who is still alive: where
 * ((α + T)/(α + T + t))^(r+x) = ½. The mean does not exist when r + x ≤ 1, the median always does; a customer who
 * has left never buys again, so read it together with P(alive).
 */
export function medianTimeToNextPurchase(params: BgNbdParams, history: History): number {
  const { r, alpha } = params;
  return (alpha + history.T) * Math.expm1(Math.LN2 / (r + history.x));
}

function mean(u: number, v: number): number {
  return (u + v) / 2;
}

function logSumExp(u: number, v: number): number {
  const high = Math.max(u, v);
  if (high === Number.NEGATIVE_INFINITY) return high;
  return high + Math.log(Math.exp(u - high) + Math.exp(v - high));
}
