import { ControllableClock } from '../shared/platform/clock.js';
import { customers, make } from './events.js';
import {
  measurePhase,
  type PhaseResult,
  sendEvents,
  startRig,
  stopRig,
  targetsOf,
  withoutIndexCounting,
} from './tracking.js';

/**
 * What an order costs as a customer's history grows: a few customers each place `orders` orders, an hour apart, one
 * round at a time (every customer's next order in one PutEvents call, then the bus settles, so no two postings of a
 * customer race); the first round and the one after the last are measured, through every function the order reaches.
 * A local engine of its own, on a frozen clock after the last order.
 */

export interface OrdersOptions {
  readonly customers: number;
  /** Orders placed before the measured one (which is order `orders + 1`). */
  readonly orders: number;
}

export interface OrdersResult {
  readonly customers: number;
  /** The measured orders: each customer's first, and each customer's order `orders + 1`. */
  readonly first: PhaseResult;
  readonly later: PhaseResult;
  readonly laterOrder: number;
  readonly failures: readonly string[];
}

const firstOrderAt = Date.parse('2026-03-01T08:00:00.000Z');
const hour = 60 * 60 * 1000;

export async function runOrders(options: OrdersOptions): Promise<OrdersResult> {
  const last = options.orders + 1;
  const clock = new ControllableClock({ start: new Date(firstOrderAt + (last + 1) * hour), frozen: true });
  const rig = await startRig(clock);
  try {
    const group = customers('h', options.customers);
    const round = (n: number) =>
      group.map((c) => make.orderAt(c, n, new Date(firstOrderAt + (n - 1) * hour + c.seed * 60_000).toISOString()));
    const measure = (n: number) => {
      const entries = round(n);
      const name = `Order Completed, order ${n} of a customer`;
      return measurePhase(rig, { name, events: entries.length, targets: targetsOf(entries) }, () =>
        sendEvents(rig, name, entries),
      );
    };
    const first = await measure(1);
    // The unmeasured history goes faster without the meter's reads of each updated item.
    await withoutIndexCounting(rig, async () => {
      for (let n = 2; n < last; n++) await sendEvents(rig, 'order history', round(n));
    });
    const later = await measure(last);
    return { customers: group.length, first, later, laterOrder: last, failures: [...rig.failures] };
  } finally {
    await stopRig(rig);
  }
}
