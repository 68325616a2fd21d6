/** Nelder–Mead settings; the defaults suit a handful of log-parameters of order one. */
export interface NelderMeadOptions {
  /** Edge of the starting simplex along each axis. */
  readonly initialStep?: number;
  /** Stop when the simplex's values differ by at most this much... */
  readonly valueTolerance?: number;
  /** ...and its vertices by at most this much in every coordinate. */
  readonly pointTolerance?: number;
  readonly maxIterations?: number;
  /**
   * Give up when the best value has not improved by more than `valueTolerance` for this many iterations (default
   * 100 per dimension): the simplex is crawling along a flat ridge, as on a likelihood whose maximum is at infinity.
   */
  readonly stallIterations?: number;
  /** Fresh simplices built around the best point after convergence, to escape a simplex that collapsed early. */
  readonly restarts?: number;
}

export interface NelderMeadResult {
  readonly point: number[];
  readonly value: number;
  readonly iterations: number;
  readonly converged: boolean;
  /** Stopped because the best value stopped improving, not because the simplex shrank. */
  readonly stalled: boolean;
}

interface Vertex {
  point: number[];
  value: number;
}

// The standard coefficients (Nelder & Mead 1965; Lagarias et al. 1998): reflect 1, expand 2, contract ½, shrink ½.
const reflection = 1;
const expansion = 2;
const contraction = 0.5;
const shrinkage = 0.5;

/** Minimises f from start; a value that is not finite counts as +∞, so f may reject points by returning NaN. */
export function nelderMead(
  f: (point: readonly number[]) => number,
  start: readonly number[],
  options: NelderMeadOptions = {},
): NelderMeadResult {
  const restarts = options.restarts ?? 2;
  let result = minimiseOnce(f, start, options);
  let iterations = result.iterations;
  for (let i = 0; i < restarts && iterations < (options.maxIterations ?? 10_000); i++) {
    const again = minimiseOnce(f, result.point, options);
    iterations += again.iterations;
    const improved = result.value - again.value > (options.valueTolerance ?? 1e-12);
    if (again.value <= result.value) result = again;
    if (!improved) break;
  }
  return { ...result, iterations };
}

function minimiseOnce(
  f: (point: readonly number[]) => number,
  start: readonly number[],
  options: NelderMeadOptions,
): NelderMeadResult {
  const step = options.initialStep ?? 0.5;
  const valueTolerance = options.valueTolerance ?? 1e-12;
  const pointTolerance = options.pointTolerance ?? 1e-9;
  const maxIterations = options.maxIterations ?? 10_000;
  const stallIterations = options.stallIterations ?? 100 * start.length;
  const evaluate = (point: number[]): Vertex => {
    const value = f(point);
    return { point, value: Number.isFinite(value) ? value : Number.POSITIVE_INFINITY };
  };
  const n = start.length;
  const simplex: Vertex[] = [evaluate([...start])];
  for (let i = 0; i < n; i++) simplex.push(evaluate(start.map((x, j) => (j === i ? x + step : x))));

  let lastImprovement = { iteration: 0, value: Number.POSITIVE_INFINITY };
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    simplex.sort((u, v) => u.value - v.value);
    const best = at(simplex, 0);
    const worst = at(simplex, n);
    if (hasConverged(simplex, valueTolerance, pointTolerance)) {
      return { point: best.point, value: best.value, iterations: iteration, converged: true, stalled: false };
    }
    if (lastImprovement.value - best.value > valueTolerance) lastImprovement = { iteration, value: best.value };
    else if (iteration - lastImprovement.iteration > stallIterations) {
      return { point: best.point, value: best.value, iterations: iteration, converged: false, stalled: true };
    }
    const centroid = Array.from(
      { length: n },
      (_, j) => simplex.slice(0, n).reduce((s, v) => s + at(v.point, j), 0) / n,
    );
    const towards = (coefficient: number): Vertex =>
      evaluate(centroid.map((c, j) => c + coefficient * (c - at(worst.point, j))));

    const reflected = towards(reflection);
    if (reflected.value < best.value) {
      const expanded = towards(expansion);
      simplex[n] = expanded.value < reflected.value ? expanded : reflected;
      continue;
    }
    if (reflected.value < at(simplex, n - 1).value) {
      simplex[n] = reflected;
      continue;
    }
    // Contract outside when the reflection beat the worst vertex, inside otherwise.
    const outside = reflected.value < worst.value;
    const contracted = towards(outside ? contraction : -contraction);
    if (contracted.value < (outside ? reflected.value : worst.value)) {
      simplex[n] = contracted;
      continue;
    }
    for (let i = 1; i <= n; i++) {
      simplex[i] = evaluate(best.point.map((b, j) => b + shrinkage * (at(at(simplex, i).point, j) - b)));
    }
  }
  simplex.sort((u, v) => u.value - v.value);
  const best = at(simplex, 0);
  return { point: best.point, value: best.value, iterations: maxIterations, converged: false, stalled: false };
}

function hasConverged(simplex: readonly Vertex[], valueTolerance: number, pointTolerance: number): boolean {
  const best = at(simplex, 0);
  return simplex.every(
    (vertex) =>
      Math.abs(vertex.value - best.value) <= valueTolerance &&
      vertex.point.every((x, j) => Math.abs(x - at(best.point, j)) <= pointTolerance),
  );
}

function at<T>(items: readonly T[], index: number): T {
  const item = items[index];
  if (item === undefined) throw new RangeError(`index ${index} outside 0..${items.length - 1}`);
  return item;
}
