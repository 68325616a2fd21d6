/**
 * SQL's `ntile(n) over (order by ...)`, as Athena (Trino) and DuckDB compute it: the rows in order, cut into `n`
 * groups whose sizes differ by at most one, the larger groups first. Returns each row's group, 1 to `n`, in the
 * order given. The same cut in the nightly SQL and here, so a score never depends on where it was computed.
 */
export function ntile(count: number, groups: number): number[] {
  const base = Math.floor(count / groups);
  const larger = count % groups;
  const out: number[] = [];
  for (let group = 1; group <= groups; group++) {
    const size = base + (group <= larger ? 1 : 0);
    for (let i = 0; i < size; i++) out.push(group);
  }
  return out;
}

/**
 * Scores 1 to 5 by quintile: rows ordered by `value` ascending (ties by `id`, so the result never depends on read
 * order: F is heavily tied), the highest values scoring 5.
 */
export function quintileScores<T>(
  rows: readonly T[],
  value: (row: T) => number,
  id: (row: T) => string,
): Map<T, number> {
  const ordered = [...rows].sort((a, b) => value(a) - value(b) || (id(a) < id(b) ? -1 : id(a) > id(b) ? 1 : 0));
  const groups = ntile(ordered.length, 5);
  return new Map(ordered.map((row, i) => [row, groups[i] ?? 1]));
}
