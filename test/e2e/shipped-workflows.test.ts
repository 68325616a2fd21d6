import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { nextOccasion } from '../../shared/platform/calendar/occasion-dates.js';
import { bucketOf, isHeldOut } from '../../shared/workflow/core/interpreter/assignment.js';
import type { StepOf } from '../../shared/workflow/core/schema/workflow.js';
import { shippedWorkflowJson } from '../helpers/shipped-workflows.js';
import { type EngineHarness, startHarness } from './local-engine.js';
import { observe, order, registered } from './observe.js';

// Some tests here live a year of engine time, visiting monthly: a few hundred clock stops, each running the due sweeps
// through the real servers. Their cost is work, not waiting (nothing polls or sleeps), so on this shared 2-core machine
// they get the room that work needs when another test run shares the cores.
vi.setConfig({ testTimeout: 120_000 });

// The shipped workflows other than abandoned-cart (its own test), each on the whole local engine: events in through
// the real SDK, time moved by POST /clock, results read back where a user would read them. One engine per workflow.
const start = '2026-11-02T10:00:00.000Z'; // 13:00 in Riyadh (UTC+3 all year)
const coupon = /^RK-[0-9A-F]{12}$/;

describe('welcome-series', () => {
  let h: EngineHarness;
  let o: ReturnType<typeof observe>;
  const prospect = 'cus_welcome_prospect';
  const buyer = 'cus_welcome_buyer';
  const offerAt = '2026-11-06T07:00:00.000Z'; // 3 days after sign-up, then the next 10:00 in Riyadh

  beforeAll(async () => {
    h = await startHarness(new Date(start));
    o = observe(h);
    await o.send(registered(prospect, start), registered(buyer, start));
  });
  afterAll(async () => h?.stop());

  it('sends the welcome email at sign-up and waits three days', async () => {
    expect(await o.enrollment(prospect, 'welcome-series')).toMatchObject({
      status: 'active',
      step: 'wait-3d',
      nextWakeAt: '2026-11-05T10:00:00.000Z',
    });
    const [welcome, ...more] = await o.messages(prospect, 'welcome-series');
    expect(more).toEqual([]);
    expect(welcome).toMatchObject({ step: 'welcome', template: 'welcome', at: start });
    // The workflow function gets `Customer Registered` at the same time as tracking; it acts once the event is
    // tracked, so the welcome sees the consent the registration carried (it was skipped as "no consent" before).
    expect(welcome?.history[0]).toEqual({ status: 'sent', at: start });
    expect((await o.email(welcome))?.subject).toBe('Welcome, Layla!');
  });

  it('at 10:00 in their time zone, one who has not ordered gets 100 points, a coupon and both tags', async () => {
    await o.clockTo('2026-11-03T12:00:00.000Z');
    await o.send(order(buyer, 'ord_welcome_1', '2026-11-03T12:00:00.000Z', 250));
    await o.clockTo('2026-11-05T10:00:00.000Z');
    expect(await o.enrollment(prospect, 'welcome-series')).toMatchObject({ step: 'morning', nextWakeAt: offerAt });
    await o.clockTo('2026-11-06T06:59:00.000Z');
    expect(await o.messages(prospect, 'welcome-series')).toHaveLength(1);

    await o.clockTo(offerAt);
    const offer = (await o.messages(prospect, 'welcome-series'))[1];
    expect(offer).toMatchObject({ step: 'offer', template: 'welcome-offer', status: 'sent', at: offerAt });
    expect(offer?.coupon?.code).toMatch(coupon);
    const email = await o.email(offer);
    expect(email?.subject).toBe('10% off your first order, Layla');
    expect(email?.body.html).toContain(offer?.coupon?.code);
    expect(await o.ledger(prospect)).toContainEqual(
      expect.objectContaining({ type: 'bonus', points: 100, at: offerAt }),
    );
    expect((await o.customer(prospect)).attributes).toMatchObject({ 'tag:welcomed': true, 'tag:no-first-order': true });
    expect(await o.enrollment(prospect, 'welcome-series')).toMatchObject({ status: 'exited', step: 'done' });
  });

  it('one who ordered meanwhile gets no offer, converts with the revenue and is tagged welcomed', async () => {
    expect((await o.messages(buyer, 'welcome-series')).map((m) => m.step)).toEqual(['welcome']);
    expect(await o.ledger(buyer)).not.toContainEqual(expect.objectContaining({ at: offerAt }));
    expect(await o.enrollment(buyer, 'welcome-series')).toMatchObject({ status: 'converted' });
    expect(await o.stats('welcome-series')).toMatchObject({
      entered: 2,
      converted: 1,
      revenue: 250,
      steps: { welcome: 2, offer: 1 },
    });
    const { attributes } = await o.customer(buyer);
    expect(attributes).not.toHaveProperty('tag:no-first-order');
    // Reaching the goal ends the enrollment, so the series tags `welcomed` right after the welcome, before any order.
    expect(attributes).toHaveProperty('tag:welcomed', true);
  });
});

describe('tier-upgrade', () => {
  let h: EngineHarness;
  let o: ReturnType<typeof observe>;
  const climber = 'cus_tier_climber';
  const steady = 'cus_tier_steady';
  type TierChanged = { customerId: string; from: string; to: string; direction: string };

  beforeAll(async () => {
    h = await startHarness(new Date(start));
    o = observe(h);
    await o.send(registered(climber, start), registered(steady, start));
    await o.send(order(climber, 'ord_tier_1', start, 600), order(steady, 'ord_tier_2', start, 600));
  });
  afterAll(async () => h?.stop());

  it('spend below the silver threshold changes nothing', async () => {
    expect((await o.customer(climber)).tier).toBe('bronze');
    expect(await o.busEvents('Tier Changed')).toEqual([]);
    expect(await o.messages(climber, 'tier-upgrade')).toEqual([]);
  });

  it('an order taking rolling spend past 1000 SAR moves the customer up, congratulates and remembers it', async () => {
    await o.advance('P2D');
    await o.send(order(climber, 'ord_tier_3', '2026-11-04T10:00:00.000Z', 500));
    const changes = await o.busEvents<TierChanged>('Tier Changed');
    expect(changes).toEqual([
      expect.objectContaining({ customerId: climber, from: 'bronze', to: 'silver', direction: 'up' }),
    ]);
    const [congrats, ...more] = await o.messages(climber, 'tier-upgrade');
    expect(more).toEqual([]);
    expect(congrats).toMatchObject({ step: 'congratulate', template: 'tier-upgrade', status: 'sent' });
    expect((await o.email(congrats))?.subject).toBe('Welcome to Silver');
    expect(await o.customer(climber)).toMatchObject({ tier: 'silver', attributes: { congratulatedTier: true } });
    expect(await o.enrollment(climber, 'tier-upgrade')).toMatchObject({ status: 'exited', step: 'done' });

    expect(await o.messages(steady, 'tier-upgrade')).toEqual([]);
    expect((await o.customer(steady)).attributes).not.toHaveProperty('congratulatedTier');
  });
});

describe('points-expiring', () => {
  let h: EngineHarness;
  let o: ReturnType<typeof observe>;
  const saver = 'cus_points_saver';
  // Sign-up bonus, the order's points and the first-order bonus were all credited on 2026-11-02 (the order's
  // points released at the midnight after its return window), so they all turn 12 months old on 2027-11-02 and
  // expire together at the start of the next month, 2027-12-01; the program reminds 30 days before, on 2027-11-01
  // at midnight (UTC), when the clock's jump stops for the sweep.
  const expiresAt = '2027-12-01T00:00:00.000Z';
  const remindAt = '2027-11-01T00:00:00.000Z';

  beforeAll(async () => {
    h = await startHarness(new Date(start));
    o = observe(h);
    await o.send(registered(saver, start));
    await o.send(order(saver, 'ord_points_1', start, 600));
  });
  afterAll(async () => h?.stop());

  it('reminds once, 30 days before the points expire, however the clock moves after', async () => {
    // A saver who keeps visiting (a silent one would have been won back, then purged, by now).
    // The day before the reminder: nothing yet; the next day's jump passes remindAt.
    await o.clockToVisiting('2027-10-31T10:00:00.000Z', [saver]);
    expect(await o.messages(saver, 'points-expiring')).toEqual([]);
    await o.advance('P1D');
    const reminders = await o.messages(saver, 'points-expiring');
    // The loyalty tick publishes one `Points Expiring` per lot, and the sign-up bonus, the order's points and the
    // first-order bonus expire at the same instant: one enrollment per `expiresAt`, never re-entered, reminds once.
    expect(reminders).toEqual([
      expect.objectContaining({ step: 'remind', template: 'points-expiring', status: 'sent', at: remindAt }),
    ]);
    expect((await o.email(reminders[0]))?.subject).toBe('Your points expire soon');
    await o.advance('PT1H');
    await o.advance('P10D');
    expect(await o.messages(saver, 'points-expiring')).toHaveLength(1);
    expect(await o.enrollment(saver, 'points-expiring')).toMatchObject({ status: 'exited' });
    expect((await o.busEvents<{ expiresAt: string }>('Points Expiring')).map((e) => e.expiresAt)).toContain(expiresAt);
  });

  it('a redemption within 30 days of the reminder counts as a conversion', async () => {
    const redeemed = await h.post(`/customers/${saver}/redemptions`, { key: 'before-expiry', points: 500 });
    expect(redeemed.status).toBe(201);
    await h.settle();
    expect(await o.enrollment(saver, 'points-expiring')).toMatchObject({ status: 'converted' });
    expect(await o.stats('points-expiring')).toMatchObject({ converted: 1 });
  });
});

describe('birthday-bonus', () => {
  let h: EngineHarness;
  let o: ReturnType<typeof observe>;
  const member = 'cus_bday_member'; // Tehran, UTC+3:30: 09:00 local is 05:30Z
  const gold = 'cus_bday_gold'; // Riyadh: 09:00 local is 06:00Z
  const memberAt = (year: number) => `${year}-11-10T05:30:00.000Z`;
  const goldAt = (year: number) => `${year}-11-20T06:00:00.000Z`;
  const giftsAt = async (customerId: string, at: string) =>
    (await o.ledger(customerId)).filter((e) => e.at === at && e.points === 300);

  beforeAll(async () => {
    h = await startHarness(new Date(start));
    o = observe(h);
    await o.send(
      registered(member, start, { birthday: '1990-11-10', timezone: 'Asia/Tehran' }),
      registered(gold, start, { birthday: '--11-20' }),
    );
    await o.send(order(gold, 'ord_bday_1', start, 5200)); // past the gold threshold (5000 SAR)
  });
  afterAll(async () => h?.stop());

  it('sends the birthday email with a coupon at 09:00 local on the day, not before', async () => {
    expect((await o.customer(gold)).tier).toBe('gold');
    await o.clockTo('2026-11-10T05:29:00.000Z');
    expect(await o.messages(member, 'birthday-bonus')).toEqual([]);
    await o.clockTo(memberAt(2026));
    const [greeting, ...more] = await o.messages(member, 'birthday-bonus');
    expect(more).toEqual([]);
    expect(greeting).toMatchObject({ step: 'email', template: 'birthday', status: 'sent', at: memberAt(2026) });
    expect(greeting?.coupon?.code).toMatch(coupon);
    const email = await o.email(greeting);
    expect(email?.subject).toBe('Happy birthday, Layla!');
    expect(email?.body.html).toContain(greeting?.coupon?.code);
    expect(await giftsAt(member, memberAt(2026))).toEqual([]); // bronze: no gift
    expect(await o.messages(gold, 'birthday-bonus')).toEqual([]);
  });

  it('a gold member also gets 300 points for the birthday', async () => {
    await o.clockTo(goldAt(2026));
    expect(await o.messages(gold, 'birthday-bonus')).toEqual([
      expect.objectContaining({ step: 'email', status: 'sent', at: goldAt(2026), coupon: expect.anything() }),
    ]);
    const gifts = await giftsAt(gold, goldAt(2026));
    expect(gifts).toEqual([expect.objectContaining({ type: 'bonus', points: 300 })]);
    // The awardPoints step's own words are the ledger entry's reason (the event's reason is `campaign`).
    expect(gifts[0]?.reason).toBe('Birthday gift for gold members');
  });

  it('happens again the next year', async () => {
    // Members who keep visiting (silent ones would have been won back, then purged, by now).
    await o.clockToVisiting('2027-06-01T10:00:00.000Z', [member, gold]);
    await o.send(order(gold, 'ord_bday_2', '2027-06-01T10:00:00.000Z', 5200)); // stays gold through November
    await o.clockToVisiting(memberAt(2027), [member, gold]);
    const greetings = await o.messages(member, 'birthday-bonus');
    expect(greetings.map((m) => m.at)).toEqual([memberAt(2026), memberAt(2027)]);
    expect(greetings[1]?.coupon?.code).not.toBe(greetings[0]?.coupon?.code);
    await o.clockTo(goldAt(2027));
    expect((await o.messages(gold, 'birthday-bonus')).map((m) => m.at)).toEqual([goldAt(2026), goldAt(2027)]);
    expect(await giftsAt(gold, goldAt(2027))).toHaveLength(1);
  });
});

describe('ramadan-offer', () => {
  let h: EngineHarness;
  let o: ReturnType<typeof observe>;
  const ramadan = shippedWorkflowJson('ramadan-offer') as { steps: { control: StepOf<'holdout'> } };
  const control = ramadan.steps.control;
  const heldOut = (id: string) => isHeldOut(control, bucketOf(id, 'ramadan-offer', 'control'));
  /** The first `n` ids `cus_ramadan_<i>` the holdout treats (`held` false) or holds out (`held` true). */
  const ids = (held: boolean, n: number) =>
    Array.from({ length: 200 }, (_, i) => `cus_ramadan_${i}`)
      .filter((id) => heldOut(id) === held)
      .slice(0, n);
  const [english = '', arabic = '', arabicSms = '', englishSms = ''] = ids(false, 4);
  const held = ids(true, 2);
  const day = nextOccasion('hijri', 'ramadan-start', start.slice(0, 10), -3);
  const riyadh = `${day}T17:00:00.000Z`; // 20:00 in Riyadh
  const london = `${day}T20:00:00.000Z`; // 20:00 in London (GMT in winter)
  const smsOnly = { consents: { email: false, sms: true } };

  beforeAll(async () => {
    h = await startHarness(new Date(start));
    o = observe(h);
    await o.send(
      registered(english, start),
      registered(arabic, start, { locale: 'ar-SA' }),
      registered(arabicSms, start, { locale: 'ar-SA', phone: '+966507654321', ...smsOnly }),
      registered(englishSms, start, { locale: 'en-GB', timezone: 'Europe/London', phone: '+447700900123', ...smsOnly }),
      ...held.map((id) => registered(id, start)),
    );
  });
  afterAll(async () => h?.stop());

  it('runs three days before 1 Ramadan 1448 (Umm al-Qura), for known treated and held-out customers', () => {
    expect(day).toBe('2027-02-05');
    expect(held).toHaveLength(2);
  });

  it('sends the offer at 20:00 local: email, in Arabic right to left for an Arabic speaker, or SMS', async () => {
    await o.clockTo(`${day}T16:59:00.000Z`);
    for (const id of [english, arabic, arabicSms]) expect(await o.messages(id, 'ramadan-offer')).toEqual([]);
    await o.clockTo(riyadh);

    const [en] = await o.messages(english, 'ramadan-offer');
    expect(en).toMatchObject({ channel: 'email', locale: 'en', status: 'sent', at: riyadh });
    expect((await o.email(en))?.body.html).toContain(en?.coupon?.code);

    const [ar] = await o.messages(arabic, 'ramadan-offer');
    expect(ar).toMatchObject({ channel: 'email', locale: 'ar', status: 'sent', at: riyadh });
    const html = (await o.email(ar))?.body.html ?? '';
    expect(html).toContain('dir="rtl"');
    expect(html).toContain('رمضان كريم');

    const [sms] = await o.messages(arabicSms, 'ramadan-offer');
    expect(sms).toMatchObject({ channel: 'sms', locale: 'ar', status: 'sent', at: riyadh });
    const text = (await o.texts()).find((t) => t.messageId === sms?.providerMessageId);
    expect(text?.to).toBe('+966507654321');
    expect(text?.body).toContain(sms?.coupon?.code);
  });

  it('records the message as skipped, with why, when the customer language has no SMS template', async () => {
    await o.clockTo(london);
    expect(await o.enrollment(englishSms, 'ramadan-offer')).toMatchObject({ status: 'exited', step: 'done' });
    const [skipped, ...more] = await o.messages(englishSms, 'ramadan-offer');
    expect(more).toEqual([]);
    // No SMS file for the customer's language: a retry cannot help, so the message is recorded as skipped with the
    // reason (it used to throw, leaving the enrollment's outbox failing on every timer sweep).
    expect(await o.texts()).not.toContainEqual(expect.objectContaining({ to: '+447700900123' }));
    expect(skipped).toMatchObject({ status: 'skipped', channel: null });
    expect(skipped?.history[0]?.detail).toMatch(/sms/);
  });

  it('holds out 10% by customer: nothing sent, the enrollment shows it, and the report counts it', async () => {
    for (const id of held) {
      expect(await o.messages(id, 'ramadan-offer')).toEqual([]);
      expect(await o.enrollment(id, 'ramadan-offer')).toMatchObject({ status: 'held-out', exitReason: 'held-out' });
    }
    expect(await o.enrollment(english, 'ramadan-offer')).toMatchObject({ status: 'exited', step: 'done' });
    // The control group's orders are counted apart, to measure the lift.
    await o.send(order(held[0] ?? '', 'ord_ramadan_control', london, 300));
    expect(await o.stats('ramadan-offer')).toMatchObject({ heldOut: 2, converted: 0, controlConverted: 1 });
  });
});
