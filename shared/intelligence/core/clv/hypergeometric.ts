const relativeTolerance = 1e-15;
const maxTerms = 1_000_000;

/**
 * Gauss hypergeometric ₂F₁(a, b; c; z) by its power series Σ (a)ₙ(b)ₙ / ((c)ₙ n!) zⁿ, which converges for |z| < 1.
 * BG/NBD only calls it with z = t / (α + T + t) in [0, 1) and positive a, b (Fader, Hardie & Lee 2005, eq. 10).
 */
export function hypergeometric2F1(a: number, b: number, c: number, z: number): number {
  if (!(Math.abs(z) < 1)) throw new RangeError(`the ₂F₁ series needs |z| < 1, got ${z}`);
  if (c <= 0 && Number.isInteger(c)) throw new RangeError(`₂F₁ is undefined for c = ${c}`);
  let term = 1;
  let sum = 1;
  for (let n = 0; n < maxTerms; n++) {
    const ratio = (((a + n) * (b + n)) / ((c + n) * (n + 1))) * z;
    // Once successive terms shrink by at least `ratio` (< 1), the tail is at most term·ratio / (1 − ratio).
    const tail = Math.abs(ratio) < 1 ? Math.abs(term * ratio) / (1 - Math.abs(ratio)) : Number.POSITIVE_INFINITY;
    if (tail <= relativeTolerance * Math.abs(sum)) return sum;
    term *= ratio;
    sum += term;
    if (!Number.isFinite(sum)) throw new RangeError(`₂F₁(${a}, ${b}; ${c}; ${z}) overflows`);
  }
  throw new RangeError(`₂F₁(${a}, ${b}; ${c}; ${z}) did not converge in ${maxTerms} terms`);
}
