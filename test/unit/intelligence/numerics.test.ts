import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { logGamma } from '../../../shared/intelligence/core/clv/gamma.js';
import { hypergeometric2F1 } from '../../../shared/intelligence/core/clv/hypergeometric.js';
import { nelderMead } from '../../../shared/intelligence/core/clv/nelder-mead.js';
import { expectRelativelyClose } from './expect-close.js';

describe('log-gamma (Lanczos)', () => {
  it('matches known values to about 14 digits', () => {
    expect(logGamma(1)).toBeCloseTo(0, 14);
    expect(logGamma(2)).toBeCloseTo(0, 14);
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 14);
    expect(logGamma(10)).toBeCloseTo(Math.log(362_880), 13);
    expect(logGamma(100)).toBeCloseTo(359.1342053695754, 11);
    expect(logGamma(0.001)).toBeCloseTo(6.907178885383853, 12);
  });

  it('satisfies Γ(x + 1) = x·Γ(x)', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-6, max: 1e4, noNaN: true }), (x) => {
        expect(logGamma(x + 1) - logGamma(x)).toBeCloseTo(Math.log(x), 9);
      }),
    );
  });

  it('rejects x ≤ 0', () => {
    expect(() => logGamma(0)).toThrow(RangeError);
    expect(() => logGamma(-1.5)).toThrow(RangeError);
  });
});

describe('hypergeometric ₂F₁ (power series)', () => {
  it('matches closed forms', () => {
    for (const z of [-0.7, 0, 0.3, 0.9, 0.99]) {
      expect(hypergeometric2F1(1, 1, 2, z)).toBeCloseTo(z === 0 ? 1 : -Math.log1p(-z) / z, 12);
      expectRelativelyClose(hypergeometric2F1(2.5, 0.7, 0.7, z), (1 - z) ** -2.5, 1e-12);
    }
    // ₂F₁(½, ½; 3/2; z²) = arcsin(z) / z
    expect(hypergeometric2F1(0.5, 0.5, 1.5, 0.25)).toBeCloseTo(Math.asin(0.5) / 0.5, 14);
  });

  it('refuses arguments outside the unit disc and c a non-positive integer', () => {
    expect(() => hypergeometric2F1(1, 1, 2, 1)).toThrow(RangeError);
    expect(() => hypergeometric2F1(1, 1, -2, 0.5)).toThrow(RangeError);
  });
});

describe('Nelder–Mead', () => {
  it("finds the minimum of Rosenbrock's valley", () => {
    const rosenbrock = ([x = 0, y = 0]: readonly number[]): number => (1 - x) ** 2 + 100 * (y - x * x) ** 2;
    const result = nelderMead(rosenbrock, [-1.2, 1]);
    expect(result.converged).toBe(true);
    expect(result.point[0]).toBeCloseTo(1, 6);
    expect(result.point[1]).toBeCloseTo(1, 6);
  });

  it('stops on a valley that keeps falling gently towards infinity, saying it stalled, not that it converged', () => {
    const result = nelderMead(([x = 0, y = 0]) => (x - 1) ** 2 + 1 / (1 + y * y), [0, 0]);
    expect(result).toMatchObject({ converged: false, stalled: true });
    expect(result.iterations).toBeLessThan(2000);
  });

  it('treats a value that is not finite as a wall', () => {
    const result = nelderMead(([x = 0]) => (x < 0 ? Number.NaN : (x - 2) ** 2), [0.5]);
    expect(result.point[0]).toBeCloseTo(2, 6);
  });
});
