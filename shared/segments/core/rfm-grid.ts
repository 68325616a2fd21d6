import { rfmClasses } from '../../workflow/core/schema/workflow.js';

export type RfmClass = (typeof rfmClasses)[number];

/** Rows R = 5 down to 1, columns F = 1 to 5: the segment of each (R, F) cell. */
export type RfmGrid = readonly (readonly RfmClass[])[];

/**
 * The common 10-segment R x F grid (ANALYTICS.md), kept as data so a shop may swap it. Unlike the "11-segment" tables
 * that circulate (R against the average of F and M, with overlapping ranges), every cell has exactly one segment.
 */
export const defaultRfmGrid: RfmGrid = [
  ['new-customers', 'potential-loyalist', 'potential-loyalist', 'champions', 'champions'],
  ['promising', 'potential-loyalist', 'potential-loyalist', 'loyal', 'loyal'],
  ['about-to-sleep', 'about-to-sleep', 'need-attention', 'loyal', 'loyal'],
  ['hibernating', 'hibernating', 'at-risk', 'at-risk', 'cannot-lose'],
  ['hibernating', 'hibernating', 'at-risk', 'at-risk', 'cannot-lose'],
];

/** Problems of a grid, by cell: it must be 5 rows of 5 known segments. Empty when it is usable. */
export function gridProblems(grid: readonly (readonly string[])[]): string[] {
  const known: ReadonlySet<string> = new Set(rfmClasses);
  const problems: string[] = [];
  if (grid.length !== 5) problems.push(`needs 5 rows (R = 5 down to 1), has ${grid.length}`);
  grid.forEach((row, i) => {
    if (row.length !== 5) problems.push(`row R=${5 - i}: needs 5 cells (F = 1 to 5), has ${row.length}`);
    row.forEach((cell, j) => {
      if (!known.has(cell)) problems.push(`R=${5 - i} F=${j + 1}: "${cell}" is not one of ${rfmClasses.join(', ')}`);
    });
  });
  return problems;
}

/** The segment of scores (r, f), each 1 to 5. */
export function segmentOf(grid: RfmGrid, r: number, f: number): RfmClass {
  const cell = grid[5 - r]?.[f - 1];
  if (cell === undefined) throw new RangeError(`no RFM cell for R=${r} F=${f}`);
  return cell;
}
