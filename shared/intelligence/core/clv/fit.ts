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
  | { readonly fitted: false; readonly reason: string };

/**
 * Maximum likelihood over `dimensions` positive parameters, by Nelder–Mead on their logarithms (which keeps them
 * positive without constraints), starting from all at 1. It minimises the mean negative log-likelihood per customer,
 * so the optimiser's tolerances and the L2 `penalty` (λ·Σθ², 0 for none) mean the same for small and large shops.
 */
export function maximiseLikelihood<Params>(
  dimensions: number,
  toParams: (values: readonly number[]) => Params,
  logLikelihood: (params: Params) => number,
  customers: number,
  penalty = 0,
): ModelFit<Params> {
  const objective = (logs: readonly number[]): number => {
    const values = logs.map(Math.exp);
    // A parameter that under- or overflows is outside the model: NaN tells Nelder–Mead to step back.
    if (!values.every((v) => v > 0 && Number.isFinite(v))) return Number.NaN;
    const size = values.reduce((sum, v) => sum + v * v, 0);
    return -logLikelihood(toParams(values)) / customers + penalty * size;
  };
  const result = nelderMead(
    objective,
    Array.from({ length: dimensions }, () => 0),
  );
  if (!result.converged) return { fitted: false, reason: `did not converge in ${result.iterations} iterations` };
  const params = toParams(result.point.map(Math.exp));
  return { fitted: true, params, logLikelihood: logLikelihood(params), customers, iterations: result.iterations };
}
