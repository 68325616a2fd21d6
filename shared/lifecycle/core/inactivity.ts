import type { EventPublisher } from '../../platform/events.js';

/**
 * Inactivity: `Customer Became Inactive` once per customer, threshold and silence. A customer whose last activity
 * (or, basis `purchase`, last order) fell on day A crosses N days of silence during day A + N; the sweep of day D
 * (run once D is over) reads only the customers whose last one was on D − N (one index Query per threshold), so it
 * reads the crossings, never the table. A new activity (order) moves that day, so a later silence is a new crossing
 * with a new eventId. A customer who never ordered has no last order day: only the activity basis announces them.
 */

/** `activity`: any tracked storefront event or email engagement; `purchase`: an order (`Order Completed`). */
export type InactivityBasis = 'activity' | 'purchase';

export const inactivityBases = ['activity', 'purchase'] as const satisfies readonly InactivityBasis[];

export interface InactivityThreshold {
  readonly basis: InactivityBasis;
  readonly days: number;
}

/** The `detail` of `Customer Became Inactive`, as published (and as segment triggers match it). */
export type CustomerBecameInactive = {
  readonly customerId: string;
  readonly eventId: string;
  readonly occurredAt: string;
  readonly basis: InactivityBasis;
  readonly days: number;
};

export const becameInactiveType = 'Customer Became Inactive';

/** A customer found on a day's index partition, with the instant of the last activity (or order) from the profile. */
export interface SilentCustomer {
  readonly customerId: string;
  readonly lastAt: string;
}

/** Port: the customers by the day of their last activity or order, and the sweep's progress (the last day swept). */
export interface InactivityStore {
  /** Customers whose last activity (`purchase`: last order) is on `day` (YYYY-MM-DD) and still is. */
  lastOn(basis: InactivityBasis, day: string): Promise<readonly SilentCustomer[]>;
  lastSweptDay(): Promise<string | null>;
  /** Records `day` as swept; never moves the record backwards. */
  markSwept(day: string): Promise<void>;
}

const dayMs = 86_400_000;

/** `2026-11-02` plus `days` (may be negative). */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00.000Z`) + days * dayMs).toISOString().slice(0, 10);
}

/**
 * The complete days to sweep at `now`, oldest first: every day after the last one swept, up to yesterday (UTC), at
 * most `maxCatchUpDays` of them. The first sweep ever takes only yesterday.
 */
export function daysToSweep(lastSwept: string | null, now: Date, maxCatchUpDays: number): string[] {
  const yesterday = addDays(now.toISOString().slice(0, 10), -1);
  const oldest = addDays(yesterday, -(maxCatchUpDays - 1));
  let day = lastSwept === null ? yesterday : addDays(lastSwept, 1);
  if (day < oldest) day = oldest;
  const days: string[] = [];
  for (; day <= yesterday; day = addDays(day, 1)) days.push(day);
  return days;
}

/**
 * The announcement of one crossing: at the instant N days after the last activity (or order); the same eventId every
 * time, and a different one per basis.
 */
export function becameInactive(customer: SilentCustomer, threshold: InactivityThreshold): CustomerBecameInactive {
  const { customerId, lastAt } = customer;
  return {
    customerId,
    eventId: `inactive:${customerId}:${threshold.basis}:${threshold.days}:${lastAt.slice(0, 10)}`,
    occurredAt: new Date(Date.parse(lastAt) + threshold.days * dayMs).toISOString(),
    basis: threshold.basis,
    days: threshold.days,
  };
}

export interface InactivitySweepResult {
  /** The days swept, oldest first (empty when the sweep is up to date). */
  readonly days: readonly string[];
  readonly published: number;
}

/**
 * Sweeps every complete day not swept yet (bounded): for each threshold, the customers crossing it that day, each
 * announced once. A day is marked swept only after all its events are on the bus; a crash before that sweeps the day
 * again and publishes the same eventIds, which consumers drop.
 */
export async function sweepInactivity(
  store: InactivityStore,
  publisher: EventPublisher,
  thresholds: readonly InactivityThreshold[],
  now: Date,
  maxCatchUpDays: number,
): Promise<InactivitySweepResult> {
  const days = daysToSweep(await store.lastSweptDay(), now, maxCatchUpDays);
  let published = 0;
  for (const day of days) {
    for (const threshold of thresholds) {
      const silent = await store.lastOn(threshold.basis, addDays(day, -threshold.days));
      const events = silent.map((customer) => ({
        type: becameInactiveType,
        detail: becameInactive(customer, threshold),
      }));
      await publisher.publish(events);
      published += events.length;
    }
    await store.markSwept(day);
  }
  return { days, published };
}

/**
 * When the next sweep has someone to announce: the midnight (UTC) after the first day on or after `fromDay` on which a
 * customer whose last activity (or order) fell on one of `lastDays[basis]` crosses a threshold of that basis; null
 * when nobody will.
 */
export function nextCrossingSweep(
  lastDays: Readonly<Partial<Record<InactivityBasis, Iterable<string>>>>,
  thresholds: readonly InactivityThreshold[],
  fromDay: string,
): string | null {
  let first: string | null = null;
  for (const basis of inactivityBases) {
    const crossed = thresholds.filter((t) => t.basis === basis).map((t) => t.days);
    if (crossed.length === 0) continue;
    for (const day of lastDays[basis] ?? []) {
      for (const days of crossed) {
        const crossing = addDays(day, days);
        if (crossing >= fromDay && (first === null || crossing < first)) first = crossing;
      }
    }
  }
  return first === null ? null : `${addDays(first, 1)}T00:00:00.000Z`;
}

/** The longest threshold of `basis` in days (0 without one): how far back a day can still lead to a crossing. */
export function longestThreshold(thresholds: readonly InactivityThreshold[], basis: InactivityBasis): number {
  return Math.max(0, ...thresholds.filter((t) => t.basis === basis).map((t) => t.days));
}
