import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { convert, parseCurrencyTable, rateAt } from '../../../shared/platform/currency.js';
import { ValidationError } from '../../../shared/platform/errors.js';

const table = parseCurrencyTable({
  base: 'SAR',
  rates: {
    USD: [{ from: '2020-01-01', rate: 3.75 }],
    EUR: [
      { from: '2026-01-01', rate: 4 },
      { from: '2026-07-01', rate: 4.4 },
    ],
  },
});

describe('currency conversion by dated rates', () => {
  it('converts at the rate that holds on the day (UTC) of the amount, from its date on', () => {
    expect(convert(table, 100, 'EUR', 'SAR', '2026-06-30T23:59:59Z')).toBe(400);
    expect(convert(table, 100, 'EUR', 'SAR', '2026-07-01T00:00:00Z')).toBeCloseTo(440);
    // An offset time is taken as the instant it is: 01:00+02:00 on 1 July is still 30 June in UTC.
    expect(rateAt(table, 'EUR', 'SAR', '2026-07-01T01:00:00+02:00')).toBe(4);
  });

  it('converts between two currencies through the base, and back', () => {
    expect(rateAt(table, 'SAR', 'EUR', '2026-03-01T00:00:00Z')).toBe(0.25);
    expect(convert(table, 375, 'USD', 'EUR', '2026-03-01T00:00:00Z')).toBeCloseTo(351.5625);
    expect(rateAt(table, 'JPY', 'JPY', '2026-03-01T00:00:00Z')).toBe(1);
  });

  it('has no rate for a currency it does not list, nor before its first rate', () => {
    expect(rateAt(table, 'JPY', 'SAR', '2026-03-01T00:00:00Z')).toBeNull();
    expect(convert(table, 10, 'EUR', 'SAR', '2025-12-31T23:59:59Z')).toBeNull();
    expect(rateAt(table, 'constructor', 'SAR', '2026-03-01T00:00:00Z')).toBeNull();
  });

  it('refuses a table with rates out of date order or not positive, naming the path', () => {
    const bad = () =>
      parseCurrencyTable({
        base: 'SAR',
        rates: {
          EUR: [
            { from: '2026-07-01', rate: 4 },
            { from: '2026-01-01', rate: 0 },
          ],
        },
      });
    expect(bad).toThrow(ValidationError);
    expect(bad).toThrow(/rates\.EUR\[1\]\.rate: must be greater than 0/);
    const unordered = () =>
      parseCurrencyTable({
        base: 'SAR',
        rates: {
          EUR: [
            { from: '2026-07-01', rate: 4 },
            { from: '2026-01-01', rate: 3 },
          ],
        },
      });
    expect(unordered).toThrow(/rates\.EUR\[1\]\.from: must be after 2026-07-01/);
  });

  it('reads the shipped table, workflows/currencies.json', () => {
    const shipped = parseCurrencyTable(JSON.parse(readFileSync('workflows/currencies.json', 'utf8')));
    expect(shipped.base).toBe('SAR');
    expect(rateAt(shipped, 'USD', 'SAR', '2027-01-01T00:00:00Z')).toBe(3.75);
  });
});
