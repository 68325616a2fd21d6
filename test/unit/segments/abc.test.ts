import { describe, expect, it } from 'vitest';
import { classifyAbc } from '../../../shared/segments/core/abc.js';
import { classChanges, rfmClassChanged } from '../../../shared/segments/core/class-changes.js';

describe('ABC', () => {
  it('puts customers in A while the revenue before them is under 80%, B under 95%, else C', () => {
    const customers = [
      { customerId: 'a', netRevenue: 50 },
      { customerId: 'b', netRevenue: 29 },
      { customerId: 'c', netRevenue: 10 },
      { customerId: 'd', netRevenue: 6 },
      { customerId: 'e', netRevenue: 5 },
      { customerId: 'f', netRevenue: 0 },
    ];
    const result = classifyAbc(customers);
    expect(result?.map((r) => `${r.customerId}:${r.abc}:${r.shareBefore.toFixed(2)}`)).toEqual([
      'a:A:0.00',
      'b:A:0.50',
      'c:A:0.79',
      'd:B:0.89',
      'e:C:0.95',
      'f:C:1.00',
    ]);
  });

  it('breaks ties by customer id, takes configured thresholds, and ranks nothing without revenue', () => {
    const tied = [
      { customerId: 'z', netRevenue: 10 },
      { customerId: 'y', netRevenue: 10 },
    ];
    expect(classifyAbc(tied, { a: 0.5, b: 0.9 })?.map((r) => `${r.customerId}:${r.abc}`)).toEqual(['y:A', 'z:B']);
    expect(classifyAbc([{ customerId: 'x', netRevenue: -5 }])).toBeNull();
    expect(() => classifyAbc(tied, { a: 0.9, b: 0.5 })).toThrow(/0 < a <= b <= 1/);
  });
});

describe('class changes', () => {
  it('lists only the customers whose class changed, and announces each once per run', () => {
    const before = new Map([
      ['c1', 'champions'],
      ['c2', 'loyal'],
      ['c3', 'at-risk'],
    ]);
    const after = new Map([
      ['c1', 'champions'],
      ['c2', 'at-risk'],
      ['c4', 'new-customers'],
    ]);
    const changes = classChanges(before, after);
    expect(changes).toEqual([
      { customerId: 'c2', from: 'loyal', to: 'at-risk' },
      { customerId: 'c3', from: 'at-risk', to: null },
      { customerId: 'c4', from: null, to: 'new-customers' },
    ]);
    const [first] = changes;
    if (!first) throw new Error('no change');
    expect(rfmClassChanged(first, '2026-12-08T00:00:00.000Z')).toEqual({
      type: 'RFM Class Changed',
      detail: {
        customerId: 'c2',
        from: 'loyal',
        to: 'at-risk',
        eventId: 'rfm:c2:2026-12-08T00:00:00.000Z',
        occurredAt: '2026-12-08T00:00:00.000Z',
      },
    });
  });
});
