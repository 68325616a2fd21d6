import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EngineHarness, startHarness } from './local-engine.js';
import { observe, order, registered, shop } from './observe.js';

// The shipped win-back workflow on the local engine. Nobody announces the inactivity by hand: the engine's own daily
// inactivity sweep runs at each midnight (UTC) the clock passes and announces the customers whose 60th silent day
// ended (`Customer Became Inactive`, source rekindle). The purge step asks for the erasure with
// `Customer Purge Requested`, which the purge function carries out (`Customer Purged`).
const start = '2026-11-02T10:00:00.000Z';
/** 60 days after the last activity: the crossing instant the announcement carries. */
const inactiveAt = '2027-01-01T10:00:00.000Z';
/** The midnight after the crossing day: when the sweep announces it and the workflow acts. */
const announcedAt = '2027-01-02T00:00:00.000Z';

describe('win-back on the local engine', () => {
  let h: EngineHarness;
  let o: ReturnType<typeof observe>;
  const silent = 'cus_winback_silent';
  const returning = 'cus_winback_returning';
  // The enrollment starts at the crossing instant the event carries, so its waits count from there.
  const later = (days: number) => new Date(Date.parse(inactiveAt) + days * 86_400_000).toISOString();

  beforeAll(async () => {
    h = await startHarness(new Date(start));
    o = observe(h);
    await o.send(registered(silent, start), registered(returning, start));
    await o.clockTo(announcedAt);
  });
  afterAll(async () => h?.stop());

  it('the sweep announces 60 days of silence once per customer, at the crossing instant', async () => {
    const announced = await o.busEvents<{ customerId: string; days: number }>('Customer Became Inactive');
    const sixty = announced.filter((e) => e.days === 60 && [silent, returning].includes(e.customerId));
    expect(sixty.sort((a, b) => a.customerId.localeCompare(b.customerId))).toEqual(
      [returning, silent].map((customerId) =>
        expect.objectContaining({ customerId, basis: 'activity', days: 60, occurredAt: inactiveAt }),
      ),
    );
  });

  it('offers 15% as soon as the silence is announced to a customer silent for 60 days', async () => {
    for (const customerId of [silent, returning]) {
      const sent = await o.messages(customerId, 'win-back');
      expect(sent.map((m) => [m.step, m.status, m.at])).toEqual([['we-miss-you', 'sent', announcedAt]]);
      expect((await o.email(sent[0]))?.subject).toMatch(/We miss you.*15%/);
    }
  });

  it('a customer who buys leaves it, converted, and hears nothing more', async () => {
    await o.clockTo(later(3));
    await o.send(order(returning, 'ord_winback_1', later(3), 120));
    expect(await o.enrollment(returning, 'win-back')).toMatchObject({ status: 'converted' });
    await o.clockTo(later(60));
    expect((await o.messages(returning, 'win-back')).map((m) => m.step)).toEqual(['we-miss-you']);
    expect(await o.busEvents<{ customerId: string }>('Customer Purge Requested')).not.toContainEqual(
      expect.objectContaining({ customerId: returning }),
    );
  });

  it('one who stays silent gets the last 25% offer after two weeks, then is tagged and purged 30 days later', async () => {
    // The purge (at day 44) is behind us already: what was sent shows in the SES emulator's store.
    const winBack = (await o.emailsTo(`${silent}@example.com`)).filter((e) =>
      /We miss you|Last chance/.test(e.subject),
    );
    expect(winBack.map((e) => e.subject)).toEqual([
      expect.stringMatching(/We miss you.*15%/),
      expect.stringMatching(/Last chance: 25%/),
    ]);
    const purges = await o.busEvents<{ customerId: string; reason: string; occurredAt: string }>(
      'Customer Purge Requested',
    );
    expect(purges).toEqual([
      expect.objectContaining({
        customerId: silent,
        reason: 'inactive, no answer to the win-back offers',
        occurredAt: later(44),
      }),
    ]);
    expect(await o.busEvents('Customer Purged')).toEqual([
      expect.objectContaining({
        customerId: silent,
        reason: 'inactive, no answer to the win-back offers',
        requestedBy: 'workflow win-back step purge',
        requestedAt: later(44),
        purgedAt: later(44),
        counts: expect.objectContaining({ profile: 1, enrollments: expect.any(Number), suppressions: 2 }),
      }),
    ]);
    expect(await o.stats('win-back')).toMatchObject({
      entered: 2,
      converted: 1,
      revenue: 120,
      exited: { purged: 1 },
      steps: { 'we-miss-you': 2, 'last-chance': 1, mark: 1, purge: 1 },
    });
  });

  it('the purged customer is gone: 404, an empty export, and nothing sent after the purge', async () => {
    expect((await h.get(`/customers/${silent}`)).status).toBe(404);
    const exported = await h.get(`/customers/${silent}/export`);
    expect(exported.status).toBe(200);
    expect(exported.body).toMatchObject({
      profile: null,
      anonymousVisits: [],
      erasure: { purgedAt: later(44), reason: 'inactive, no answer to the win-back offers' },
    });
    const { held } = exported.body as { held: Record<string, unknown[]> };
    expect(Object.values(held).flat()).toEqual([]);
    const sentBefore = (await o.emailsTo(`${silent}@example.com`)).length;
    await o.clockTo(later(200)); // past every timer the customer ever had (welcome, points, birthday...)
    expect(await o.emailsTo(`${silent}@example.com`)).toHaveLength(sentBefore);
  });

  it('a new registration with the same email gets no marketing until it consents again', async () => {
    const newcomer = 'cus_winback_newcomer';
    const address = `${silent}@example.com`;
    const sentBefore = (await o.emailsTo(address)).length;
    // The sign-up form ticks email consent, but the address was purged: the welcome is a recorded skip.
    await o.clockTo(later(201));
    await o.send(registered(newcomer, later(201), { email: address }));
    const skipped = await o.messages(newcomer, 'welcome-series');
    expect(skipped.map((m) => [m.step, m.status, m.history[0]?.detail])).toEqual([
      ['welcome', 'skipped', 'suppressed'],
    ]);
    // The customer opts in again (e.g. in their account settings): the series' first-order offer, 3 days on, goes out.
    await o.clockTo(later(202));
    await o.send(shop('Customer Updated', { customerId: newcomer, occurredAt: later(202), consents: { email: true } }));
    await o.clockTo(later(205));
    const offer = (await o.messages(newcomer, 'welcome-series')).find((m) => m.step === 'offer');
    expect(offer?.status).toBe('sent');
    expect(await o.emailsTo(address)).toHaveLength(sentBefore + 1);
  });
});
