import { beforeEach, describe, expect, it } from 'vitest';
import { createAdminApi, handleAdminRequest } from '../../../shared/admin/admin.js';
import { type InactiveCustomer, inactiveReport } from '../../../shared/lifecycle/core/inactive-report.js';
import { addDays } from '../../../shared/lifecycle/core/inactivity.js';
import { DynamoInactiveCustomers } from '../../../shared/lifecycle/store/inactive-customers.js';
import { LoyaltyService } from '../../../shared/loyalty/core/loyalty-service.js';
import { loyaltyForTrackedFact } from '../../../shared/loyalty/core/track-loyalty.js';
import { DynamoLoyaltyStore } from '../../../shared/loyalty/store/loyalty-store.js';
import type { EventEnvelope } from '../../../shared/schemas/envelope.js';
import { workflowDefinition } from '../../../shared/workflow/core/schema/workflow.js';
import { useLocalDynamo } from '../../helpers/dynamo.js';
import { lineItem, orderDetail, storefront } from '../../helpers/events.js';
import { metered } from '../../helpers/metered-dynamo.js';
import { shippedProgram } from '../loyalty/harness.js';
import { executorFixture } from '../workflow/harness.js';

const dynamo = useLocalDynamo();

// The report is read at `now` for 60 days: the cutoff is 2026-12-31T12:00Z, the default horizon 2023-12-31.
const now = new Date('2027-03-01T12:00:00.000Z');
const since = '2023-12-31';
const activeCustomers = 200;

/** Welcome email, then the end; an order within 14 days of registering is its conversion. */
const welcome = workflowDefinition.parse({
  id: 'welcome-test',
  version: 1,
  name: 'Welcome (test)',
  trigger: { event: { detailType: 'Customer Registered' } },
  reentry: { policy: 'never' },
  goal: { event: 'Order Completed', within: 'P14D' },
  start: 'hello',
  steps: { hello: { type: 'send', channel: 'email', template: 'welcome', next: 'done' }, done: { type: 'exit' } },
});

const at = (occurredAt: string) => ({ occurredAt, time: occurredAt });
const registered = (customerId: string, occurredAt: string, fields: Record<string, unknown> = {}) =>
  storefront('Customer Registered', { customerId, ...at(occurredAt), ...fields }, { time: occurredAt });
const order = (customerId: string, orderId: string, occurredAt: string, price: number) =>
  storefront(
    'Order Completed',
    orderDetail({ customerId }, orderId, occurredAt, [lineItem('p1', price)], { currency: 'SAR' }),
    {
      time: occurredAt,
    },
  );
const viewed = (who: Record<string, string>, occurredAt: string) =>
  storefront('Product Viewed', { ...who, occurredAt, product: { productId: 'p1' } }, { time: occurredAt });

/**
 * Storefront events through the real tracking, loyalty and workflow code (the executor's clock at each event):
 * - cus_layla: registered, two orders (SAR, the program's currency), a partial refund; last active 2026-12-20 18:00 (70 days); converted.
 * - cus_omar: registered 2026-06-15, never ordered: welcome timed out (its goal window passed).
 * - cus_edge_in / cus_edge_out: last active on the cutoff day, one hour before and after the cutoff instant.
 * - cus_ancient: last active 2023-06-01, before the default horizon.
 * - cus_back: silent since May, back on 2027-02-20; an anonymous visitor from 2026-09; 200 customers active since
 *   2027-01-01 (the activity path of tracking): none of them is listed, and none is read.
 */
async function seed(): Promise<void> {
  const f = dynamo();
  const fx = await executorFixture(f, [welcome], { start: '2023-06-01T00:00:00.000Z' });
  const loyalty = new LoyaltyService(
    new DynamoLoyaltyStore(f.db, f.table),
    { publish: async () => {} },
    shippedProgram(),
  );
  const send = async (...events: EventEnvelope[]) => {
    for (const event of events) {
      fx.clock.set(new Date(event.time));
      const fact = await fx.deliver(event);
      if (fact) await loyaltyForTrackedFact(loyalty, fact);
    }
  };
  await send(
    viewed({ customerId: 'cus_ancient' }, '2023-06-01T10:00:00.000Z'),
    registered('cus_back', '2026-05-01T10:00:00.000Z'),
    registered('cus_omar', '2026-06-15T08:00:00.000Z', { firstName: 'Omar', email: 'omar@example.com' }),
    viewed({ anonymousId: 'anon-1' }, '2026-09-01T10:00:00.000Z'),
    registered('cus_layla', '2026-10-01T09:00:00.000Z', {
      firstName: 'Layla',
      lastName: 'Haddad',
      email: 'layla@example.com',
    }),
    order('cus_layla', 'o-1', '2026-10-05T12:00:00.000Z', 200),
    storefront(
      'Order Refunded',
      { customerId: 'cus_layla', orderId: 'o-1', amount: 20, ...at('2026-12-01T12:00:00.000Z') },
      { time: '2026-12-01T12:00:00.000Z' },
    ),
    order('cus_layla', 'o-2', '2026-12-20T18:00:00.000Z', 50),
    viewed({ customerId: 'cus_edge_in' }, '2026-12-31T11:00:00.000Z'),
    viewed({ customerId: 'cus_edge_out' }, '2026-12-31T13:00:00.000Z'),
    viewed({ customerId: 'cus_back' }, '2027-02-20T10:00:00.000Z'),
  );
  for (let i = 0; i < activeCustomers; i += 50) {
    await Promise.all(
      Array.from({ length: 50 }, (_, k) =>
        f.profiles.touch(`cus_active_${i + k}`, `${addDays('2027-01-01', (i + k) % 59)}T09:00:00.000Z`),
      ),
    );
  }
}

function reportClient() {
  const { db, meter } = metered(dynamo().url);
  return { source: new DynamoInactiveCustomers(db, dynamo().table), meter, close: () => db.destroy() };
}

async function allPages(limit: number, extra: { since?: string } = {}): Promise<InactiveCustomer[][]> {
  const r = reportClient();
  const pages: InactiveCustomer[][] = [];
  let cursor: string | undefined;
  do {
    const page = await inactiveReport(r.source, { days: 60, limit, cursor, ...extra }, now);
    pages.push([...page.items]);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  r.close();
  return pages;
}

describe('inactive customers report over DynamoDB', () => {
  beforeEach(seed);

  it('lists exactly the known customers silent for 60 days, most recently silent first, with what to decide on', async () => {
    const r = reportClient();
    const page = await inactiveReport(r.source, { days: 60, limit: 100 }, now);
    r.close();
    expect(page.nextCursor).toBeNull();
    expect(page.items.map((c) => c.customerId)).toEqual(['cus_edge_in', 'cus_layla', 'cus_omar']);
    const [edge, layla, omar] = page.items;
    expect(edge).toMatchObject({ daysInactive: 60, orders: 0, revenue: 0, currency: null, lastOrderAt: null });
    expect(edge).toMatchObject({ name: null, email: null, lastCampaign: null, lastMessage: null });
    expect(layla).toEqual({
      customerId: 'cus_layla',
      name: 'Layla Haddad',
      email: 'l***@example.com',
      lastActiveAt: '2026-12-20T18:00:00.000Z',
      daysInactive: 70,
      orders: 2,
      lastOrderAt: '2026-12-20T18:00:00.000Z',
      revenue: 230,
      currency: 'SAR',
      // Signup 100, first order 50, 200 + 50 for the orders, 20 taken back by the refund: all past the return window.
      points: 380,
      tier: 'bronze',
      lastCampaign: {
        workflowId: 'welcome-test',
        workflowName: 'Welcome (test)',
        version: 1,
        enteredAt: '2026-10-01T09:00:00.000Z',
        outcome: 'converted',
        step: 'done',
        endedAt: '2026-10-01T09:00:00.000Z',
      },
      // The executor's messenger here records instead of sending: no message record (the e2e test has one).
      lastMessage: null,
    });
    expect(omar).toMatchObject({ name: 'Omar', email: 'o***@example.com', daysInactive: 259, points: 100 });
    expect(omar?.lastCampaign).toMatchObject({ workflowId: 'welcome-test', outcome: 'timed-out' });
  });

  it('reads the index day by day (keys of the silent only), never the active customers, and never scans', async () => {
    const r = reportClient();
    await inactiveReport(r.source, { days: 60, limit: 100 }, now);
    r.close();
    // Every day from the cutoff's back to the horizon, once: 2026-12-31 .. 2023-12-31 is 1,097 day partitions.
    const days = (Date.parse('2026-12-31') - Date.parse(since)) / 86_400_000 + 1;
    expect(r.meter.byIndex.byActiveDay).toEqual({ queries: days, items: 4 }); // the 3 listed and cus_edge_out
    expect(r.meter.batchGetKeys).toBe(8); // profile and loyalty account of those 4
    expect(r.meter.requests.Scan).toBeUndefined();
    // Per customer listed: its enrollments and its newest message; Layla's orders (currency); the workflow names.
    expect(r.meter.byIndex.table).toEqual({ queries: 3 + 3 + 1 + 1, items: expect.any(Number) });
  });

  it('pages of one give the same customers in the same order, each page reading only what it needs', async () => {
    const r = reportClient();
    const first = await inactiveReport(r.source, { days: 60, limit: 1 }, now);
    r.close();
    expect(first.items.map((c) => c.customerId)).toEqual(['cus_edge_in']);
    expect(r.meter.byIndex.byActiveDay).toEqual({ queries: 1, items: 1 });
    const pages = await allPages(1);
    expect(pages.flat().map((c) => c.customerId)).toEqual(['cus_edge_in', 'cus_layla', 'cus_omar']);
    expect(pages.at(-1)).toEqual([]); // the last customer filled a page: the one after it finds the rest empty
  });

  it('goes further back with `since`', async () => {
    const pages = await allPages(100, { since: '2023-01-01' });
    expect(pages.flat().map((c) => [c.customerId, c.daysInactive])).toEqual([
      ['cus_edge_in', 60],
      ['cus_layla', 70],
      ['cus_omar', 259],
      ['cus_ancient', 1369],
    ]);
  });

  it('GET /reports/inactive serves a page, and refuses a missing days, a since after the cutoff and a foreign cursor', async () => {
    const f = dynamo();
    const api = createAdminApi({
      customers: f.reader,
      parked: f.parked,
      reports: { inactive: new DynamoInactiveCustomers(f.db, f.table), now: () => now },
    });
    const get = (query: string) =>
      handleAdminRequest(api, {
        method: 'GET',
        path: '/reports/inactive',
        query: new URLSearchParams(query),
        body: undefined,
      });
    const ok = await get('days=60&limit=2');
    expect(ok.status).toBe(200);
    const body = ok.body as { items: InactiveCustomer[]; nextCursor: string };
    expect(body.items.map((c) => c.customerId)).toEqual(['cus_edge_in', 'cus_layla']);
    const next = await get(`days=60&limit=2&cursor=${body.nextCursor}`);
    expect((next.body as { items: InactiveCustomer[] }).items.map((c) => c.customerId)).toEqual(['cus_omar']);

    const issues = async (query: string) => {
      const res = await get(query);
      expect(res.status).toBe(400);
      return (res.body as { details: { path: string }[] }).details.map((d) => d.path);
    };
    expect(await issues('limit=5')).toEqual(['query.days']);
    expect(await issues('days=60&since=2027-01-01')).toEqual(['query.since']);
    expect(await issues('days=60&cursor=bm90LWEtY3Vyc29y')).toEqual(['query.cursor']);
    // A cursor of a 30-day report starts after the cutoff of a 90-day one.
    const thirty = (await get('days=30&limit=1')).body as { nextCursor: string };
    expect(await issues(`days=90&cursor=${thirty.nextCursor}`)).toEqual(['query.cursor']);
  });
});
