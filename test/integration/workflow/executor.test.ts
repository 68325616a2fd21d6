import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../shared/platform/errors.js';
import type { Effects } from '../../../shared/workflow/core/executor/ports.js';
import { toWorkflowEvent } from '../../../shared/workflow/core/executor/workflow-event.js';
import { useLocalDynamo } from '../../helpers/dynamo.js';
import { envelope } from '../../helpers/events.js';
import { cart, hoursAfterStart, order, start } from './events.js';
import { cartRecovery, executorFixture } from './harness.js';

const fixture = useLocalDynamo();

describe('workflow executor on DynamoDB', () => {
  it('waits 4 hours, emails once however often the timer fires, then sends the SMS after a day without an order', async () => {
    const x = await executorFixture(fixture(), [cartRecovery()]);
    await x.deliver(cart('cus_1', 'cart_1'));
    await x.executor.sweep();
    expect(x.messenger.sent).toHaveLength(0);

    x.clock.set(hoursAfterStart(4));
    await x.executor.sweep();
    await x.executor.sweep();
    expect(x.messenger.sent.map((m) => [m.channel, m.step, m.at])).toEqual([
      ['email', 'email', hoursAfterStart(4).toISOString()],
    ]);

    x.clock.set(hoursAfterStart(28));
    await Promise.all([x.executor.sweep(), x.executor.sweep()]);
    expect(x.messenger.sent.map((m) => m.channel)).toEqual(['email', 'sms']);
    const [stored] = await x.enrollments.ofCustomer('cus_1');
    expect(stored?.enrollment).toMatchObject({ status: 'exited', exitReason: 'completed', key: 'cart_1', wake: null });
    const stats = await x.workflows.read('cart-recovery');
    expect(stats[1]).toEqual({
      entered: 1,
      'step:wait-4h': 1,
      'step:email': 1,
      'step:wait-order': 1,
      'step:sms': 1,
      'step:done': 1,
      'exited:completed': 1,
    });
  });

  it('an order for the cart in time converts with its revenue and the SMS never goes', async () => {
    const x = await executorFixture(fixture(), [cartRecovery()]);
    await x.deliver(cart('cus_2', 'cart_2'));
    x.clock.set(hoursAfterStart(5));
    await x.executor.sweep();
    await x.deliver(order('cus_2', 'cart_2', hoursAfterStart(5).toISOString()));
    await x.deliver(order('cus_2', 'cart_2', hoursAfterStart(5).toISOString())); // redelivered
    x.clock.set(hoursAfterStart(24 * 8));
    await x.executor.sweep();
    expect(x.messenger.sent.map((m) => m.channel)).toEqual(['email']);
    const stats = (await x.workflows.read('cart-recovery'))[1];
    expect(stats).toMatchObject({ entered: 1, converted: 1, revenue: 40 });
    expect(stats?.['step:sms']).toBeUndefined();
  });

  it('an order for another cart does not convert this one', async () => {
    const x = await executorFixture(fixture(), [cartRecovery()]);
    await x.deliver(cart('cus_3', 'cart_3'));
    await x.deliver(order('cus_3', 'cart_other', hoursAfterStart(1).toISOString()));
    x.clock.set(hoursAfterStart(4));
    await x.executor.sweep();
    expect(x.messenger.sent.map((m) => m.key)).toEqual(['cart_3']);
  });

  it('the same cart event delivered twice enrolls once; a second cart is its own enrollment', async () => {
    const x = await executorFixture(fixture(), [cartRecovery()]);
    const first = cart('cus_4', 'cart_a');
    await x.deliver(first);
    await x.deliver(first);
    await x.deliver(cart('cus_4', 'cart_b', hoursAfterStart(1).toISOString()));
    const ids = (await x.enrollments.ofCustomer('cus_4')).map((s) => s.enrollment.id).sort();
    expect(ids).toEqual(['cart-recovery#cus_4#cart_a', 'cart-recovery#cus_4#cart_b']);
    expect((await x.workflows.read('cart-recovery'))[1]?.entered).toBe(2);
  });

  it('one order ending two carts of a customer counts both conversions and its revenue once', async () => {
    // Any order of the customer is the goal (as the shipped abandoned cart has it): both recoveries end with it.
    const anyOrder = cartRecovery({ goal: { event: 'Order Completed', within: 'P7D', revenueField: 'total' } });
    const x = await executorFixture(fixture(), [anyOrder]);
    await x.deliver(cart('cus_4b', 'cart_a'));
    await x.deliver(cart('cus_4b', 'cart_b', hoursAfterStart(1).toISOString()));
    const placed = order('cus_4b', 'cart_a', hoursAfterStart(2).toISOString());
    await x.deliver(placed);
    await x.deliver(placed); // redelivered
    expect((await x.enrollments.ofCustomer('cus_4b')).map((s) => s.enrollment.status)).toEqual([
      'converted',
      'converted',
    ]);
    expect((await x.workflows.read('cart-recovery'))[1]).toMatchObject({ entered: 2, converted: 2, revenue: 40 });
  });

  it('an order that overtook its cart event still converts the enrollment the cart starts (replayed from the timeline)', async () => {
    const x = await executorFixture(fixture(), [cartRecovery()]);
    await x.deliver(order('cus_5', 'cart_5', hoursAfterStart(1).toISOString()));
    await x.deliver(cart('cus_5', 'cart_5'));
    x.clock.set(hoursAfterStart(48));
    await x.executor.sweep();
    expect(x.messenger.sent).toHaveLength(0);
    const [stored] = await x.enrollments.ofCustomer('cus_5');
    expect(stored?.enrollment.status).toBe('converted');
  });

  it('an order at the very instant of its cart, handled first, still converts the enrollment the cart starts', async () => {
    const x = await executorFixture(fixture(), [cartRecovery()]);
    await x.deliver(order('cus_5b', 'cart_5b', start));
    await x.deliver(cart('cus_5b', 'cart_5b', start));
    x.clock.set(hoursAfterStart(48));
    await x.executor.sweep();
    expect(x.messenger.sent).toHaveLength(0);
    const [stored] = await x.enrollments.ofCustomer('cus_5b');
    expect(stored?.enrollment.status).toBe('converted');
  });

  it('a crash between the commit and the send is completed by the next sweep, sending once', async () => {
    let failures = 1;
    const x = await executorFixture(fixture(), [cartRecovery()], {
      effects: (real): Effects => ({
        perform: async (enrollment, workflow, pending) => {
          if (pending.action.type === 'send' && failures-- > 0) throw new Error('Lambda timed out');
          await real.perform(enrollment, workflow, pending);
        },
      }),
    });
    await x.deliver(cart('cus_6', 'cart_6'));
    x.clock.set(hoursAfterStart(4));
    const crashed = await x.executor.sweep();
    expect(crashed.failed).toHaveLength(1);
    expect(x.messenger.sent).toHaveLength(0);
    const [left] = await x.enrollments.ofCustomer('cus_6');
    expect(left?.outbox.actions.map((p) => p.action.type)).toEqual(['send']);

    const retried = await x.executor.sweep();
    expect(retried.failed).toHaveLength(0);
    await x.executor.sweep();
    expect(x.messenger.sent.map((m) => m.step)).toEqual(['email']);
    const [after] = await x.enrollments.ofCustomer('cus_6');
    expect(after?.outbox.actions).toEqual([]);
    expect(after?.enrollment.step).toBe('wait-order');
  });

  it('ten concurrent timer sweeps send the email once', async () => {
    const x = await executorFixture(fixture(), [cartRecovery()]);
    await x.deliver(cart('cus_7', 'cart_7'));
    x.clock.set(hoursAfterStart(4));
    await Promise.all(Array.from({ length: 10 }, () => x.executor.sweep()));
    expect(x.messenger.sent).toHaveLength(1);
  });

  it('a new version leaves in-flight customers on theirs; newcomers enter the new one', async () => {
    const f = fixture();
    const v1 = await executorFixture(f, [cartRecovery()]);
    await v1.deliver(cart('cus_8', 'cart_old'));
    const v2 = cartRecovery({
      version: 2,
      steps: { ...cartRecovery().steps, 'wait-4h': { type: 'wait', duration: 'PT1H', next: 'email' } },
    });
    const x = await executorFixture(f, [v2]);
    await x.deliver(cart('cus_8', 'cart_new'));
    x.clock.set(hoursAfterStart(1));
    await x.executor.sweep();
    expect(x.messenger.sent.map((m) => [m.key, m.workflow.version])).toEqual([['cart_new', 2]]);
    x.clock.set(hoursAfterStart(4));
    await x.executor.sweep();
    expect(x.messenger.sent.map((m) => [m.key, m.workflow.version])).toEqual([
      ['cart_new', 2],
      ['cart_old', 1],
    ]);
  });

  it('a version that declares a migration moves in-flight customers to its steps', async () => {
    const f = fixture();
    const v1 = await executorFixture(f, [cartRecovery()]);
    await v1.deliver(cart('cus_9', 'cart_9'));
    const { sms: _sms, ...steps } = cartRecovery().steps;
    const v2 = cartRecovery({
      version: 2,
      steps: {
        ...steps,
        'wait-4h': { type: 'wait', duration: 'PT4H', next: 'email-v2' },
        'email-v2': { type: 'send', channel: 'email', template: 'cart-coupon', next: 'done' },
      },
      migrations: { '1': { 'wait-4h': 'wait-4h' } },
    });
    const x = await executorFixture(f, [v2]);
    x.clock.set(hoursAfterStart(4));
    await x.executor.sweep();
    expect(x.messenger.sent.map((m) => [m.step, m.template, m.workflow.version])).toEqual([
      ['email-v2', 'cart-coupon', 2],
    ]);
  });

  it('caps.maxActive refuses entries while that many customers are in, counting them, and admits again after', async () => {
    const x = await executorFixture(fixture(), [cartRecovery({ caps: { maxActive: 2 } })]);
    await x.deliver(cart('cus_a', 'cart_a'));
    await x.deliver(cart('cus_b', 'cart_b'));
    await x.deliver(cart('cus_c', 'cart_c'));
    expect(await x.enrollments.ofCustomer('cus_c')).toEqual([]);
    await x.deliver(order('cus_a', 'cart_a', hoursAfterStart(1).toISOString())); // one converts: room for one more
    await x.deliver(cart('cus_d', 'cart_d', hoursAfterStart(2).toISOString()));
    expect((await x.enrollments.ofCustomer('cus_d')).map((s) => s.enrollment.status)).toEqual(['active']);
    expect((await x.workflows.read('cart-recovery'))[1]).toMatchObject({ entered: 3, converted: 1, capped: 1 });
  });

  it('publishing other content under a published version number is refused', async () => {
    const f = fixture();
    await executorFixture(f, [cartRecovery()]);
    await expect(executorFixture(f, [cartRecovery({ name: 'Changed' })])).rejects.toThrow(
      /cart-recovery v1 is already published with other content: raise "version"/,
    );
    await expect(executorFixture(f, [cartRecovery()])).resolves.toBeDefined();
  });

  it('a Rekindle event without customerId is refused naming the field', async () => {
    const bad = envelope('rekindle', 'Tier Changed', { eventId: 'e1', occurredAt: start });
    const error = (() => {
      try {
        return toWorkflowEvent(bad);
      } catch (e: unknown) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((i) => i.path)).toEqual(['detail.customerId']);
  });
});
