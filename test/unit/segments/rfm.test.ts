import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ntile } from '../../../shared/segments/core/ntile.js';
import { type BuyerFigures, scoreRfm } from '../../../shared/segments/core/rfm.js';
import { defaultRfmGrid, gridProblems, segmentOf } from '../../../shared/segments/core/rfm-grid.js';
import { rfmClasses } from '../../../shared/workflow/core/schema/workflow.js';

const day = (n: number) => new Date(Date.UTC(2026, 0, 1) + n * 86_400_000).toISOString();
const buyer = (i: number, lastDay: number, orders: number, netRevenue: number): BuyerFigures => ({
  customerId: `cus_${String(i).padStart(3, '0')}`,
  lastOrderAt: day(lastDay),
  orders,
  netRevenue,
});

describe('the RFM grid', () => {
  it('maps every (R, F) cell to exactly one known segment', () => {
    expect(gridProblems(defaultRfmGrid)).toEqual([]);
    const known: ReadonlySet<string> = new Set(rfmClasses);
    for (let r = 1; r <= 5; r++) {
      for (let f = 1; f <= 5; f++) expect(known.has(segmentOf(defaultRfmGrid, r, f))).toBe(true);
    }
    expect(segmentOf(defaultRfmGrid, 5, 5)).toBe('champions');
    expect(segmentOf(defaultRfmGrid, 5, 1)).toBe('new-customers');
    expect(segmentOf(defaultRfmGrid, 1, 5)).toBe('cannot-lose');
    expect(segmentOf(defaultRfmGrid, 3, 3)).toBe('need-attention');
  });

  it('names each problem of a swapped grid by its cell', () => {
    const bad = [...defaultRfmGrid.slice(0, 4), ['hibernating', 'sleepy', 'at-risk', 'at-risk']];
    expect(gridProblems(bad)).toEqual([
      'row R=1: needs 5 cells (F = 1 to 5), has 4',
      expect.stringContaining('R=1 F=2: "sleepy" is not one of champions'),
    ]);
  });
});

describe('ntile', () => {
  it('cuts as SQL does: groups differ by at most one, the larger first', () => {
    expect(ntile(7, 5)).toEqual([1, 1, 2, 2, 3, 4, 5]);
    expect(ntile(3, 5)).toEqual([1, 2, 3]);
    expect(ntile(10, 5)).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
  });
});

describe('RFM scores', () => {
  it('gives the most recent, most frequent and highest spending buyers 5, the others by quintile', () => {
    const buyers = Array.from({ length: 100 }, (_, i) => buyer(i, i, 1 + (i % 10), 10 * (i + 1)));
    const result = scoreRfm(buyers);
    if (result.status !== 'scored') throw new Error('not scored');
    const byId = new Map(result.scores.map((s) => [s.customerId, s]));
    expect(byId.get('cus_099')).toMatchObject({ r: 5, f: 5, m: 5, segment: 'champions' });
    expect(byId.get('cus_000')).toMatchObject({ r: 1, f: 1, m: 1, segment: 'hibernating' });
    for (const score of ['r', 'f', 'm'] as const) {
      const counts = [1, 2, 3, 4, 5].map((n) => result.scores.filter((s) => s[score] === n).length);
      expect(counts).toEqual([20, 20, 20, 20, 20]);
    }
  });

  it('does not depend on the order buyers are read in (ties broken by customer id)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ last: fc.nat(30), orders: fc.integer({ min: 1, max: 3 }), net: fc.nat(5) }), {
          minLength: 5,
          maxLength: 40,
        }),
        fc.infiniteStream(fc.nat()),
        (rows, randoms) => {
          const buyers = rows.map((row, i) => buyer(i, row.last, row.orders, row.net));
          const shuffled = buyers
            .map((b) => ({ b, k: randoms.next().value }))
            .sort((x, y) => x.k - y.k)
            .map((x) => x.b);
          const sortById = (r: ReturnType<typeof scoreRfm>) =>
            r.status === 'scored' ? [...r.scores].sort((a, b) => a.customerId.localeCompare(b.customerId)) : r;
          expect(sortById(scoreRfm(shuffled, { minimumBuyers: 1 }))).toEqual(
            sortById(scoreRfm(buyers, { minimumBuyers: 1 })),
          );
        },
      ),
    );
  });

  it('says "not enough history" below the minimum number of buyers instead of scoring', () => {
    const few = Array.from({ length: 99 }, (_, i) => buyer(i, i, 1, 10));
    expect(scoreRfm(few)).toEqual({ status: 'not-enough-history', buyers: 99, minimum: 100 });
    expect(scoreRfm([], { minimumBuyers: 0 })).toMatchObject({ status: 'not-enough-history', buyers: 0 });
  });
});
