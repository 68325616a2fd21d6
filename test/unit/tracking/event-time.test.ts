import { describe, expect, it } from 'vitest';
import { boundedByReceipt, maxLeadOverReceiptMs } from '../../../shared/tracking/core/event-time.js';

const receivedAt = '2026-11-02T10:00:00.000Z';
const plus = (ms: number) => new Date(Date.parse(receivedAt) + ms).toISOString();

describe('an event time bounded by its receipt', () => {
  it('keeps a time in the past, or ahead of receipt by clock drift at most', () => {
    expect(boundedByReceipt('2020-01-01T00:00:00.000Z', receivedAt)).toEqual({
      occurredAt: '2020-01-01T00:00:00.000Z',
    });
    expect(boundedByReceipt(plus(maxLeadOverReceiptMs), receivedAt)).toEqual({
      occurredAt: plus(maxLeadOverReceiptMs),
    });
  });

  it('counts a time further ahead as of its receipt, keeping the time it claimed', () => {
    expect(boundedByReceipt('2099-01-01T00:00:00.000Z', receivedAt)).toEqual({
      occurredAt: receivedAt,
      clampedFrom: '2099-01-01T00:00:00.000Z',
    });
    expect(boundedByReceipt(plus(maxLeadOverReceiptMs + 1), receivedAt).occurredAt).toBe(receivedAt);
  });

  it('leaves the time alone without a receipt time (a history import, a test of tracking alone)', () => {
    expect(boundedByReceipt('2099-01-01T00:00:00.000Z', undefined)).toEqual({ occurredAt: '2099-01-01T00:00:00.000Z' });
  });
});
