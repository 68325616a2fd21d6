import { describe, expect, it } from 'vitest';
import { emptyCounters } from '../../bench/dynamo-meter.js';
import { compareCost, idleSweepPerMonth, prices } from '../../bench/workflow-cost.js';
import { withoutProbes } from '../../bench/workflow-meter.js';

describe('bench: the local clock probes taken out of the timer function', () => {
  it('removes their Queries, their items and their read units, reported or counted at the 0.5 minimum', () => {
    const counters = {
      ...emptyCounters(),
      requests: { Query: 10, GetItem: 3 },
      reportedReadUnits: 6,
      estimatedReadUnits: 2,
      emptyQueries: 4,
      queryItems: 12,
    };
    const probes = { queries: 8, readUnits: 2, empty: 4, returned: 4 };
    expect(withoutProbes(counters, probes)).toMatchObject({
      requests: { Query: 2, GetItem: 3 },
      reportedReadUnits: 4,
      estimatedReadUnits: 0,
      emptyQueries: 0,
      queryItems: 8,
    });
    expect(withoutProbes({ ...counters, requests: { Query: 8 } }, probes).requests).toEqual({});
  });
});

describe('bench: cost per 1,000 steps', () => {
  const nothing = { writeUnits: 0, indexWriteUnits: 0, readUnits: 0, requests: 0, invocations: 0, cpuMs: 0 };

  it('prices each unit at the list price and compares with a state transition', () => {
    const cost = compareCost({ ...nothing, writeUnits: 2, readUnits: 4 }, { lambdaMemoryGb: 0.25, roundTripMs: 5 });
    expect(cost.totalPer1000).toBeCloseTo(2 * 0.625e-3 + 4 * 0.125e-3, 12);
    expect(cost.stepFunctionsPer1000).toBeCloseTo(0.025, 12);
    expect(cost.cheaperBy).toBeCloseTo(0.025 / cost.totalPer1000, 9);
  });

  it('bills Lambda for the round trips it waits on plus its CPU, at its memory', () => {
    const cost = compareCost(
      { ...nothing, requests: 4, cpuMs: 2, invocations: 0.5 },
      { lambdaMemoryGb: 0.5, roundTripMs: 5 },
    );
    expect(cost.lambdaMsPerStep).toBe(22);
    const duration = cost.lines.find((l) => l.unit === 'GB-s');
    expect(duration?.perStep).toBeCloseTo(0.022 * 0.5, 12);
    expect(cost.totalPer1000).toBeCloseTo(1000 * (0.011 * prices.lambdaArmGbSecond + 0.5 * prices.lambdaRequest), 12);
  });

  it('the idle timer schedule costs a request and its reads every minute for 30 days', () => {
    const month = idleSweepPerMonth({ requests: 0, readUnits: 4, cpuMs: 0 }, { lambdaMemoryGb: 0.25, roundTripMs: 5 });
    expect(month).toBeCloseTo(43_200 * (4 * prices.dynamoReadUnit + prices.lambdaRequest), 12);
  });
});
