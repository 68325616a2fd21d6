/** A refund as an order row keeps it: counted (its amount capped by what was left) or held for an order not seen yet. */
export interface RowRefund {
  readonly refundKey: string;
  readonly amount: number;
  readonly at: string;
  /** Arrived before its order: nothing counted yet. */
  readonly held: boolean;
}

/**
 * What a refund counts for: its amount, capped by what is left of the order's total after the refunds counted
 * before it. A shop that refunds 250 on a 100 order has refunded 100: net revenue never goes below zero.
 */
export function countedRefund(total: number, refundedBefore: number, amount: number): number {
  const left = Math.max(0, total - refundedBefore);
  // Within float noise of what is left, the amount is the amount sent (partial refunds add up to the total).
  if (amount <= left + 1e-9 * Math.max(1, total)) return amount;
  return Math.round(left * 1e6) / 1e6;
}

/**
 * Counts refunds held for an order that has now arrived, oldest first, each capped by what the ones before left.
 * Returns them as counted.
 */
export function countHeld(total: number, refundedBefore: number, held: readonly RowRefund[]): RowRefund[] {
  let refunded = refundedBefore;
  return [...held]
    .sort((a, b) => (a.at === b.at ? a.refundKey.localeCompare(b.refundKey) : a.at < b.at ? -1 : 1))
    .map((r) => {
      const amount = countedRefund(total, refunded, r.amount);
      refunded += amount;
      return { ...r, amount, held: false };
    });
}
