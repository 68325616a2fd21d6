import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  cutoffOf,
  type InactiveCustomer,
  inactiveCsvCells,
  inactiveCsvHeader,
  inactiveReport,
  sinceIssue,
} from '../../shared/lifecycle/core/inactive-report.js';
import { DynamoInactiveCustomers } from '../../shared/lifecycle/store/inactive-customers.js';
import { toCsv } from '../../shared/platform/csv.js';
import type { CliIo } from './io.js';
import { openTable, reportUnreadable, tableOptions, tableUsage } from './table.js';

export const inactiveUsage = `Usage: rekindle inactive --days N [--since DAY] [--format csv|json] [--out FILE] [--limit N]
                        [--table NAME] [--endpoint URL | --aws] [--admin URL] [--at ISO]

Lists the known customers silent for at least N days, most recently silent first (by last-active day), with
their last order, lifetime revenue net of refunds, loyalty points, last campaign and its outcome, and last
message. Emails are masked (l***@example.com); customerId is the key to act on.

  --days N         days of silence at least (required)
  --since DAY      the oldest last-active day listed, YYYY-MM-DD (default: 3 years before the day N days ago)
  --format F       csv (default: RFC 4180, UTF-8, a header row) or json (an array)
  --out FILE       write the report there instead of printing it
  --limit N        at most N customers (default: all)
  --at ISO         the time to count from (default: the local engine's clock when it answers, else now)
${tableUsage}
  -h, --help       show this help`;

const pageSize = 200;

export async function inactiveCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: {
      days: { type: 'string' },
      since: { type: 'string' },
      format: { type: 'string', default: 'csv' },
      out: { type: 'string' },
      limit: { type: 'string' },
      at: { type: 'string' },
      ...tableOptions,
      help: { type: 'boolean', short: 'h', default: false },
    },
    allowPositionals: false,
  });
  if (values.help) {
    io.out(inactiveUsage);
    return 0;
  }
  const usage = (message: string) => {
    io.err(`rekindle inactive: ${message}\n\n${inactiveUsage}`);
    return 2;
  };
  const days = wholeNumber(values.days);
  if (days === null || days < 1 || days > 3650) return usage('--days must be a whole number of days from 1 to 3650');
  const limit = values.limit === undefined ? Number.POSITIVE_INFINITY : wholeNumber(values.limit);
  if (limit === null || limit < 1) return usage('--limit must be a whole number from 1');
  const { format } = values;
  if (format !== 'csv' && format !== 'json') return usage(`--format must be csv or json, not "${format}"`);
  if (values.aws && values.endpoint) return usage('give --endpoint or --aws, not both');
  if (values.at !== undefined && Number.isNaN(Date.parse(values.at))) {
    return usage(`--at must be an ISO-8601 time, not "${values.at}"`);
  }
  if (values.since !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.since)) {
    return usage(`--since must be a day, YYYY-MM-DD, not "${values.since}"`);
  }
  const target = await openTable('inactive', values, io);
  const { db, now } = target;
  const issue = values.since === undefined ? null : sinceIssue(values.since, cutoffOf(now, days));
  if (issue !== null) {
    db.destroy();
    return usage(`--since ${issue}`);
  }
  const rows: InactiveCustomer[] = [];
  try {
    if (!target.marked) io.err(`rekindle inactive: warning: table "${target.table}" has no Rekindle marker`);
    const source = new DynamoInactiveCustomers(db, target.table);
    let cursor: string | undefined;
    do {
      const query = { days, since: values.since, limit: Math.min(pageSize, limit - rows.length), cursor };
      const page = await inactiveReport(source, query, now);
      rows.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined && rows.length < limit);
  } catch (error) {
    reportUnreadable('inactive', target, error, io);
    return 1;
  } finally {
    db.destroy();
  }

  const text =
    format === 'json' ? `${JSON.stringify(rows, null, 2)}\n` : toCsv(inactiveCsvHeader, rows.map(inactiveCsvCells));
  if (values.out === undefined) {
    // `out` ends the text with "\n": the final record keeps its CRLF.
    io.out(text.slice(0, -1));
  } else {
    writeFileSync(resolve(io.cwd, values.out), text);
    io.err(`${rows.length} customers silent for ${days} days or more as of ${now.toISOString()}: ${values.out}`);
  }
  return 0;
}

const wholeNumber = (text: string | undefined): number | null =>
  text !== undefined && /^\d+$/.test(text) ? Number(text) : null;
