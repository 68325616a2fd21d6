import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { balanceAt } from '../../../shared/loyalty/core/balance.js';
import type { Account, LedgerEntry, LoyaltyCommand } from '../../../shared/loyalty/core/model.js';
import type { LoyaltyProgram, LoyaltyProgramInput } from '../../../shared/loyalty/core/program.js';
import { couponCode } from '../../../shared/loyalty/core/redeem.js';
import { type Book, customerId, day, expectInvariants, lotsOf, postTo, program, run, written } from './helpers.js';
import { runModel } from './reference-model.js';

/**
 * Property tests: random purchases, refunds (some before their order, some beyond the total, some after the
 * points expired), redemptions (some refused), coupons, bonuses and ticks, delivered in time order, shuffled and
 * duplicated, checked against the plain model in reference-model.ts and against the ledger invariants.
 */

// LOYALTY_PROPERTY_RUNS=5000 for a deeper search.
const numRuns = Number(process.env.LOYALTY_PROPERTY_RUNS ?? 200);

const flat = (p: LoyaltyProgramInput) => {
  for (const level of p.tiers?.levels ?? []) level.multiplier = 1;
};
const programs: Record<string, LoyaltyProgram> = {
  shipped: program(),
  pointsBasis: program((p) => {
    if (p.tiers) p.tiers.basis = 'points';
    if (p.tiers)
      p.tiers.levels = [
        { id: 'bronze', threshold: 0 },
        { id: 'silver', threshold: 1500, multiplier: 1.1 },
        { id: 'gold', threshold: 6000, multiplier: 2 },
      ];
  }),
  noExpiryRound: program((p) => {
    delete p.expiry;
    p.earn.rounding = 'round';
    p.pending = 'P0D';
  }),
  noTiers: program((p) => {
    delete p.tiers;
  }),
  quickDowngrade: program((p) => {
    if (p.tiers) p.tiers.window = 'P3M';
    if (p.tiers) delete p.tiers.downgrade;
    if (p.expiry) p.expiry.after = 'P6M';
  }),
};
const anyProgram = fc.constantFrom(...Object.keys(programs));

// For reordering: points that do not depend on the tier when the order arrived (tier multipliers still do, see the
// README). Nth-order bonuses go by the orders' own time, so the shipped ones (1st: 50, 5th: 500) are in, and more.
const orderFree: Record<string, LoyaltyProgram> = {
  flatSpend: program((p) => {
    flat(p);
  }),
  flatManyBonuses: program((p) => {
    flat(p);
    p.bonuses = { ...p.bonuses, nthOrder: [1, 2, 3, 4, 6, 9].map((n) => ({ n, points: n * 10 })) };
  }),
  // Points basis: a bonus later taken over by an earlier order counted for the tier while its first order held it, and
  // a tier reached is kept until a tick reviews it, so here the tier's start could depend on arrival (see README).
  flatPoints: program((p) => {
    flat(p);
    p.bonuses = { ...p.bonuses, nthOrder: [] };
    if (p.tiers) p.tiers.basis = 'points';
    if (p.tiers)
      p.tiers.levels = [
        { id: 'bronze', threshold: 0 },
        { id: 'silver', threshold: 1500 },
        { id: 'gold', threshold: 6000 },
      ];
  }),
  flatQuick: program((p) => {
    flat(p);
    if (p.tiers) p.tiers.window = 'P3M';
    if (p.tiers) delete p.tiers.downgrade;
    if (p.expiry) p.expiry.after = 'P6M';
  }),
};
const orderFreeProgram = fc.constantFrom(...Object.keys(orderFree));

// Times: hours over two years from 2027-01-01 (the Ramadan promotion is in February 2027).
const hours = (max: number) => fc.integer({ min: 0, max: max * 24 }).map((h) => day(h / 24));
const money = (max: number) => fc.integer({ min: 0, max: max * 100 }).map((c) => c / 100);
const item = fc.record({
  price: money(500),
  quantity: fc.integer({ min: 1, max: 3 }),
  category: fc.constantFrom('Fragrance', 'Makeup', undefined),
});

interface ScenarioOptions {
  readonly redeems: boolean;
  readonly ticks: boolean;
  /** Largest refund as a fraction of its order's total. */
  readonly maxFraction: number;
  /** Refunds of one order never add up to more than its total. */
  readonly capTotal?: boolean;
  readonly maxRefunds?: number;
  /** Longest time between an order and its refund. */
  readonly maxDelay: number;
}

const scenario = (opts: ScenarioOptions) =>
  fc.record({
    orders: fc.array(
      fc.record({
        at: hours(700),
        total: money(3000),
        currency: fc.constantFrom('SAR', 'SAR', 'SAR', 'SAR', 'USD'),
        // The rate the service found for an order in another currency; none: the order is refused.
        rate: fc.option(fc.constantFrom(3.75, 0.26)),
        items: fc.array(item, { maxLength: 3 }),
        coupon: opts.redeems ? fc.option(fc.nat(3)) : fc.constant(null),
      }),
      { minLength: 1, maxLength: 10 },
    ),
    refunds: fc.array(
      fc.record({
        order: fc.nat(10),
        fraction: fc.integer({ min: 0, max: 100 * opts.maxFraction }).map((f) => f / 100),
        delayDays: fc.integer({ min: 0, max: opts.maxDelay }),
        at: hours(900),
      }),
      { maxLength: opts.maxRefunds ?? 7 },
    ),
    capTotal: fc.constant(opts.capTotal ?? false),
    redeems: opts.redeems
      ? fc.array(
          fc.record({ points: fc.constantFrom(0, -100, 12.5, 300, 500, 550, 600, 1000, 1500, 2500), at: hours(900) }),
          { maxLength: 5 },
        )
      : fc.constant([]),
    signup: fc.option(hours(700)),
    // One birthday command per year: same business key, same content (a re-delivery is tested separately).
    birthdays: fc.uniqueArray(fc.record({ year: fc.constantFrom(2027, 2028), at: hours(700) }), {
      maxLength: 2,
      selector: (b) => b.year,
    }),
    ticks: opts.ticks ? fc.array(hours(1100), { maxLength: 12 }) : fc.constant([]),
    // The final tick: this many days after the last command.
    endDays: fc.integer({ min: 0, max: 400 }),
  });

type Scenario = ReturnType<typeof scenario> extends fc.Arbitrary<infer T> ? T : never;

/** The scenario's commands in time order (refund times follow their order), and the final `now`. */
function commandsOf(p: LoyaltyProgram, s: Scenario): { commands: LoyaltyCommand[]; end: string } {
  const timed: LoyaltyCommand[] = [];
  s.orders.forEach((o, i) => {
    const coupon = o.coupon === null ? undefined : couponCode(p, customerId, `k${o.coupon}`);
    timed.push({
      kind: 'order',
      orderId: `o${i}`,
      at: o.at,
      total: o.total,
      currency: o.currency,
      items: o.items,
      coupon,
      ...(o.currency !== p.currency && o.rate !== null ? { rate: o.rate } : {}),
    });
  });
  const used = new Map<number, number>();
  s.refunds.forEach((r, i) => {
    const o = s.orders[r.order];
    const fraction = s.capTotal ? Math.min(r.fraction, 1 - (used.get(r.order) ?? 0)) : r.fraction;
    used.set(r.order, (used.get(r.order) ?? 0) + fraction);
    // A refund of an order that never comes stays held; the others come after their order.
    const at = o ? new Date(Date.parse(o.at) + r.delayDays * 86_400_000).toISOString() : r.at;
    const amount = o ? Math.floor(o.total * fraction * 100) / 100 : 10;
    timed.push({ kind: 'refund', refundId: `r${i}`, orderId: `o${r.order}`, amount, at });
  });
  for (const [i, r] of s.redeems.entries()) timed.push({ kind: 'redeem', key: `k${i}`, points: r.points, at: r.at });
  if (s.signup) timed.push({ kind: 'signup', at: s.signup });
  for (const b of s.birthdays) timed.push({ kind: 'birthday', year: b.year, at: b.at });
  for (const now of s.ticks) timed.push({ kind: 'tick', now });
  const time = (c: LoyaltyCommand) => Date.parse(c.kind === 'tick' ? c.now : c.at);
  const commands = timed
    .map((c, i) => ({ c, i }))
    .sort((a, b) => time(a.c) - time(b.c) || a.i - b.i)
    .map((x) => x.c);
  const last = commands.reduce((max, c) => Math.max(max, time(c)), Date.UTC(2027, 0, 1));
  return { commands, end: new Date(last + s.endDays * 86_400_000).toISOString() };
}

/** Runs the implementation over `arrival` then a final tick at `end`; checks the invariants after every posting. */
function runChecked(p: LoyaltyProgram, arrival: readonly LoyaltyCommand[], end: string) {
  const all: LoyaltyCommand[] = [...arrival, { kind: 'tick', now: end }];
  const r = run(p, all);
  // Every prefix keeps the invariants (checked on the accumulated ledger).
  let entries: (typeof r.entries)[number][] = [];
  let events: (typeof r.events)[number][] = [];
  r.results.forEach((result, i) => {
    entries = [...entries, ...result.entries];
    events = [...events, ...result.events];
    expectInvariants(p, { account: result.account, entries, events });
    // Bounded by the windows: a posting leaves pending only the points not yet released at its time.
    const c = all[i];
    const at = c ? Date.parse(c.kind === 'tick' ? c.now : c.at) : 0;
    if (result.outcome.status !== 'duplicate' && result.outcome.status !== 'refused') {
      for (const { availableAt } of result.account.lots)
        if (availableAt) expect(Date.parse(availableAt)).toBeGreaterThan(at);
    }
  });
  // Once the final tick has recorded every expiry: available + pending - debt is the sum of the ledger.
  if (r.last.outcome.status === 'applied') {
    const b = balanceAt(r.account, end);
    expect(b.available + b.pending - (b.debt ?? 0)).toBe(entries.reduce((n, e) => n + e.points, 0));
  }
  return r;
}

/** The implementation's state in the model's terms. */
function observe(account: Account, now: string) {
  return {
    ...balanceAt(account, now),
    owed: account.debt,
    tier: account.tier,
    tierSince: Date.parse(account.tierSince),
    lots: lotsOf(account),
  };
}

function expectMatchesModel(p: LoyaltyProgram, arrival: readonly LoyaltyCommand[], end: string) {
  const { account } = runChecked(p, arrival, end);
  expect(observe(account, end)).toEqual(runModel(p, customerId, [...arrival, { kind: 'tick', now: end }], end));
}

const withArrival = (s: fc.Arbitrary<Scenario>, names: fc.Arbitrary<string> = anyProgram) =>
  fc.tuple(names, s).chain(([name, sc]) => {
    const p = programs[name] ?? orderFree[name];
    if (!p) throw new Error('no program');
    const { commands, end } = commandsOf(p, sc);
    return fc
      .shuffledSubarray(commands, { minLength: commands.length, maxLength: commands.length })
      .map((shuffled) => ({ name, p, commands, shuffled, end }));
  });

const full = scenario({ redeems: true, ticks: true, maxFraction: 1.3, maxDelay: 450 });

describe('loyalty postings, by property', () => {
  it('in time order, agree with the reference model after every posting', () => {
    fc.assert(
      fc.property(withArrival(full), ({ p, commands, end }) => {
        const all: LoyaltyCommand[] = [...commands, { kind: 'tick', now: end }];
        const r = runChecked(p, commands, end);
        r.results.forEach((result, i) => {
          const c = all[i];
          if (!c) throw new Error('missing command');
          const now = c.kind === 'tick' ? c.now : c.at;
          expect(observe(result.account, now)).toEqual(runModel(p, customerId, all.slice(0, i + 1), now));
        });
      }),
      { numRuns },
    );
  });

  it('in any arrival order, end with what the reference model computes for that order', () => {
    fc.assert(
      fc.property(withArrival(full), ({ p, shuffled, end }) => expectMatchesModel(p, shuffled, end)),
      { numRuns },
    );
  });
});

/** Inserts re-deliveries into `arrival`: a redemption retried at once (a client retry), anything else any time later. */
const redelivered = (arrival: readonly LoyaltyCommand[]) =>
  fc.array(fc.record({ i: fc.nat(), later: fc.nat(30) }), { minLength: 1, maxLength: 12 }).map((dups) => {
    const n = arrival.length;
    const keyed = arrival.map((c, i) => ({ c, at: i }));
    for (const { i, later } of dups) {
      const src = i % n;
      const c = arrival[src];
      if (!c) continue;
      keyed.push({ c, at: c.kind === 'redeem' ? src + 0.5 : Math.min(n, src + 1 + later) - 0.5 });
    }
    return keyed.sort((a, b) => a.at - b.at).map((k) => k.c);
  });

const withDuplicates = withArrival(full).chain((x) =>
  redelivered(x.commands).map((delivered) => ({ ...x, delivered })),
);

describe('loyalty postings, delivered twice', () => {
  it('end exactly as if every command had come once: same account, ledger and events', () => {
    fc.assert(
      fc.property(withDuplicates, ({ p, commands, delivered, end }) => {
        const once = runChecked(p, commands, end);
        const twice = runChecked(p, delivered, end);
        expect(twice.account).toEqual(once.account);
        expect(Object.fromEntries(twice.records)).toEqual(Object.fromEntries(once.records));
        expect(twice.entries).toEqual(once.entries);
        expect(twice.events).toEqual(once.events);
      }),
      { numRuns },
    );
  });

  it('give the same result when a posting is re-run on the same account (retry after a crash)', () => {
    fc.assert(
      fc.property(withArrival(full), fc.nat(), ({ p, shuffled, end }, cut) => {
        const k = cut % (shuffled.length + 1);
        const next = shuffled[k] ?? { kind: 'tick', now: end };
        const start: Book = k === 0 ? run(p, [next]) : run(p, shuffled.slice(0, k));
        const once = postTo(p, start, next);
        expect(postTo(p, start, next)).toEqual(once);
        // Posted again on what the first one left (its records written): nothing more happens.
        const again = postTo(p, written(start, once), next);
        expect(again.entries).toEqual([]);
        expect(again.events).toEqual([]);
        expect(again.records).toEqual([]);
        if (again.outcome.status !== 'refused') expect(again.account).toBe(once.account);
      }),
      { numRuns },
    );
  });
});

/** What the ledger gives each order (its points, bonus and reversals), and everything else by type; zeros left out. */
function netByOrder(entries: readonly LedgerEntry[]): Record<string, number> {
  const net: Record<string, number> = {};
  for (const e of entries) {
    const key = e.orderId ?? e.type;
    net[key] = (net[key] ?? 0) + e.points;
  }
  return Object.fromEntries(Object.entries(net).filter(([, points]) => points !== 0));
}

const reorderable = scenario({ redeems: false, ticks: false, maxFraction: 1, capTotal: true, maxDelay: 150 });

describe('loyalty postings, reordered', () => {
  it('end with the same balance, lots and points per order whatever order (and how often) purchases, refunds and bonuses arrive in', () => {
    const shuffledTwice = withArrival(reorderable, orderFreeProgram).chain((x) =>
      redelivered(x.shuffled).map((delivered) => ({ ...x, delivered })),
    );
    fc.assert(
      fc.property(shuffledTwice, ({ p, commands, delivered, end }) => {
        const reordered = runChecked(p, delivered, end);
        const model = runModel(p, customerId, [...commands, { kind: 'tick', now: end }], end);
        const { tier: _t, tierSince: _s, ...expected } = model;
        const { tier: _u, tierSince: _v, ...actual } = observe(reordered.account, end);
        expect(actual).toEqual(expected);
        // The ledger nets the same for every order (a bonus a late order took over shows as given and taken back).
        expect(netByOrder(reordered.entries)).toEqual(netByOrder(runChecked(p, commands, end).entries));
      }),
      { numRuns },
    );
  });

  it('end in the same tier whatever order purchases and bonuses arrive in', () => {
    const purchases = scenario({ redeems: false, ticks: false, maxFraction: 0, maxRefunds: 0, maxDelay: 0 });
    fc.assert(
      fc.property(withArrival(purchases, orderFreeProgram), ({ p, commands, shuffled, end }) => {
        const { account } = runChecked(p, shuffled, end);
        const model = runModel(p, customerId, [...commands, { kind: 'tick', now: end }], end);
        expect(account.tier).toBe(model.tier);
        if (account.tier !== p.tiers?.levels[0]?.id) expect(Date.parse(account.tierSince)).toBe(model.tierSince);
      }),
      { numRuns },
    );
  });
});
