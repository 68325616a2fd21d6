import { expect } from 'vitest';

/** |actual − expected| / |expected| below `tolerance`: the published figures are rounded, so compare relatively. */
export function expectRelativelyClose(actual: number, expected: number, tolerance: number): void {
  expect(Math.abs(actual - expected) / Math.abs(expected)).toBeLessThan(tolerance);
}
