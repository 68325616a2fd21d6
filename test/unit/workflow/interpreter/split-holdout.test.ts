import { describe, expect, it } from 'vitest';
import { bucketOf } from '../../../../shared/workflow/core/interpreter/assignment.js';
import { Journey, loadWorkflow } from './journey.js';

const at = '2026-03-27T17:30:00.000Z';
const customers = Array.from({ length: 1000 }, (_, i) => `customer-${i}`);

function firstSend(workflowName: string, customerId: string): string | undefined {
  const journey = new Journey(loadWorkflow(workflowName));
  journey.enter(at, customerId, 'Occasion');
  return journey.sends()[0];
}

describe('random split', () => {
  it('splits 1,000 customers about as weighted (50/50)', () => {
    const counts = new Map<string | undefined, number>();
    for (const c of customers) {
      const send = firstSend('ramadan-offer', c);
      counts.set(send, (counts.get(send) ?? 0) + 1);
    }
    expect([...counts.keys()].sort()).toEqual([
      'email ramadan-offer @amount-off',
      'whatsapp ramadan-offer @percent-off',
    ]);
    for (const n of counts.values()) expect(n).toBeGreaterThan(440);
  });

  it('sends the same customer down the same path every time', () => {
    for (const c of customers.slice(0, 50)) {
      expect(firstSend('ramadan-offer', c)).toBe(firstSend('ramadan-offer', c));
    }
    // And the path follows the bucket, not the order customers come in.
    const low = customers.find((c) => bucketOf(c, 'ramadan-offer', 'ab') < 50) ?? '';
    const high = customers.find((c) => bucketOf(c, 'ramadan-offer', 'ab') >= 50) ?? '';
    expect(firstSend('ramadan-offer', low)).toBe('whatsapp ramadan-offer @percent-off');
    expect(firstSend('ramadan-offer', high)).toBe('email ramadan-offer @amount-off');
  });

  it('buckets independently per workflow and step', () => {
    const same = customers.filter((c) => bucketOf(c, 'w', 'a') < 50 === bucketOf(c, 'w', 'b') < 50).length;
    expect(same).toBeGreaterThan(400);
    expect(same).toBeLessThan(600);
  });
});

describe('holdout', () => {
  it('holds out about 10% of 1,000 customers, the same ones every time', () => {
    const workflow = loadWorkflow('abandoned-cart');
    const heldOut = (c: string) => {
      const journey = new Journey(workflow);
      journey.enter(at, c, 'Cart Abandoned', { cartId: `cart-${c}`, total: 50 }, 'rekindle');
      return journey.enrollment?.status === 'held-out';
    };
    const held = customers.filter(heldOut);
    expect(held.length).toBeGreaterThan(70);
    expect(held.length).toBeLessThan(130);
    expect(customers.filter(heldOut)).toEqual(held);
  });
});
