import type { CustomerView } from '../../customer/core/views.js';
import type { CustomerReader } from '../../customer/store/customer-reader.js';
import { balanceAt } from '../../loyalty/core/balance.js';
import type { LoyaltyStore } from '../../loyalty/core/ports.js';
import type { EngagementReader } from '../../messaging/core/ports.js';
import type { TrackedCustomer } from '../../tracking/core/fact.js';
import { consentChannels } from '../../tracking/core/model.js';
import type { CustomerFacts } from '../core/executor/ports.js';
import type { FactsNeeded } from '../core/interpreter/facts-needed.js';
import type { Context, IncomingEvent, Profile } from '../core/interpreter/types.js';
import type { Scalar } from '../core/schema/workflow.js';

const everything: FactsNeeded = { profile: true, points: true, stats: true, engagement: true };

/** Events replayed into a new enrollment: the newest this many tracked after its start. */
const replayLimit = 50;

/**
 * The customer's facts for branch conditions, read from tracking (profile, stats), loyalty (points, tier) and
 * messaging (engagement of this enrollment's messages); the timeline stands in as the recent-event buffer.
 */
export class StoredCustomerFacts implements CustomerFacts {
  constructor(
    private readonly customers: CustomerReader,
    private readonly loyalty: Pick<LoyaltyStore, 'load'>,
    private readonly engagement: EngagementReader | null,
    private readonly now: () => Date,
  ) {}

  async context(
    customerId: string,
    enrollmentId: string,
    needs: FactsNeeded = everything,
    known?: TrackedCustomer,
  ): Promise<Context> {
    const [view, account, engagement] = await Promise.all([
      known ?? (needs.profile || needs.stats ? this.customers.profile(customerId) : null),
      needs.points ? this.loyalty.load(customerId) : null,
      needs.engagement && this.engagement ? this.engagement.engagementFor(customerId, enrollmentId) : {},
    ]);
    const balance = account ? balanceAt(account.account, this.now().toISOString()) : undefined;
    return {
      profile: { ...(view ? profileOf(view) : {}), tier: account?.account.tier ?? null },
      points: balance ?? { available: 0, pending: 0, lifetime: 0 },
      ...(view ? { stats: { ...view.stats } } : {}),
      engagement,
    };
  }

  async eventsSince(customerId: string, since: string): Promise<(IncomingEvent & { readonly id: string })[]> {
    const page = await this.customers.timeline(customerId, { limit: replayLimit });
    return page.items
      .filter((entry) => entry.occurredAt >= since)
      .reverse()
      .map((entry) => ({
        id: entry.key,
        detailType: entry.type,
        source: entry.source,
        detail: { ...entry.data, customerId },
        occurredAt: entry.occurredAt,
      }));
  }
}

function profileOf(view: Omit<CustomerView, 'carts' | 'segments' | 'revenueByCurrency'>): Profile {
  const consents: Partial<Record<(typeof consentChannels)[number], boolean>> = {};
  for (const channel of consentChannels) {
    const consent = view.consents[channel];
    if (consent) consents[channel] = consent.granted;
  }
  const attributes: Record<string, Scalar> = {};
  for (const [name, value] of Object.entries(view.attributes)) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') attributes[name] = value;
  }
  return {
    email: view.email,
    phone: view.phone,
    firstName: view.firstName,
    lastName: view.lastName,
    locale: view.locale,
    birthday: view.birthday,
    registeredAt: view.registeredAt,
    lastActiveAt: view.lastActiveAt,
    timezone: view.timezone,
    consents,
    attributes,
  };
}
