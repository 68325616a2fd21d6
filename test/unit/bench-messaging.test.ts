import { describe, expect, it } from 'vitest';
import { emptyCounters } from '../../bench/dynamo-meter.js';
import type { MessagingResult } from '../../bench/messaging.js';
import { atQuota } from '../../bench/messaging-report.js';
import { prices } from '../../bench/workflow-cost.js';

describe('bench: one email send against the SES quota', () => {
  it('scales the per-send requests, units and CPU by 14 a second, and prices 1,000 sends beside SES', () => {
    const result: MessagingResult = {
      renders: [],
      failures: [],
      send: {
        sends: 10,
        sent: 10,
        template: 'cart-reminder/ar.mjml',
        wallMs: 1000,
        cpuMicros: 50_000,
        dynamo: {
          ...emptyCounters(),
          requests: { GetItem: 40, PutItem: 30, UpdateItem: 20, Query: 10 },
          reportedWriteUnits: 50,
          estimatedWriteUnits: 10,
          reportedReadUnits: 35,
          estimatedReadUnits: 5,
        },
      },
    };
    const quota = atQuota(result);
    expect(quota.requestsPerSecond).toBe(140);
    expect(quota.writeUnitsPerSecond).toBeCloseTo(84);
    expect(quota.readUnitsPerSecond).toBeCloseTo(56);
    expect(quota.cpuMicrosPerSend).toBe(5000);
    expect(quota.dynamoPer1000).toBeCloseTo(6 * prices.dynamoWriteUnit * 1000 + 4 * prices.dynamoReadUnit * 1000);
    expect(quota.sesPer1000).toBeCloseTo(0.1);
  });

  it('counts nothing sent as one, so a run where every send failed shows its figures rather than infinity', () => {
    const quota = atQuota({
      renders: [],
      failures: ['bench-msg-0: skipped'],
      send: { sends: 1, sent: 0, template: 't', wallMs: 1, cpuMicros: 7, dynamo: emptyCounters() },
    });
    expect(quota.cpuMicrosPerSend).toBe(7);
    expect(quota.requestsPerSecond).toBe(0);
  });
});
