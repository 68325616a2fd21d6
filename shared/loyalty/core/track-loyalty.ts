import { erasedBy } from '../../lifecycle/core/purge.js';
import type { EventEnvelope } from '../../schemas/envelope.js';
import { isAnonymousCustomerId } from '../../tracking/core/model.js';
import type { TrackingStore } from '../../tracking/core/ports.js';
import { parseStorefrontEnvelope, resolveCustomer } from '../../tracking/core/track-storefront.js';
import { commandsFor } from './commands.js';
import type { LoyaltyService } from './loyalty-service.js';
import type { PostingOutcome } from './model.js';

export type LoyaltyEventResult =
  | { readonly status: 'ignored'; readonly reason: string }
  | (PostingOutcome & { readonly customerId: string });

/** A storefront event -> a posting on the customer's account. Visitors not yet identified earn nothing. */
export async function loyaltyForStorefrontEvent(
  identities: Pick<TrackingStore, 'customerIdByIdentity' | 'erasedAt'>,
  loyalty: LoyaltyService,
  envelope: EventEnvelope,
): Promise<LoyaltyEventResult> {
  const { event, key, occurredAt } = parseStorefrontEnvelope(envelope);
  const commands = commandsFor(event, occurredAt, key);
  const [first, ...rest] = commands;
  if (!first) return { status: 'ignored', reason: `${event.type} does not concern loyalty` };
  const customerId = await resolveCustomer(identities, event.detail);
  if (isAnonymousCustomerId(customerId)) return { status: 'ignored', reason: 'anonymous visitor' };
  if (erasedBy(await identities.erasedAt(customerId), occurredAt)) {
    return { status: 'ignored', reason: 'the customer was purged after it occurred' };
  }
  // Each posting is idempotent on its own, so a retry after a failure between them completes the rest.
  const result = await loyalty.apply(customerId, first);
  for (const command of rest) await loyalty.apply(customerId, command);
  return { ...result.outcome, customerId };
}
