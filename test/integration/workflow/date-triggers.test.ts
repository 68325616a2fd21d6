import { describe, expect, it } from 'vitest';
import { DynamoLoyaltyStore } from '../../../shared/loyalty/store/loyalty-store.js';
import { workflowDefinition } from '../../../shared/workflow/core/schema/workflow.js';
import { useLocalDynamo } from '../../helpers/dynamo.js';
import { storefront } from '../../helpers/events.js';
import { executorFixture } from './harness.js';

const fixture = useLocalDynamo();

const birthdayBonus = workflowDefinition.parse({
  id: 'birthday-bonus',
  version: 1,
  name: 'Birthday bonus',
  trigger: { date: { birthday: {}, localTime: '09:00' } },
  reentry: { policy: 'always' },
  start: 'points',
  steps: {
    points: { type: 'awardPoints', points: 200, reason: 'Happy birthday', next: 'email' },
    email: { type: 'send', channel: 'email', template: 'birthday', next: 'done' },
    done: { type: 'exit' },
  },
});

const registered = (customerId: string, at: string, birthday: string, timezone: string) =>
  storefront('Customer Registered', {
    customerId,
    occurredAt: at,
    email: `${customerId}@example.com`,
    birthday,
    timezone,
  });

describe('date-triggered workflows', () => {
  it('enrol each customer at 09:00 on their birthday in their time zone, once a year, with the points once', async () => {
    const f = fixture();
    const x = await executorFixture(f, [birthdayBonus], { start: '2026-11-02T10:00:00.000Z' });
    await x.deliver(registered('cus_riyadh', '2026-11-02T10:00:00.000Z', '1990-11-20', 'Asia/Riyadh'));
    await x.deliver(registered('cus_tehran', '2026-11-02T10:00:00.000Z', '1988-12-05', 'Asia/Tehran'));
    await x.deliver(registered('cus_none', '2026-11-02T10:00:00.000Z', '1985-01-01', 'UTC'));

    expect(await x.executor.earliestDueAt('2026-11-02T10:00:00.000Z')).toBe('2026-11-20T06:00:00.000Z'); // 09:00 +03
    x.clock.set(new Date('2026-11-20T05:59:00.000Z'));
    await x.executor.sweep();
    expect(x.messenger.sent).toHaveLength(0);
    x.clock.set(new Date('2026-11-20T06:00:00.000Z'));
    await x.executor.sweep();
    await x.executor.sweep();
    expect(x.messenger.sent.map((m) => [m.customerId, m.template, m.at])).toEqual([
      ['cus_riyadh', 'birthday', '2026-11-20T06:00:00.000Z'],
    ]);

    x.clock.set(new Date('2027-11-20T07:00:00.000Z'));
    await x.executor.sweep(); // Tehran's 5 December and 1 January came on the way: a late sweep still enrols them
    const sent = x.messenger.sent.map((m) => `${m.customerId} ${m.at}`);
    expect(sent).toContain('cus_tehran 2027-11-20T07:00:00.000Z');
    expect(sent.filter((s) => s.startsWith('cus_riyadh'))).toEqual([
      'cus_riyadh 2026-11-20T06:00:00.000Z',
      'cus_riyadh 2027-11-20T07:00:00.000Z',
    ]);
    const account = await new DynamoLoyaltyStore(f.db, f.table).load('cus_riyadh');
    expect(account?.account.lifetime).toBe(400); // (the first 200 expire after a year, by the shipped program)
    expect((await x.workflows.read('birthday-bonus'))[1]?.entered).toBe(4);
  });

  it('a changed birthday moves the timer', async () => {
    const f = fixture();
    const x = await executorFixture(f, [birthdayBonus]);
    await x.deliver(registered('cus_1', '2026-11-02T10:00:00.000Z', '1990-11-20', 'UTC'));
    await x.deliver(
      storefront('Customer Updated', {
        customerId: 'cus_1',
        occurredAt: '2026-11-03T10:00:00.000Z',
        birthday: '1990-12-01',
      }),
    );
    expect(await x.executor.earliestDueAt('2026-11-03T10:00:00.000Z')).toBe('2026-12-01T09:00:00.000Z');
  });
});
