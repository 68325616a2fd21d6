import { describe, expect, it } from 'vitest';
import { countedRefund, countHeld } from '../../../shared/tracking/core/order-refunds.js';

describe('what a refund counts for', () => {
  it('is its amount while the order has that much left, else what is left, never below zero', () => {
    expect(countedRefund(100, 0, 40)).toBe(40);
    expect(countedRefund(100, 40, 250)).toBe(60);
    expect(countedRefund(100, 100, 5)).toBe(0);
    expect(countedRefund(100, 120, 5)).toBe(0);
  });

  it('adds up to the total exactly over partial refunds that float arithmetic would drift on', () => {
    let refunded = 0;
    for (const amount of [0.1, 0.2, 0.3, 0.4]) refunded += countedRefund(1, refunded, amount);
    expect(refunded).toBeCloseTo(1, 12);
    expect(countedRefund(0.3, 0.1 + 0.2 - 0.3 + 0.2, 0.1)).toBe(0.1);
  });

  it('counts refunds held for an order oldest first, each capped by those before (ties by refund key)', () => {
    const held = [
      { refundKey: 'r-b', amount: 70, at: '2026-03-02T10:00:00.000Z', held: true },
      { refundKey: 'r-a', amount: 70, at: '2026-03-02T10:00:00.000Z', held: true },
      { refundKey: 'r-0', amount: 20, at: '2026-03-01T10:00:00.000Z', held: true },
    ];
    expect(countHeld(100, 0, held)).toEqual([
      { refundKey: 'r-0', amount: 20, at: '2026-03-01T10:00:00.000Z', held: false },
      { refundKey: 'r-a', amount: 70, at: '2026-03-02T10:00:00.000Z', held: false },
      { refundKey: 'r-b', amount: 10, at: '2026-03-02T10:00:00.000Z', held: false },
    ]);
  });
});
