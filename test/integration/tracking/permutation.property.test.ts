import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LoyaltyService } from '../../../shared/loyalty/core/loyalty-service.js';
import { loyaltyForTrackedFact } from '../../../shared/loyalty/core/track-loyalty.js';
import { loyaltySummary } from '../../../shared/loyalty/routes/loyalty-routes.js';
import { DynamoLoyaltyStore } from '../../../shared/loyalty/store/loyalty-store.js';
import { customerPk, sortPrefix } from '../../../shared/platform/dynamodb/keys.js';
import type { OutgoingEvent } from '../../../shared/platform/events.js';
import type { EventEnvelope } from '../../../shared/schemas/envelope.js';
import { parseTrackedFact } from '../../../shared/tracking/core/fact.js';
import { trackStorefrontEvent } from '../../../shared/tracking/core/track-storefront.js';
import { type DynamoFixture, useLocalDynamo } from '../../helpers/dynamo.js';
import { envelope, storefront } from '../../helpers/events.js';
import { shippedProgram } from '../loyalty/harness.js';

// One customer's short history (registration, updates, views, carts, orders, refunds), delivered in any order with
// each event 1-3 times, ends exactly where delivering each once in time order ends: the profile as the admin API
// shows it, the order rows, the timeline, the loyalty balance and the ledger. Tracking runs for real on dynalite;
// every fact it publishes goes through its bus form (JSON) to loyalty, as the loyalty function receives it.

// PERMUTATION_PROPERTY_RUNS=500 for a deeper search.
const numRuns = Number(process.env.PERMUTATION_PROPERTY_RUNS ?? 30);
const dynamo = useLocalDynamo();
const program = shippedProgram();
const base = Date.parse('2026-11-02T08:00:00.000Z');

type Step =
  | { readonly kind: 'update'; readonly email?: number; readonly locale?: string; readonly consents?: Consents }
  | { readonly kind: 'view'; readonly product: number }
  | { readonly kind: 'cart'; readonly cart: number; readonly cents: number }
  | { readonly kind: 'order'; readonly cents: number; readonly cart?: number; readonly fragrance: boolean }
  | { readonly kind: 'refund'; readonly order: number; readonly percent: number };
type Consents = { readonly email?: boolean; readonly sms?: boolean };

interface History {
  /** Where the registration stands among the steps, in time. */
  readonly registration: { readonly at: number; readonly consents: Consents; readonly locale: string };
  readonly steps: readonly Step[];
  /** Distinct minutes after `base` (over four hours, so some events share an hour and some do not), ascending. */
  readonly minutes: readonly number[];
}

interface Case {
  readonly history: History;
  /** Indexes into the history's events (time order): every event 1-3 times, in any order. */
  readonly deliveries: readonly number[];
  /** Loyalty gets every fact a second time at the end, newest first (facts are at-least-once too). */
  readonly factsAgain: boolean;
}

const locales = ['en-US', 'ar-SA', 'fa-IR'] as const;
const consents: fc.Arbitrary<Consents> = fc.record({ email: fc.boolean(), sms: fc.boolean() }, { requiredKeys: [] });
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record(
    { kind: fc.constant('update'), email: fc.nat(2), locale: fc.constantFrom(...locales), consents },
    { requiredKeys: ['kind'] },
  ),
  fc.record({ kind: fc.constant('view'), product: fc.nat(3) }),
  fc.record({ kind: fc.constant('cart'), cart: fc.nat(1), cents: fc.integer({ min: 100, max: 30_000 }) }),
  fc.record(
    {
      kind: fc.constant('order'),
      // At most 140 SAR an order, so seven stay under silver (1000 SAR): an order is earned at the tier held when
      // it is *posted*, so past a threshold the points depend on arrival (test/unit/loyalty: `orderFree`).
      cents: fc.integer({ min: 100, max: 14_000 }),
      cart: fc.nat(1),
      fragrance: fc.boolean(),
    },
    { requiredKeys: ['kind', 'cents', 'fragrance'] },
  ),
  fc.record({ kind: fc.constant('refund'), order: fc.nat(3), percent: fc.integer({ min: 1, max: 100 }) }),
);

const history: fc.Arbitrary<History> = fc.array(step, { minLength: 3, maxLength: 7 }).chain((steps) =>
  fc.record({
    registration: fc.record({
      at: fc.nat(steps.length),
      consents,
      locale: fc.constantFrom(...locales),
    }),
    steps: fc.constant(steps),
    minutes: fc
      .uniqueArray(fc.integer({ min: 0, max: 240 }), { minLength: steps.length + 1, maxLength: steps.length + 1 })
      .map((m) => [...m].sort((a, b) => a - b)),
  }),
);

const cases: fc.Arbitrary<Case> = history.chain((h) =>
  fc
    .array(fc.integer({ min: 1, max: 3 }), { minLength: h.steps.length + 1, maxLength: h.steps.length + 1 })
    .chain((times) => {
      const all = times.flatMap((n, i) => Array.from({ length: n }, () => i));
      return fc.record({
        history: fc.constant(h),
        deliveries: fc.shuffledSubarray(all, { minLength: all.length, maxLength: all.length }),
        factsAgain: fc.boolean(),
      });
    }),
);

/** The history's events for one customer, in time order. A refund is of an order that came before it. */
function eventsOf(h: History, customerId: string): EventEnvelope[] {
  const steps: (Step | { readonly kind: 'registration' })[] = [...h.steps];
  steps.splice(h.registration.at, 0, { kind: 'registration' });
  const made: Made = { customerId, registration: h.registration, orders: [], orderedCarts: new Set() };
  return steps.map((s, i) => {
    const occurredAt = new Date(base + (h.minutes[i] ?? 0) * 60_000).toISOString();
    return eventOf(s, { customerId, eventId: `evt_${i}`, occurredAt }, made);
  });
}

/** What the events made so far: the orders (for refunds) and the carts they ordered. */
interface Made {
  readonly customerId: string;
  readonly registration: History['registration'];
  readonly orders: { orderId: string; total: number }[];
  /**
   * One order per cart: a cart ordered twice keeps the mark of whichever order was tracked last, not of the latest
   * order (tracking-store.ts `putOrder` writes orderId/orderedAt unconditionally), so that case is left out here.
   */
  readonly orderedCarts: Set<number>;
}

function eventOf(
  s: Step | { readonly kind: 'registration' },
  who: { customerId: string; eventId: string; occurredAt: string },
  made: Made,
): EventEnvelope {
  const { customerId } = made;
  switch (s.kind) {
    case 'registration':
      return storefront('Customer Registered', {
        ...who,
        email: `${customerId}.0@example.com`,
        firstName: 'Layla',
        locale: made.registration.locale,
        timezone: 'Asia/Riyadh',
        consents: made.registration.consents,
      });
    case 'update':
      return storefront('Customer Updated', {
        ...who,
        ...(s.email === undefined ? {} : { email: `${customerId}.${s.email}@example.com` }),
        ...(s.locale === undefined ? {} : { locale: s.locale }),
        ...(s.consents === undefined ? {} : { consents: s.consents }),
      });
    case 'view':
      return storefront('Product Viewed', { ...who, product: { productId: `p-${s.product}` } });
    case 'cart':
      return storefront('Cart Updated', {
        ...who,
        cartId: `cart-${s.cart}`,
        currency: 'SAR',
        total: s.cents / 100,
        items: [{ productId: 'p-1', name: 'Oud', price: s.cents / 100, quantity: 1 }],
      });
    case 'order': {
      const orderId = `ord-${made.orders.length}`;
      const total = s.cents / 100;
      made.orders.push({ orderId, total });
      const cart = s.cart === undefined || made.orderedCarts.has(s.cart) ? undefined : s.cart;
      if (cart !== undefined) made.orderedCarts.add(cart);
      return storefront('Order Completed', {
        ...who,
        orderId,
        ...(cart === undefined ? {} : { cartId: `cart-${cart}` }),
        currency: 'SAR',
        total,
        items: [
          { productId: 'p-1', name: 'Oud', price: total, quantity: 1, category: s.fragrance ? 'Fragrance' : 'Home' },
        ],
      });
    }
    case 'refund': {
      const order = made.orders[s.order % Math.max(1, made.orders.length)];
      if (!order) return storefront('Product Viewed', { ...who, product: { productId: 'p-none' } });
      return storefront('Order Refunded', {
        ...who,
        orderId: order.orderId,
        refundId: `ref-${who.eventId}`,
        amount: Math.round(order.total * s.percent) / 100,
        currency: 'SAR',
      });
    }
  }
}

/** Tracks each delivery, then hands the facts it published (as the bus carries them) to loyalty. */
async function deliver(f: DynamoFixture, events: readonly EventEnvelope[], c: Pick<Case, 'deliveries' | 'factsAgain'>) {
  const loyalty = new LoyaltyService(
    new DynamoLoyaltyStore(f.db, f.table),
    { publish: async () => undefined },
    program,
  );
  const published: OutgoingEvent[] = [];
  const facts = { publish: async (out: readonly OutgoingEvent[]) => void published.push(...out) };
  const toLoyalty = async (event: OutgoingEvent) => {
    const onTheBus = envelope('rekindle', event.type, JSON.parse(JSON.stringify(event.detail)));
    await loyaltyForTrackedFact(loyalty, parseTrackedFact(onTheBus));
  };
  for (const i of c.deliveries) {
    const event = events[i];
    if (!event) throw new Error(`no event ${i}`);
    const before = published.length;
    await trackStorefrontEvent(f.store, event, facts);
    for (const fact of published.slice(before)) await toLoyalty(fact);
  }
  if (c.factsAgain) for (const fact of [...published].reverse()) await toLoyalty(fact);
}

/** Everything a customer's history leaves, with their id replaced so that two customers can be compared. */
async function stateOf(f: DynamoFixture, customerId: string) {
  const store = new DynamoLoyaltyStore(f.db, f.table);
  const service = new LoyaltyService(store, { publish: async () => undefined }, program);
  const customer = await f.reader.customer(customerId);
  const orders = await f.db.send(
    new QueryCommand({
      TableName: f.table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :order)',
      ExpressionAttributeValues: { ':pk': customerPk(customerId), ':order': sortPrefix.order },
    }),
  );
  const balanceAt = async (days: number) =>
    loyaltySummary({ store, service, now: () => new Date(base + days * 86_400_000) }, customerId);
  const ledger = (await store.ledger(customerId, 500)).items;
  const state = {
    // lastActiveAt is deliberately exact only to the hour: it moves only into a later hour (plan-storefront.ts
    // `movesActivity`), so which event of that hour set it depends on the delivery order. Compared to the hour.
    customer: customer && {
      ...customer,
      lastActiveAt: customer.lastActiveAt?.slice(0, 13),
      stats: { ...customer.stats, lastActiveAt: customer.stats.lastActiveAt?.slice(0, 13) },
    },
    // Refunds beyond an order's total are capped in arrival order: which refund the cap falls on depends on arrival,
    // what the order counts as refunded in all does not. Compared: the refunds' keys and the total.
    orders: (orders.Items ?? []).map(({ pk: _pk, ...row }) => ({
      ...Object.fromEntries(Object.entries(row).filter(([name]) => !name.startsWith('refund:'))),
      refundKeys: Object.keys(row)
        .filter((name) => name.startsWith('refund:'))
        .sort(),
      refunded: Math.round(Number(row.refunded ?? 0) * 100) / 100,
    })),
    timeline: (await f.reader.timeline(customerId, { limit: 100 })).items,
    // In the return window, and after it (the order points released).
    loyalty: [await balanceAt(1), await balanceAt(20)],
    ledger: [...ledger]
      .sort((a, b) => (a.key < b.key ? -1 : 1))
      // Refunds of one order reverse round(points x refunded so far / total) in all, so which refund a rounded
      // point falls to (an entry, or none) depends on the order they were applied in; each order's total does not.
      .filter((e) => e.type !== 'reverse')
      // The nth-order bonus belongs to the nth order by time: an earlier order arriving late takes it over (a bonus
      // given and taken back on the way), so the entries depend on arrival; what each order nets does not.
      .filter((e) => !e.key.startsWith('bonus:nth:') && !e.key.startsWith('reverse:nth:')),
    netPointsPerOrder: netPointsPerOrder(ledger),
  };
  return JSON.parse(JSON.stringify(state).replaceAll(customerId, '<customer>'));
}

function netPointsPerOrder(ledger: readonly { points: number; orderId?: string | undefined }[]) {
  const sums: Record<string, number> = {};
  for (const e of ledger) if (e.orderId !== undefined) sums[e.orderId] = (sums[e.orderId] ?? 0) + e.points;
  return sums;
}

let runs = 0;

async function check(c: Case): Promise<void> {
  const f = dynamo();
  runs += 1;
  const inOrder = `cus_perm_${runs}_once`;
  const shuffled = `cus_perm_${runs}_any`;
  const once = eventsOf(c.history, inOrder);
  await deliver(f, once, { deliveries: once.map((_, i) => i), factsAgain: false });
  await deliver(f, eventsOf(c.history, shuffled), c);
  expect(await stateOf(f, shuffled)).toEqual(await stateOf(f, inOrder));
}

/** A refund delivered before its order (and the order twice), the registration last. */
const refundFirst: Case = {
  history: {
    registration: { at: 0, consents: { email: true, sms: false }, locale: 'en-US' },
    steps: [
      { kind: 'cart', cart: 0, cents: 25_050 },
      { kind: 'order', cents: 25_050, cart: 0, fragrance: true },
      { kind: 'refund', order: 0, percent: 40 },
      { kind: 'update', email: 1, consents: { email: false } },
    ],
    minutes: [0, 10, 12, 70, 75],
  },
  deliveries: [3, 2, 4, 2, 1, 0],
  factsAgain: true,
};

describe('one customer’s history, delivered in any order and more than once', () => {
  it('ends in the same profile, orders, timeline, points and ledger as delivering each event once in order', async () => {
    await fc.assert(fc.asyncProperty(cases, check), { numRuns, examples: [[refundFirst]] });
  }, 300_000);
});
