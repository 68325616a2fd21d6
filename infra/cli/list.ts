import { readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { workflowFiles } from '../../shared/workflow/adapters/workflow-files.js';
import { statsOf, sumCounts } from '../../shared/workflow/routes/workflow-routes.js';
import { DynamoWorkflowStore } from '../../shared/workflow/store/workflow-store.js';
import type { CliIo } from './io.js';
import { openTable, reportUnreadable, tableOptions, tableUsage } from './table.js';

export const listUsage = `Usage: rekindle list [--table NAME] [--endpoint URL | --aws] [--admin URL] [--json]

Lists the deployed workflows: every published version, the newest one's status, and its report
(entered, converted, active). Files in workflows/ with a version not deployed yet are flagged.

${tableUsage}
  --dir DIR        workflow files to compare with (default: workflows)
  --json           print JSON
  -h, --help       show this help`;

export async function listCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: {
      ...tableOptions,
      dir: { type: 'string', default: 'workflows' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    allowPositionals: false,
  });
  if (values.help) {
    io.out(listUsage);
    return 0;
  }
  if (values.aws && values.endpoint) {
    io.err('rekindle list: give --endpoint or --aws, not both');
    return 2;
  }
  const target = await openTable('list', values, io);
  const { db } = target;
  try {
    if (!target.marked) io.err(`rekindle list: warning: table "${target.table}" has no Rekindle marker`);
    const store = new DynamoWorkflowStore(db, target.table);
    const published = await store.list();
    const ids = [...new Set(published.map((v) => v.id))].sort();
    const files = workflowFiles([resolve(io.cwd, values.dir)], io.cwd).flatMap((path) => {
      const head = idAndVersion(path);
      return head ? [{ ...head, file: join(values.dir, basename(path)) }] : [];
    });
    const rows = [];
    for (const id of ids) {
      const versions = published.filter((v) => v.id === id).sort((a, b) => a.version - b.version);
      const latest = versions.at(-1);
      const total = statsOf(sumCounts(Object.values(await store.read(id))));
      const file = files.find((f) => f.id === id);
      rows.push({
        id,
        name: latest?.name ?? '',
        status: latest?.status ?? '',
        versions: versions.map((v) => v.version),
        publishedAt: latest?.publishedAt ?? '',
        entered: total.entered,
        converted: total.converted,
        active: total.active,
        undeployedFile: file && latest && file.version > latest.version ? file : null,
      });
    }
    const unpublished = files.filter((f) => !ids.includes(f.id));
    if (values.json) {
      io.out(JSON.stringify({ workflows: rows, notDeployed: unpublished }, null, 2));
      return 0;
    }
    if (rows.length === 0) io.out('No workflows deployed yet.');
    for (const r of rows) {
      io.out(
        `${r.id}  v${r.versions.join(', v')}  ${r.status}  "${r.name}"  published ${r.publishedAt}  ` +
          `entered ${r.entered}, converted ${r.converted}, active ${r.active}`,
      );
      if (r.undeployedFile) io.out(`  ${r.undeployedFile.file} is v${r.undeployedFile.version}: not deployed yet`);
    }
    for (const f of unpublished) io.out(`${f.id}  ${f.file} (v${f.version}): not deployed yet`);
    return 0;
  } catch (error) {
    reportUnreadable('list', target, error, io);
    return 1;
  } finally {
    db.destroy();
  }
}

/** The id and version a file declares, valid or not (`rekindle validate` says what else is wrong with it). */
function idAndVersion(path: string): { id: string; version: number } | null {
  try {
    const json: unknown = JSON.parse(readFileSync(path, 'utf8'));
    if (typeof json !== 'object' || json === null) return null;
    const { id, version } = json as Record<string, unknown>;
    return typeof id === 'string' && typeof version === 'number' ? { id, version } : null;
  } catch {
    return null;
  }
}
