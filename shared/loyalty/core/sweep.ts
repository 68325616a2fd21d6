import type { LoyaltyService } from './loyalty-service.js';
import type { LoyaltyStore } from './ports.js';

export interface SweepResult {
  readonly due: number;
  readonly ticked: number;
  readonly failed: readonly { readonly customerId: string; readonly error: string }[];
}

/**
 * Ticks every account due at `now` (expiry, reminders, tier reviews). Reads only the due accounts. One failing
 * account does not stop the others; it stays due and is picked up by the next sweep.
 */
export async function sweepLoyalty(store: LoyaltyStore, service: LoyaltyService, now: string): Promise<SweepResult> {
  const due = await store.dueCustomers(now);
  const failed: { customerId: string; error: string }[] = [];
  for (const customerId of due) {
    try {
      await service.apply(customerId, { kind: 'tick', now });
    } catch (error) {
      failed.push({ customerId, error: error instanceof Error ? error.message : String(error) });
    }
  }
  return { due: due.length, ticked: due.length - failed.length, failed };
}
