import { ClvInputError } from './errors.js';

/**
 * An order as the models see it: whose, on which purchase day (YYYY-MM-DD, the shop's calendar) and its net amount.
 * Leave fully refunded orders out (they were not purchases); a free order still is one, as in the CDNOW reference.
 */
export interface Order {
  readonly customerId: string;
  readonly day: string;
  /** Net of refunds. */
  readonly netAmount: number;
}

export type TimeUnit = 'day' | 'week';

/** The per-customer statistics BG/NBD and Gamma-Gamma need (Fader, Hardie & Lee 2005), in `TimeUnit`s. */
export interface CustomerSummary {
  readonly customerId: string;
  /** Repeat purchases: distinct purchase days after the first, up to the calibration end. */
  readonly x: number;
  /** Time from the first purchase to the last one. */
  readonly tx: number;
  /** Time from the first purchase to the calibration end. */
  readonly T: number;
  /** Mean net amount of a repeat purchase day, the first excluded (Fader & Hardie's z̄); 0 when x = 0. */
  readonly mBar: number;
}

/** Identical (x, tₓ, T) rows collapsed into one, so a fit evaluates each distinct history once. */
export interface WeightedHistory {
  readonly x: number;
  readonly tx: number;
  readonly T: number;
  readonly weight: number;
}

const millisecondsPerDay = 86_400_000;
const daysPerUnit: Record<TimeUnit, number> = { day: 1, week: 7 };

/**
 * Summarises each customer's orders up to and including `calibrationEnd` (YYYY-MM-DD). Several orders on one day are
 * one purchase, as in the reference (Fader & Hardie's CDNOW summary), and their amounts add up. Customers whose first
 * order is after the calibration end are left out: the model has not seen them yet.
 */
export function summarise(orders: readonly Order[], calibrationEnd: string, unit: TimeUnit): CustomerSummary[] {
  const end = dayNumber(calibrationEnd);
  const spendByDay = new Map<string, Map<number, number>>();
  for (const order of orders) {
    const day = dayNumber(order.day);
    if (day > end) continue;
    const days = spendByDay.get(order.customerId) ?? new Map<number, number>();
    days.set(day, (days.get(day) ?? 0) + order.netAmount);
    spendByDay.set(order.customerId, days);
  }
  const perUnit = daysPerUnit[unit];
  return [...spendByDay].map(([customerId, days]) => {
    const ordered = [...days].sort(([d1], [d2]) => d1 - d2);
    const [first, ...repeats] = ordered;
    const firstDay = first?.[0] ?? end;
    const lastDay = ordered.at(-1)?.[0] ?? firstDay;
    const repeatSpend = repeats.reduce((sum, [, amount]) => sum + amount, 0);
    return {
      customerId,
      x: repeats.length,
      tx: (lastDay - firstDay) / perUnit,
      T: (end - firstDay) / perUnit,
      mBar: repeats.length > 0 ? repeatSpend / repeats.length : 0,
    };
  });
}

/** Collapses identical (x, tₓ, T) into weights; the likelihood is a weighted sum, so the fit is unchanged. */
export function collapseHistories(summaries: readonly Pick<CustomerSummary, 'x' | 'tx' | 'T'>[]): WeightedHistory[] {
  const rows = new Map<string, { x: number; tx: number; T: number; weight: number }>();
  for (const { x, tx, T } of summaries) {
    const key = `${x}|${tx}|${T}`;
    const row = rows.get(key);
    if (row) row.weight += 1;
    else rows.set(key, { x, tx, T, weight: 1 });
  }
  return [...rows.values()];
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** The calendar day (YYYY-MM-DD) of an instant in a time zone: the shop's day, which decides "same-day" orders. */
export function purchaseDay(instant: Date, timeZone = 'UTC'): string {
  let format = dayFormats.get(timeZone);
  if (!format) {
    // en-CA writes dates as YYYY-MM-DD.
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormats.set(timeZone, format);
  }
  return format.format(instant);
}

function dayNumber(day: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  const ms = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : Number.NaN;
  if (!match || new Date(ms).toISOString().slice(0, 10) !== day) {
    throw new ClvInputError(`not a calendar day (YYYY-MM-DD): ${JSON.stringify(day)}`);
  }
  return ms / millisecondsPerDay;
}
