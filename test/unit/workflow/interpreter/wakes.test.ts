import { describe, expect, it } from 'vitest';
import { advance } from '../../../../shared/workflow/core/interpreter/advance.js';
import { bucketOf } from '../../../../shared/workflow/core/interpreter/assignment.js';
import { hoursAfter, Journey, loadWorkflow } from './journey.js';

const workflow = loadWorkflow('abandoned-cart');
const cartAt = '2026-03-02T10:00:00.000Z';
const customer = Array.from({ length: 100 }, (_, i) => `c-${i}`).find(
  (c) => bucketOf(c, workflow.id, 'control-group') >= 10,
);

function waiting(): Journey {
  const journey = new Journey(workflow);
  journey.enter(cartAt, customer ?? 'none', 'Cart Abandoned', { cartId: 'cart-9', total: 99 }, 'rekindle');
  return journey;
}

describe('wakes', () => {
  it('a wake that fires twice sends once', () => {
    const journey = waiting();
    const wake = journey.enrollment?.wake;
    if (!wake) throw new Error('expected a wake');
    const first = journey.apply({ kind: 'wake', now: wake.at, token: wake.token });
    const afterFirst = journey.enrollment;
    const second = journey.apply({ kind: 'wake', now: hoursAfter(wake.at, 0.01), token: wake.token });
    expect(first.map((a) => a.type)).toEqual(['send']);
    expect(second).toEqual([]);
    expect(journey.enrollment).toBe(afterFirst);
  });

  it('a late wake proceeds normally, and later waits count from when it ran', () => {
    const journey = waiting();
    const wake = journey.enrollment?.wake;
    if (!wake) throw new Error('expected a wake');
    const late = hoursAfter(cartAt, 30);
    expect(journey.apply({ kind: 'wake', now: late, token: wake.token })).toMatchObject([
      { type: 'send', step: 'email-1' },
    ]);
    expect(journey.enrollment?.waitingFor?.timeoutAt).toBe(hoursAfter(late, 24));
  });

  it('a wake with another token, or before its time, changes nothing', () => {
    const journey = waiting();
    const before = journey.enrollment;
    const wake = before?.wake;
    if (!wake) throw new Error('expected a wake');
    expect(journey.apply({ kind: 'wake', now: hoursAfter(cartAt, 5), token: 'wait-4h:2' })).toEqual([]);
    expect(journey.apply({ kind: 'wake', now: hoursAfter(cartAt, 1), token: wake.token })).toEqual([]);
    expect(journey.enrollment).toBe(before);
  });

  it('the timer of a wait the enrollment left is stale once it moved on', () => {
    const journey = waiting();
    journey.runUntil(hoursAfter(cartAt, 4));
    const timeout = journey.enrollment?.wake;
    journey.event(hoursAfter(cartAt, 6), 'Order Completed', { cartId: 'cart-9', total: 99 });
    expect(journey.enrollment?.status).toBe('converted');
    expect(journey.apply({ kind: 'wake', now: hoursAfter(cartAt, 28), token: timeout?.token ?? '' })).toEqual([]);
    expect(journey.sends()).toHaveLength(1);
  });

  it('entering again while active does nothing', () => {
    const journey = waiting();
    const before = journey.enrollment;
    expect(
      journey.enter(
        hoursAfter(cartAt, 1),
        customer ?? 'none',
        'Cart Abandoned',
        { cartId: 'cart-9', total: 99 },
        'rekindle',
      ),
    ).toEqual([]);
    expect(journey.enrollment).toBe(before);
  });

  it('a new enrollment after the previous ended never reuses its idempotency keys', () => {
    const journey = waiting();
    journey.runUntil(hoursAfter(cartAt, 48));
    expect(journey.enrollment?.status).toBe('exited');
    const again = hoursAfter(cartAt, 72);
    journey.enter(again, customer ?? 'none', 'Cart Abandoned', { cartId: 'cart-9', total: 99 }, 'rekindle');
    journey.runUntil(hoursAfter(again, 4));
    const keys = journey.actions.flatMap((a) => (a.type === 'send' ? [a.idempotencyKey] : []));
    expect(keys).toHaveLength(3);
    expect(new Set(keys).size).toBe(3);
    expect(keys[2]).toMatch(/:email-1:2$/);
  });

  it('refuses an enrollment of another version: the executor must pass the version it entered with', () => {
    const journey = waiting();
    const enrollment = journey.enrollment;
    expect(() =>
      advance({ ...workflow, version: 3 }, enrollment, { kind: 'wake', now: cartAt, token: 'x' }, { profile: {} }),
    ).toThrow(/pass the version it entered with/);
  });
});
