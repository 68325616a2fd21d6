import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EngineHarness, startHarness } from './local-engine.js';
import { observe, order, registered, shop } from './observe.js';

// "No purchase in N days" on the local engine: the daily sweep announces `Customer Became Inactive` {basis purchase}
// 90 days after a customer's last order (NO_PURCHASE_DAYS, default 90 and 180), and one clock jump stops at the
// midnight after that day, so a workflow on `noPurchaseDays: 90` acts then. The buyer browsed after the order, so no
// activity crossing falls on that day: only the purchase crossing can stop the clock there.
const start = '2026-11-02T10:00:00.000Z';
const browsedAt = '2026-11-20T12:00:00.000Z';
/** 90 days after the order, and the midnight after that day. */
const lapsedAt = '2027-01-31T10:00:00.000Z';
const announcedAt = '2027-02-01T00:00:00.000Z';

const lapsedBuyer = {
  id: 'lapsed-buyer',
  version: 1,
  name: 'An offer to buyers with no order for 90 days',
  trigger: { segment: { noPurchaseDays: 90 } },
  reentry: { policy: 'afterExit' },
  start: 'offer',
  steps: {
    offer: {
      type: 'send',
      channel: 'email',
      template: 'win-back',
      offer: { coupon: { percent: 10, expiresIn: 'P14D' } },
      next: 'done',
    },
    done: { type: 'exit' },
  },
};

interface Inactive {
  customerId: string;
  eventId: string;
  basis: string;
  days: number;
  occurredAt: string;
}

describe('no purchase in 90 days on the local engine', () => {
  let h: EngineHarness;
  let o: ReturnType<typeof observe>;
  let workflowsDir: string;
  const buyer = 'cus_np_buyer';
  const browser = 'cus_np_never_ordered';
  const returning = 'cus_np_returning';

  beforeAll(async () => {
    workflowsDir = mkdtempSync(join(tmpdir(), 'rekindle-no-purchase-'));
    cpSync('workflows', workflowsDir, { recursive: true });
    writeFileSync(join(workflowsDir, 'lapsed-buyer.workflow.json'), JSON.stringify(lapsedBuyer, null, 2));
    h = await startHarness(new Date(start), { workflowsDir });
    o = observe(h);
    await o.send(
      registered(buyer, start),
      registered(browser, start),
      registered(returning, start),
      order(buyer, 'ord_np_1', start, 80),
      order(returning, 'ord_np_2', start, 80),
    );
    await o.clockTo(browsedAt);
    const viewed = (customerId: string) =>
      shop('Product Viewed', { customerId, occurredAt: browsedAt, product: { productId: 'p-oud' } });
    await o.send(viewed(buyer), viewed(browser), order(returning, 'ord_np_3', browsedAt, 40));
    await o.clockTo('2027-02-10T09:00:00.000Z'); // one jump, past the crossing
  });
  afterAll(async () => {
    await h?.stop();
    rmSync(workflowsDir, { recursive: true, force: true });
  });

  it('announces the buyer 90 days after the last order, with basis purchase and an eventId of its own', async () => {
    const announced = await o.busEvents<Inactive>('Customer Became Inactive');
    expect(announced.filter((e) => e.basis === 'purchase')).toEqual([
      {
        customerId: buyer,
        eventId: `inactive:${buyer}:purchase:90:2026-11-02`,
        occurredAt: lapsedAt,
        basis: 'purchase',
        days: 90,
      },
    ]);
    // The activity basis goes on by itself: 30 and 60 days after the last visit (11-20) have passed.
    const activity = announced.filter((e) => e.customerId === buyer && e.basis === 'activity');
    expect(activity.map((e) => e.days).sort((a, b) => a - b)).toEqual([30, 60]);
  });

  it('does not announce on it a customer who never ordered, nor one whose later order reset the count', async () => {
    const announced = await o.busEvents<Inactive>('Customer Became Inactive');
    expect(announced.filter((e) => e.customerId === browser).map((e) => e.basis)).toEqual(['activity', 'activity']);
    expect(announced.filter((e) => e.customerId === returning && e.basis === 'purchase')).toEqual([]);
  });

  it('the clock jump stopped at the midnight after the 90th day: the noPurchaseDays workflow acted then', async () => {
    const sent = await o.messages(buyer, 'lapsed-buyer');
    expect(sent.map((m) => [m.step, m.status, m.at])).toEqual([['offer', 'sent', announcedAt]]);
    expect(await o.enrollment(browser, 'lapsed-buyer')).toBeUndefined();
    expect(await o.enrollment(returning, 'lapsed-buyer')).toBeUndefined();
  });
});
