import { describe, expect, it } from 'vitest';
import { birthdayStart, birthdaysBetween, nextBirthday } from '../../../shared/loyalty/core/birthday.js';
import { nextDueAt } from '../../../shared/loyalty/core/due.js';
import { emptyAccount, post } from '../../../shared/loyalty/core/post.js';
import { parseLoyaltyProgram } from '../../../shared/loyalty/core/program.js';
import program from '../../../workflows/loyalty.json' with { type: 'json' };

const loyalty = parseLoyaltyProgram(program);
const riyadh = { monthDay: '09-23', timezone: 'Asia/Riyadh', since: '2026-01-01T00:00:00.000Z' };

describe('birthday times', () => {
  it('starts at local midnight in the customer time zone', () => {
    expect(birthdayStart(riyadh, 2027)).toBe('2027-09-22T21:00:00.000Z'); // UTC+3
    expect(birthdayStart({ monthDay: '03-21', timezone: 'Asia/Tehran' }, 2027)).toBe('2027-03-20T20:30:00.000Z');
    expect(birthdayStart({ monthDay: '07-01', timezone: 'America/New_York' }, 2027)).toBe('2027-07-01T04:00:00.000Z');
    expect(birthdayStart({ monthDay: '12-31', timezone: 'UTC' }, 2027)).toBe('2027-12-31T00:00:00.000Z');
  });

  it('celebrates 29 February on 28 February in other years', () => {
    expect(birthdayStart({ monthDay: '02-29', timezone: 'UTC' }, 2027)).toBe('2027-02-28T00:00:00.000Z');
    expect(birthdayStart({ monthDay: '02-29', timezone: 'UTC' }, 2028)).toBe('2028-02-29T00:00:00.000Z');
  });

  it('lists the birthdays in a window once each, and none before the account knew the birthday', () => {
    expect(birthdaysBetween(riyadh, '2026-01-01T00:00:00.000Z', '2028-12-31T00:00:00.000Z').map((b) => b.year)).toEqual(
      [2026, 2027, 2028],
    );
    const learnt = { ...riyadh, since: '2026-10-01T00:00:00.000Z' };
    expect(birthdaysBetween(learnt, '2026-01-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z')).toEqual([]);
    expect(nextBirthday(riyadh, '2027-09-22T21:00:00.000Z')).toBe('2028-09-22T21:00:00.000Z');
  });
});

describe('birthday bonus', () => {
  const joined = '2026-11-01T09:00:00.000Z';
  const withBirthday = post(
    loyalty,
    emptyAccount('cus_b', loyalty, joined),
    {
      kind: 'profile',
      birthday: '--09-23',
      timezone: 'Asia/Riyadh',
      at: joined,
    },
    {},
  ).account;

  it('makes the account due on the next birthday', () => {
    expect(nextDueAt(loyalty, withBirthday, joined)).toBe('2027-09-22T21:00:00.000Z');
  });

  it('is awarded once by the first tick on or after the day, with the birthday as its time', () => {
    const before = post(loyalty, withBirthday, { kind: 'tick', now: '2027-09-22T20:59:59.000Z' }, {});
    expect(before.entries).toEqual([]);
    const on = post(loyalty, before.account, { kind: 'tick', now: '2027-09-23T08:00:00.000Z' }, {});
    expect(on.entries).toEqual([
      expect.objectContaining({ key: 'bonus:birthday:2027', type: 'bonus', points: loyalty.bonuses.birthday }),
    ]);
    expect(on.entries[0]?.at).toBe('2027-09-22T21:00:00.000Z');
    expect(on.events.map((e) => e.type)).toContain('Points Awarded');
    // Its record makes a birthday command of that year a duplicate; the account remembers the recent years too.
    expect(on.records).toEqual([{ kind: 'posting', key: 'bonus:birthday:2027' }]);
    expect(on.account.birthdayYears).toEqual([2027]);
    const again = post(loyalty, on.account, { kind: 'tick', now: '2027-09-24T08:00:00.000Z' }, {});
    expect(again.entries).toEqual([]);
  });

  it('does not change the account when the same birthday is sent again', () => {
    const same = post(
      loyalty,
      withBirthday,
      {
        kind: 'profile',
        birthday: '1990-09-23',
        timezone: 'Asia/Riyadh',
        at: joined,
      },
      {},
    );
    expect(same.account).toBe(withBirthday);
  });
});

describe('birthday bonus catch-up', () => {
  it('pays a birthday missed by at most a week of sweeps, but not birthdays long gone', () => {
    const imported = '2020-01-01T00:00:00.000Z'; // a registration from years ago, learnt today
    const account = post(
      loyalty,
      emptyAccount('cus_old', loyalty, imported),
      {
        kind: 'profile',
        birthday: '--09-23',
        timezone: 'UTC',
        at: imported,
      },
      {},
    ).account;
    const firstSweep = post(loyalty, account, { kind: 'tick', now: '2026-11-23T00:00:00.000Z' }, {});
    expect(firstSweep.entries).toEqual([]);
    const late = post(loyalty, firstSweep.account, { kind: 'tick', now: '2027-09-28T00:00:00.000Z' }, {});
    expect(late.entries.map((e) => e.key)).toEqual(['bonus:birthday:2027']);
  });
});
