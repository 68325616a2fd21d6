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
    const stay = run(shipped, [tick(day(370))], r.account); // o1 has left the window: 600, but held < 12 months
    expect(stay.account.tier).toBe('silver');
    expect(changes(stay.last.events)).toEqual([]);
    const down = run(shipped, [tick(day(566))], stay.account); // 2028-07-20: held 12 months, amount 0
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

  it('count spend net of refunds from the refund on, so a tick can then take the tier down', () => {
    const quick = program((json) => {
      if (json.tiers) delete json.tiers.downgrade;
    });
    const r = run(quick, [order('o1', 1200, day(0)), refund('r1', 'o1', 300, day(5)), tick(day(4)), tick(day(6))]);
    expect(changes(r.events)).toEqual(['bronze->silver up', 'silver->bronze down']);
    expect(r.account.tierSince).toBe(day(6));
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
    expect(r.account.qualifying.map((q) => [q.key, q.amount])).toEqual([
      ['bonus:signup', 100],
      ['earn:order:o1', 900],
      ['bonus:nth:1', 50],
    ]);
    const refunded = run(byPoints, [refund('r1', 'o1', 900, day(2)), tick(day(3))], r.account);
    expect(refunded.account.tier).toBe('member');
  });

  it('count a late order as if it had come in time', () => {
    const r = run(shipped, [order('o2', 600, day(10)), order('o1', 600, day(5))]);
    expect(r.account).toMatchObject({ tier: 'silver', tierSince: day(10) });
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
