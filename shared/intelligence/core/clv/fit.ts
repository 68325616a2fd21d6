import { nelderMead } from './nelder-mead.js';

/**
 * The outcome of fitting a model: its parameters, or why it was not fitted. Too little history is an expected
 * outcome for a young shop, so it is a value the caller shows ("not enough history yet"), not an exception.
 */
export type ModelFit<Params> =
  | {
      readonly fitted: true;
      readonly params: Params;
      /** Total log-likelihood of the data at `params` (without any penalty). */
      readonly logLikelihood: number;
      /** Customers the fit used. */
      readonly customers: number;
      readonly iterations: number;
    }
  | { readonly fitted: false; readonly cause: NotFittedCause; readonly reason: string };

/**
 * Why a model is not fitted: too few customers to fit at all, or data the likelihood has no usable maximum for
 * (it keeps rising as a parameter runs off to 0 or ∞, typical of small or very regular shops), which a small L2
 * penalty turns into a usable fit.
 */
export type NotFittedCause = 'too little history' | 'no stable fit';

// A parameter beyond e^±10 (about 2·10⁴ or 5·10⁻⁵) in any unit a shop uses is running off to a degenerate model;
// beyond e^±20 a wall stops the search before the likelihood's terms overflow.
const plausibleLogBound = 10;
const logBound = 20;

/**
 * Maximum likelihood over `dimensions` positive parameters, by Nelder–Mead on their logarithms (which keeps them
 * positive without constraints), starting from all at 1. It minimises the mean negative log-likelihood per customer,
 * so the optimiser's tolerances and the `penalty` mean the same for small and large shops. The penalty, λ·Σ(ln θ)²
 * (0 for none), shrinks each parameter towards 1 on a log scale: unlike λ·Σθ² it also stops a parameter running off
 * to 0, the usual way a small shop's likelihood degenerates (a, b → 0: everyone either leaves at once or never).
 */
export function maximiseLikelihood<Params>(
  dimensions: number,
  toParams: (values: readonly number[]) => Params,
  logLikelihood: (params: Params) => number,
  customers: number,
  penalty = 0,
): ModelFit<Params> {
  const objective = (logs: readonly number[]): number => {
    // NaN is a wall: Nelder–Mead steps back.
    if (logs.some((log) => Math.abs(log) > logBound)) return Number.NaN;
    const size = logs.reduce((sum, log) => sum + log * log, 0);
    return -logLikelihood(toParams(logs.map(Math.exp))) / customers + penalty * size;
  };
  const result = nelderMead(objective, new Array<number>(dimensions).fill(0));
  if (result.point.some((log) => Math.abs(log) > plausibleLogBound)) {
    return {
      fitted: false,
      cause: 'no stable fit',
      reason: 'the likelihood keeps rising as a parameter runs off to 0 or ∞ (too little or too regular history)',
    };
  }
  // Stalled inside the plausible range: the likelihood is flat there to within the tolerance, so any point will do.
  if (!result.converged && !result.stalled) {
    return { fitted: false, cause: 'no stable fit', reason: `did not converge in ${result.iterations} iterations` };
  }
  const params = toParams(result.point.map(Math.exp));
  return { fitted: true, params, logLikelihood: logLikelihood(params), customers, iterations: result.iterations };
}
