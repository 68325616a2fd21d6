// Lanczos approximation (g = 7, n = 9; the coefficients of Godfrey's table as printed in Press et al., Numerical
// Recipes, 3rd ed., §6.1): about 15 significant digits for x > 0, which the likelihoods need since they subtract
// log-gammas of nearby arguments (lnΓ(r + x) − lnΓ(r)).
const g = 7;
const coefficients = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];
const halfLogTwoPi = 0.5 * Math.log(2 * Math.PI);

/** ln Γ(x) for x > 0. */
export function logGamma(x: number): number {
  if (!(x > 0)) throw new RangeError(`logGamma needs x > 0, got ${x}`);
  // Below ½ the series loses accuracy; the reflection Γ(x)Γ(1 − x) = π / sin(πx) moves the work to 1 − x.
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let series = coefficients[0] ?? 1;
  for (let i = 1; i < coefficients.length; i++) series += (coefficients[i] ?? 0) / (z + i);
  const t = z + g + 0.5;
  return halfLogTwoPi + (z + 0.5) * Math.log(t) - t + Math.log(series);
}
