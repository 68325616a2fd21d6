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
