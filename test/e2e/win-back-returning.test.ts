import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EngineHarness, startHarness } from './local-engine.js';
import { observe, order, registered, visit } from './observe.js';

// Issue 12: the shipped win-back purged a customer who, after 61 silent days, viewed products every week for seven
// weeks without ordering. A customer who comes back leaves the win-back (any activity, not only an order), keeps
// their profile and points, and still counts as won back if they order within the goal's window.
const start = '2026-11-02T10:00:00.000Z';
const inactiveAt = '2027-01-01T10:00:00.000Z';
const announcedAt = '2027-01-02T00:00:00.000Z';
const later = (days: number) => new Date(Date.parse(inactiveAt) + days * 86_400_000).toISOString();

describe('win-back, a customer who comes back without ordering', () => {
  let h: EngineHarness;
  let o: ReturnType<typeof observe>;
  const browsing = 'cus_winback_browsing';

  beforeAll(async () => {
    h = await startHarness(new Date(start));
    o = observe(h);
    await o.send(registered(browsing, start));
    await o.clockTo(announcedAt);
    for (let week = 1; week <= 7; week++) {
      await o.clockTo(later(week * 7));
      await o.send(visit(browsing, later(week * 7)));
    }
    await o.clockTo(later(58));
  });
  afterAll(async () => h?.stop());

  it('leaves the win-back on the first visit, with no last-chance offer and no purge', async () => {
    expect(await o.enrollment(browsing, 'win-back')).toMatchObject({ status: 'exited', exitReason: 'exit-event' });
    expect((await o.messages(browsing, 'win-back')).map((m) => m.step)).toEqual(['we-miss-you']);
    expect(await o.busEvents<{ customerId: string }>('Customer Purge Requested')).not.toContainEqual(
      expect.objectContaining({ customerId: browsing }),
    );
    expect(await o.customer(browsing)).toMatchObject({ email: `${browsing}@example.com` });
  });

  it('counts an order within the goal window after leaving as won back', async () => {
    await o.send(order(browsing, 'ord_back', later(58), 200));
    expect(await o.enrollment(browsing, 'win-back')).toMatchObject({ status: 'converted' });
    expect(await o.stats('win-back')).toMatchObject({ converted: 1, revenue: 200 });
  });
});
