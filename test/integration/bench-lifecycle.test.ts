import { describe, expect, it } from 'vitest';
import { readUnits } from '../../bench/dynamo-meter.js';
import { runLifecycle } from '../../bench/lifecycle.js';

// The bench's lifecycle phase, small: what the sweep reads follows the crossings, what a Scan reads follows the table.
describe('bench: the inactivity sweep against a full Scan', () => {
  it('reads the same for the same crossings whatever the table size, while the Scan reads every profile', async () => {
    const small = await runLifecycle({ customers: 2_000, crossingShare: 0.025, loadConcurrency: 4 });
    const large = await runLifecycle({ customers: 4_000, crossingShare: 0.0125, loadConcurrency: 4 });
    for (const run of [small, large]) {
      // 10 for each default threshold: activity 30, 60, 90 and purchase 90, 180.
      expect(run.crossing).toBe(50);
      expect(run.published).toBe(50);
      expect(run.sweep.dynamo.requests).toEqual({ GetItem: 1, Query: 5, BatchGetItem: 5, UpdateItem: 1 });
      expect([run.sweep.indexItems, run.sweep.tableItems]).toEqual([50, 50]);
      // A profile (under 4 KB) is 0.5 RCU, each Query's few keys 0.5, the progress item read consistently 1.
      expect(readUnits(run.sweep.dynamo)).toBe(50 * 0.5 + 5 * 0.5 + 1);
      expect(run.scan.tableItems).toBe(run.customers + 2); // and the sweep's progress item, and the table's marker
      expect(run.profileBytes).toBeLessThan(4096);
    }
    expect(readUnits(large.scan.dynamo)).toBeGreaterThan(1.9 * readUnits(small.scan.dynamo));
  });
});
