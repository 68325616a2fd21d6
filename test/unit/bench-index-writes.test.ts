import { describe, expect, it } from 'vitest';
import { indexesOf, indexWrites, indexWriteUnits, type TableIndexes } from '../../bench/index-writes.js';
import { selectPhases, UnknownPhaseError } from '../../bench/phase-selection.js';

// The table as deployed: a local index projecting ALL, a sparse global index projecting the keys only.
const table: TableIndexes = {
  tableKeys: ['pk', 'sk'],
  indexes: [
    { name: 'timeline', keys: ['pk', 'tlSort'], projection: { type: 'ALL' } },
    { name: 'byActiveDay', keys: ['activeDay', 'pk'], projection: { type: 'KEYS_ONLY' } },
  ],
};
const profile = { pk: 'CUST#1', sk: 'PROFILE', email: 'a@example.com' };
const entry = { pk: 'CUST#1', sk: 'EVT#e1', tlSort: '2026-03-01T08:00:00.000Z#e1', type: 'Product Viewed' };

describe('bench: index writes by DynamoDB rules', () => {
  it('an index key appearing is one put, sized by the projected entry', () => {
    expect(indexWrites(table, undefined, { ...profile, activeDay: '2026-03-01' })).toEqual([
      { index: 'byActiveDay', puts: 1, deletes: 0, updates: 0, units: 1 },
    ]);
    expect(indexWrites(table, profile, { ...profile, activeDay: '2026-03-01' })).toHaveLength(1);
  });

  it('an index key disappearing is one delete', () => {
    expect(indexWrites(table, { ...profile, activeDay: '2026-03-01' }, profile)).toEqual([
      { index: 'byActiveDay', puts: 0, deletes: 1, updates: 0, units: 1 },
    ]);
    expect(indexWrites(table, entry, undefined)).toEqual([
      { index: 'timeline', puts: 0, deletes: 1, updates: 0, units: 1 },
    ]);
  });

  it('a changed index key is a delete and a put', () => {
    const before = { ...profile, activeDay: '2026-03-01' };
    expect(indexWrites(table, before, { ...before, activeDay: '2026-03-02' })).toEqual([
      { index: 'byActiveDay', puts: 1, deletes: 1, updates: 0, units: 2 },
    ]);
  });

  it('an unchanged key costs a keys-only index nothing, and an ALL index one update when an attribute changed', () => {
    const before = { ...profile, activeDay: '2026-03-01' };
    expect(indexWrites(table, before, { ...before, email: 'b@example.com' })).toEqual([]);
    expect(indexWrites(table, entry, { ...entry, opened: true })).toEqual([
      { index: 'timeline', puts: 0, deletes: 0, updates: 1, units: 1 },
    ]);
    expect(indexWrites(table, entry, { ...entry })).toEqual([]);
  });

  it('items on no index, and writes that change nothing (a refused conditional write), write no index', () => {
    expect(indexWriteUnits(table, undefined, profile)).toBe(0);
    expect(indexWriteUnits(table, profile, undefined)).toBe(0);
    expect(indexWriteUnits(table, entry, entry)).toBe(0);
  });

  it('charges a started KB of the entry per write: an ALL entry grows with the item, a keys-only one does not', () => {
    const big = { ...entry, activeDay: '2026-03-01', payload: 'x'.repeat(1500) };
    expect(indexWrites(table, undefined, big)).toEqual([
      { index: 'timeline', puts: 1, deletes: 0, updates: 0, units: 2 },
      { index: 'byActiveDay', puts: 1, deletes: 0, updates: 0, units: 1 },
    ]);
  });

  it('reads indexes, keys and projections from DescribeTable', () => {
    const described = indexesOf({
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      LocalSecondaryIndexes: [
        {
          IndexName: 'timeline',
          KeySchema: [
            { AttributeName: 'pk', KeyType: 'HASH' },
            { AttributeName: 'tlSort', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: 'byActiveDay',
          KeySchema: [
            { AttributeName: 'activeDay', KeyType: 'HASH' },
            { AttributeName: 'pk', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'KEYS_ONLY' },
        },
      ],
    });
    expect(described).toEqual(table);
  });
});

describe('bench: --only', () => {
  const valid = ['tracking', 'burst', 'bundles'] as const;

  it('runs the named phases in their own order, and all of them when none is named', () => {
    expect(selectPhases(['bundles', 'tracking'], valid)).toEqual(['tracking', 'bundles']);
    expect(selectPhases(['burst,tracking'], valid)).toEqual(['tracking', 'burst']);
    expect(selectPhases([], valid)).toEqual(['tracking', 'burst', 'bundles']);
  });

  it('refuses an unknown phase, listing the valid ones', () => {
    expect(() => selectPhases(['trackin'], valid)).toThrow(UnknownPhaseError);
    expect(() => selectPhases(['trackin'], valid)).toThrow(
      'unknown phase trackin; the phases are: tracking, burst, bundles',
    );
  });
});
