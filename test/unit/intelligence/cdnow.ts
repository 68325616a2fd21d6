import { readFileSync } from 'node:fs';
import type { Order } from '../../../shared/intelligence/core/clv/summary.js';

// The CDNOW sample (see test/fixtures/cdnow/README.md): 2,357 customers who first bought in 1997's first quarter.
const fixtures = new URL('../../fixtures/cdnow/', import.meta.url);

/** Each line: master id, sample id (1–2,357), date YYYYMMDD, CDs bought, dollar amount. */
export function cdnowOrders(): Order[] {
  return lines('CDNOW_sample.txt').map((line) => {
    const [, id, date, , amount] = line.trim().split(/\s+/);
    if (!id || !date || amount === undefined) throw new Error(`unexpected CDNOW line: ${line}`);
    return {
      customerId: String(Number(id)),
      day: `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}`,
      netAmount: Number(amount),
    };
  });
}

export interface PublishedSummary {
  readonly customerId: string;
  readonly x: number;
  readonly tx: number;
  readonly T: number;
  readonly zbar: number;
}

/** Fader & Hardie's calibration summary (weeks, to 1997-09-30), with z̄ the mean repeat spend, rounded to 2 decimals. */
export function cdnowPublishedSummary(): PublishedSummary[] {
  const [, ...rows] = lines('cdnow_customers_summary_with_transactions.csv');
  return rows.map((row) => {
    const [id = '', x, tx, T, zbar] = row.split(',');
    return { customerId: id, x: Number(x), tx: Number(tx), T: Number(T), zbar: Number(zbar) };
  });
}

function lines(file: string): string[] {
  return readFileSync(new URL(file, fixtures), 'utf8')
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '');
}
