/** ABC thresholds: the cumulative share of revenue before a customer that keeps them in A, then in B. */
export interface AbcThresholds {
  readonly a: number;
  readonly b: number;
}

export const defaultAbcThresholds: AbcThresholds = { a: 0.8, b: 0.95 };

export type AbcClass = 'A' | 'B' | 'C';

export interface AbcResult {
  readonly customerId: string;
  readonly netRevenue: number;
  /** Share of the window's net revenue brought by the customers ranked before this one. */
  readonly shareBefore: number;
  readonly abc: AbcClass;
}

/**
 * ABC (ANALYTICS.md): customers ranked by net revenue in the window, descending, ties by id; with `cum` the share of
 * revenue before the customer, A while `cum < a` (the group that brings 80% of revenue), B while `cum < b`, else C.
 * Customers without positive net revenue are C. Null without any positive revenue (nothing to rank).
 */
export function classifyAbc(
  customers: readonly { readonly customerId: string; readonly netRevenue: number }[],
  thresholds: AbcThresholds = defaultAbcThresholds,
): AbcResult[] | null {
  if (!(thresholds.a > 0 && thresholds.a <= thresholds.b && thresholds.b <= 1)) {
    throw new RangeError(`ABC thresholds must satisfy 0 < a <= b <= 1, got a=${thresholds.a} b=${thresholds.b}`);
  }
  const positive = (n: number) => Math.max(0, n);
  const total = customers.reduce((sum, c) => sum + positive(c.netRevenue), 0);
  if (total <= 0) return null;
  const ranked = [...customers].sort(
    (x, y) => y.netRevenue - x.netRevenue || (x.customerId < y.customerId ? -1 : x.customerId > y.customerId ? 1 : 0),
  );
  let before = 0;
  return ranked.map((c) => {
    const shareBefore = before / total;
    before += positive(c.netRevenue);
    const abc: AbcClass =
      c.netRevenue <= 0 ? 'C' : shareBefore < thresholds.a ? 'A' : shareBefore < thresholds.b ? 'B' : 'C';
    return { customerId: c.customerId, netRevenue: c.netRevenue, shareBefore, abc };
  });
}
