import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { basename, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CustomerReader } from '../../shared/customer/store/customer-reader.js';
import { createPurgeService } from '../../shared/lifecycle/compose.js';
import {
  countedKinds,
  type PurgeCounts,
  type PurgeOutcome,
  type PurgePreview,
} from '../../shared/lifecycle/core/purge.js';
import { activeSinceListed, type PurgeListEntry, parsePurgeList } from '../../shared/lifecycle/core/purge-list.js';
import { EventBridgePublisher } from '../../shared/platform/eventbridge/publisher.js';
import type { CliIo } from './io.js';
import { mayWrite, openTable, reportUnreadable, tableOptions, tableUsage } from './table.js';

export const purgeUsage = `Usage: rekindle purge --dry-run FILE | --approve FILE [--reason TEXT] [--format text|json]
                     [--table NAME] [--endpoint URL | --aws] [--admin URL] [--events URL] [--bus NAME] [--at ISO]

Erases the customers of a reviewed list: the CSV or JSON \`rekindle inactive\` writes (its customerId and
lastActiveAt columns), a JSON array of ids, or one id per line. A customer active again since the list was made
(a later last activity than the list says) is left alone.

  --dry-run FILE   show exactly what would be erased, pseudonymised and suppressed per customer; write nothing
  --approve FILE   do it: each purge is recorded (who, when, why, counts) and announced as Customer Purged
  --reason TEXT    the audit record's reason (default: "approved list <file name>")
  --format F       text (default) or json
  --events URL     EventBridge endpoint for Customer Purged (default: the local engine's, else
                   http://127.0.0.1:$REKINDLE_EVENTBRIDGE_PORT, 4010 unless set; AWS with --aws)
  --bus NAME       the event bus (default: rekindle)
  --at ISO         the purge time (default: the local engine's clock, else now)
${tableUsage}
  -h, --help       show this help`;

type Row =
  | { readonly action: 'preview'; readonly preview: PurgePreview }
  | { readonly action: 'purge'; readonly outcome: PurgeOutcome }
  | { readonly action: 'skip'; readonly customerId: string; readonly reason: string };

export async function purgeCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: {
      'dry-run': { type: 'string' },
      approve: { type: 'string' },
      reason: { type: 'string' },
      format: { type: 'string', default: 'text' },
      events: { type: 'string' },
      bus: { type: 'string', default: 'rekindle' },
      at: { type: 'string' },
      ...tableOptions,
      help: { type: 'boolean', short: 'h', default: false },
    },
    allowPositionals: false,
  });
  if (values.help) {
    io.out(purgeUsage);
    return 0;
  }
  const usage = (message: string) => {
    io.err(`rekindle purge: ${message}\n\n${purgeUsage}`);
    return 2;
  };
  const file = values['dry-run'] ?? values.approve;
  if (file === undefined || (values['dry-run'] !== undefined && values.approve !== undefined)) {
    return usage('give --dry-run FILE or --approve FILE');
  }
  if (values.format !== 'text' && values.format !== 'json') return usage(`--format must be text or json`);
  if (values.aws && values.endpoint) return usage('give --endpoint or --aws, not both');
  if (values.at !== undefined && Number.isNaN(Date.parse(values.at))) return usage('--at must be an ISO-8601 time');
  let list: PurgeListEntry[];
  try {
    list = parsePurgeList(readFileSync(resolve(io.cwd, file), 'utf8'));
  } catch (error) {
    io.err(`rekindle purge: ${file}: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }

  const target = await openTable('purge', values, io);
  const { db, now, table } = target;
  if (values.approve !== undefined && !mayWrite('purge', target, io)) {
    db.destroy();
    return 1;
  }
  if (!target.marked) io.err(`rekindle purge: warning: table "${table}" has no Rekindle marker`);
  const publisher = EventBridgePublisher.create(
    values.bus,
    values.aws ? undefined : (values.events ?? target.eventsEndpoint),
  );
  const purge = createPurgeService({ db, table, now: () => now }, publisher);
  const reader = new CustomerReader(db, table);
  const reason = values.reason ?? `approved list ${basename(file)}`;
  const requestedBy = `cli ${userInfo().username} (approved list ${basename(file)})`;
  const rows: Row[] = [];
  try {
    for (const entry of list) {
      const current = await reader.profile(entry.customerId);
      if (activeSinceListed(entry, current?.lastActiveAt ?? null)) {
        rows.push({ action: 'skip', customerId: entry.customerId, reason: 'active again since the list was made' });
      } else if (values.approve === undefined) {
        rows.push({ action: 'preview', preview: await purge.preview(entry.customerId) });
      } else {
        const request = { customerId: entry.customerId, reason, requestedBy, requestedAt: now.toISOString() };
        rows.push({ action: 'purge', outcome: await purge.purge(request) });
      }
    }
  } catch (error) {
    reportUnreadable('purge', target, error, io);
    return 1;
  } finally {
    db.destroy();
  }
  io.out(values.format === 'json' ? JSON.stringify(rows.map(jsonRow), null, 2) : rows.map(describe).join('\n'));
  io.err(summary(rows, values.approve === undefined));
  return 0;
}

function describe(row: Row): string {
  if (row.action === 'skip') return `${row.customerId}: skipped, ${row.reason}`;
  if (row.action === 'preview') {
    const p = row.preview;
    if (p.status === 'would-purge') {
      return (
        `${p.customerId}: would erase ${counts(p.erase)}; pseudonymise ${counts(p.pseudonymise) || 'nothing'}; ` +
        `suppress ${p.suppress.join(', ') || 'no address'}`
      );
    }
    return `${p.customerId}: ${p.status === 'unknown' ? 'unknown, nothing held' : 'already purged'}`;
  }
  const o = row.outcome;
  if (o.status === 'unknown') return `${o.customerId}: unknown, nothing held`;
  if (o.status === 'active-again') return `${o.customerId}: skipped, active again at ${o.lastActiveAt}`;
  const { audit } = o;
  return o.status === 'purged'
    ? `${audit.customerId}: purged at ${audit.purgedAt}: ${counts(audit.counts)}`
    : `${audit.customerId}: already purged at ${audit.purgedAt} (${audit.reason})`;
}

/** One object per customer, with its status: what a script reading `--format json` needs. */
function jsonRow(row: Row): Readonly<Record<string, unknown>> {
  if (row.action === 'skip') return { customerId: row.customerId, status: 'skipped', reason: row.reason };
  if (row.action === 'preview') return { ...row.preview };
  const o = row.outcome;
  return o.status === 'unknown' || o.status === 'active-again' ? o : { status: o.status, ...o.audit };
}

const counts = (c: PurgeCounts): string =>
  countedKinds.flatMap((kind) => (c[kind] ? [`${c[kind]} ${kind}`] : [])).join(', ');

function summary(rows: readonly Row[], dryRun: boolean): string {
  const by = new Map<string, number>();
  for (const row of rows) {
    const status = String(jsonRow(row).status);
    by.set(status, (by.get(status) ?? 0) + 1);
  }
  const parts = [...by].map(([status, n]) => `${n} ${status}`).join(', ');
  return `rekindle purge: ${rows.length} customers: ${parts}${dryRun ? ' (dry run: nothing written)' : ''}`;
}
