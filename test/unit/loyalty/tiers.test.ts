import { describe, expect, it } from 'vitest';
import type { LoyaltyEvent } from '../../../shared/loyalty/core/model.js';
import { day, order, program, refund, run, signup, tick } from './helpers.js';

const shipped = program();
const changes = (events: readonly LoyaltyEvent[]) =>
  events.flatMap((e) => (e.type === 'Tier Changed' ? [`${e.detail.from}->${e.detail.to} ${e.detail.direction}`] : []));

describe('tiers', () => {
  it('go up at once when a posting reaches a threshold', () => {
    const r = run(shipped, [order('o1', 600, day(0)), order('o2', 400, day(10))]);
    expect(r.account).toMatchObject({ tier: 'silver', tierSince: day(10) });
    expect(r.last.events.at(-1)).toMatchObject({
      type: 'Tier Changed',
      key: 'tier:order:o2',
      detail: { from: 'bronze', to: 'silver', direction: 'up', occurredAt: day(10) },
    });
  });

  it('go straight to the highest level reached', () => {
    const r = run(shipped, [order('o1', 6000, day(0))]);
    expect(changes(r.events)).toEqual(['bronze->gold up']);
  });

  it('go down only at a tick, once the minimum stay is over, to the level the amount supports', () => {
    const r = run(shipped, [order('o1', 600, day(0)), order('o2', 600, day(200))]); // silver since day 200
    const stay = run(shipped, [tick(day(370))], r); // o1 has left the window: 600, but held < 12 months
    expect(stay.account.tier).toBe('silver');
    expect(changes(stay.last.events)).toEqual([]);
    const down = run(shipped, [tick(day(566))], stay); // 2028-07-20: held 12 months, amount 600
    expect(down.account).toMatchObject({ tier: 'bronze', tierSince: day(566) });
    expect(down.last.events.filter((e) => e.type === 'Tier Changed')).toMatchObject([
      {
        type: 'Tier Changed',
        key: `tier:tick:${day(566)}`,
        detail: { from: 'silver', to: 'bronze', direction: 'down' },
      },
    ]);
  });

  it('count spend within the rolling window only', () => {
    const r = run(shipped, [order('o1', 800, day(0)), order('o2', 300, day(365))]); // o1 left on 2028-01-01
    expect(r.account.tier).toBe('bronze');
  });

  it('count spend net of refunds (a refund takes its amount off its order month), so a tick can take the tier down', () => {
    const quick = program((json) => {
      if (json.tiers) delete json.tiers.downgrade;
    });
    const r = run(quick, [order('o1', 1200, day(0)), refund('r1', 'o1', 300, day(5)), tick(day(4)), tick(day(6))]);
    expect(changes(r.events)).toEqual(['bronze->silver up', 'silver->bronze down']);
    expect(r.account.tierSince).toBe(day(4)); // the first tick after the refund was posted
  });

  it('keep what counts by month: one amount per month it stops counting, from its earliest purchase', () => {
    const orders = Array.from({ length: 60 }, (_, i) => order(`o${i}`, 10, day(40 + i / 2)));
    const r = run(shipped, orders); // 2027-02-10 to 2027-03-11: two months (2027-03-01T00:00 counts 12 months)
    expect(r.account.qualifying).toEqual([
      { until: '2028-03-01T00:00:00.000Z', from: day(40), amount: 39 * 1000 },
      { until: '2028-04-01T00:00:00.000Z', from: day(59.5), amount: 21 * 1000 },
    ]);
  });

  it('count points earned, bonuses included, net of reversals, for a points basis', () => {
    const byPoints = program((json) => {
      json.tiers = {
        basis: 'points',
        window: 'P12M',
        levels: [
          { id: 'member', threshold: 0 },
          { id: 'insider', threshold: 1000 },
        ],
      };
    });
    const r = run(byPoints, [signup(day(0)), order('o1', 900, day(1))]); // 100 + 900 + 50
    expect(r.account.tier).toBe('insider');
    expect(r.account.qualifying).toEqual([
      { until: '2028-01-01T00:00:00.000Z', from: day(0), amount: 100 },
      { until: '2028-02-01T00:00:00.000Z', from: day(1), amount: 900 + 50 },
    ]);
    const refunded = run(byPoints, [refund('r1', 'o1', 900, day(2)), tick(day(3))], r);
    expect(refunded.account.tier).toBe('member');
  });

  it('count a late order as if it had come in time, from the earliest purchase of its month', () => {
    const r = run(shipped, [order('o2', 600, day(10)), order('o1', 600, day(5))]);
    expect(r.account).toMatchObject({ tier: 'silver', tierSince: day(5) });
    const other = run(shipped, [order('o2', 600, day(40)), order('o1', 600, day(5))]); // February, then January
    expect(other.account).toMatchObject({ tier: 'silver', tierSince: day(40) });
  });

  it('count a late order only from the last tick on, and never bring back a peak a tick already reviewed', () => {
    const quick = program((json) => {
      if (json.tiers) delete json.tiers.downgrade;
    });
    const down = run(quick, [order('o1', 1200, day(0)), tick(day(366)), order('o2', 100, day(367))]);
    expect(down.account.tier).toBe('bronze');
    const late = run(shipped, [order('o1', 600, day(100)), tick(day(110)), order('o0', 600, day(105))]);
    expect(late.account).toMatchObject({ tier: 'silver', tierSince: day(110) });
  });

  it('put every customer in one "member" tier when the program has none', () => {
    const none = program((json) => {
      delete json.tiers;
    });
    const r = run(none, [order('o1', 100000, day(0)), tick(day(400))]);
    expect(r.account.tier).toBe('member');
    expect(r.account.qualifying).toEqual([]);
    expect(changes(r.events)).toEqual([]);
  });
});
