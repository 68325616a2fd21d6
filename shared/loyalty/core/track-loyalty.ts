import { ValidationError } from '../../platform/errors.js';
import type { TrackedFact } from '../../tracking/core/fact.js';
import { commandsFor } from './commands.js';
import type { LoyaltyService } from './loyalty-service.js';
import type { PostingOutcome } from './model.js';

export type LoyaltyEventResult =
  | { readonly status: 'ignored'; readonly reason: string }
  | (PostingOutcome & { readonly customerId: string });

/**
 * A tracked storefront fact -> a posting on the customer's account. Tracking has resolved the customer and dropped
 * what occurred before a purge, so this reads nothing but the account.
 */
export async function loyaltyForTrackedFact(loyalty: LoyaltyService, fact: TrackedFact): Promise<LoyaltyEventResult> {
  const [first, ...rest] = commandsFor(fact.event, fact.occurredAt, fact.key);
  if (!first) return { status: 'ignored', reason: `${fact.event.type} does not concern loyalty` };
  // Each posting is idempotent on its own, so a retry after a failure between them completes the rest.
  const result = await loyalty.apply(fact.customerId, first);
  // An order that cannot be converted is parked with the reason (GET /dlq): replayed once the rate is configured.
  const { outcome } = result;
  if (outcome.status === 'refused' && outcome.reason === 'no-exchange-rate') {
    throw new ValidationError([
      { path: 'detail.currency', message: `${outcome.message} in workflows/currencies.json` },
    ]);
  }
  for (const command of rest) await loyalty.apply(fact.customerId, command);
  return { ...result.outcome, customerId: fact.customerId };
}
