import { quintileScores } from './ntile.js';
import { defaultRfmGrid, type RfmClass, type RfmGrid, segmentOf } from './rfm-grid.js';

/** A buyer's figures over the window (default 365 days), net of refunds. */
export interface BuyerFigures {
  readonly customerId: string;
  /** Last order in the window (ISO). */
  readonly lastOrderAt: string;
  /** Orders in the window. */
  readonly orders: number;
  /** Net revenue in the window, in the shop's currency. */
  readonly netRevenue: number;
}

export interface RfmScore {
  readonly customerId: string;
  readonly r: number;
  readonly f: number;
  readonly m: number;
  readonly segment: RfmClass;
}

export type RfmResult =
  | { readonly status: 'scored'; readonly scores: readonly RfmScore[] }
  /** Quintiles of a handful of buyers say nothing: below the minimum, no segment is given. */
  | { readonly status: 'not-enough-history'; readonly buyers: number; readonly minimum: number };

export interface RfmOptions {
  readonly grid?: RfmGrid;
  /** Fewest buyers to score (default 100; Klaviyo asks 500): below it, "not enough history". */
  readonly minimumBuyers?: number;
}

export const defaultMinimumBuyers = 100;

/**
 * RFM scores 1 to 5 by quintile over the window's buyers: R the most recent scoring 5, F and M the most scoring 5;
 * ties broken by customer id, so the result never depends on read order. The segment comes from the R x F grid.
 */
export function scoreRfm(buyers: readonly BuyerFigures[], options: RfmOptions = {}): RfmResult {
  const minimum = options.minimumBuyers ?? defaultMinimumBuyers;
  if (buyers.length < minimum || buyers.length === 0) {
    return { status: 'not-enough-history', buyers: buyers.length, minimum };
  }
  const id = (b: BuyerFigures) => b.customerId;
  const r = quintileScores(buyers, (b) => Date.parse(b.lastOrderAt), id);
  const f = quintileScores(buyers, (b) => b.orders, id);
  const m = quintileScores(buyers, (b) => b.netRevenue, id);
  const grid = options.grid ?? defaultRfmGrid;
  const scores = buyers.map((b) => {
    const score = { r: r.get(b) ?? 1, f: f.get(b) ?? 1, m: m.get(b) ?? 1 };
    return { customerId: b.customerId, ...score, segment: segmentOf(grid, score.r, score.f) };
  });
  return { status: 'scored', scores };
}
