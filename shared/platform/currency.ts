import * as z from 'zod';
import { ValidationError } from './errors.js';

/**
 * Exchange rates a shop configures in `workflows/currencies.json`, dated: each rate holds from its date (UTC) until
 * the next one of the same currency. Rates are the value of one unit of a currency in the table's `base`, so any two
 * currencies convert through it. Pure: the file is read by whoever composes the runtime.
 */

const code = z.string().regex(/^[A-Z]{3}$/, 'must be an ISO-4217 currency code such as EUR');
const date = z.iso.date({ message: 'must be a date such as 2026-01-01' });

const dated = z.strictObject({
  from: date.describe('First day (UTC) the rate holds'),
  rate: z.number().finite().positive('must be greater than 0').describe('Value of 1 unit in the base currency'),
});

export const currencyTable = z
  .strictObject({
    $schema: z.string().optional(),
    base: code.describe('The currency the rates are expressed in'),
    rates: z
      .record(code, z.array(dated).min(1, 'needs at least one dated rate'))
      .superRefine((rates, ctx) => {
        for (const [currency, list] of Object.entries(rates)) {
          list.forEach((r, i) => {
            const before = list[i - 1];
            if (before && r.from <= before.from) {
              ctx.addIssue({ code: 'custom', path: [currency, i, 'from'], message: `must be after ${before.from}` });
            }
          });
        }
      })
      .describe('Per currency, its rates from oldest to newest'),
  })
  .describe('Exchange rates by date');

export type CurrencyTable = z.output<typeof currencyTable>;

/** An empty table: only same-currency conversions. */
export const noRates: CurrencyTable = { base: 'XXX', rates: {} };

/** Parses a rate table file's JSON; throws `ValidationError` naming the path, e.g. `rates.EUR[1].from`. */
export function parseCurrencyTable(json: unknown): CurrencyTable {
  const result = currencyTable.safeParse(json);
  if (!result.success) throw ValidationError.fromZod(result.error);
  return result.data;
}

/** Value of one unit of `currency` in the base as of the day of `at`; null before its first rate or without one. */
function unitValue(table: CurrencyTable, currency: string, at: string): number | null {
  if (currency === table.base) return 1;
  const list = Object.hasOwn(table.rates, currency) ? table.rates[currency] : undefined;
  const day = new Date(at).toISOString().slice(0, 10);
  const held = list?.findLast((r) => r.from <= day);
  return held?.rate ?? null;
}

/** Units of `to` one unit of `from` is worth as of `at` (1 for the same currency); null when a rate is missing. */
export function rateAt(table: CurrencyTable, from: string, to: string, at: string): number | null {
  if (from === to) return 1;
  const a = unitValue(table, from, at);
  const b = unitValue(table, to, at);
  return a === null || b === null ? null : a / b;
}

/** `amount` of `from` in `to` as of `at`; null when a rate is missing. */
export function convert(table: CurrencyTable, amount: number, from: string, to: string, at: string): number | null {
  const rate = rateAt(table, from, to, at);
  return rate === null ? null : amount * rate;
}
