import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rekindle } from '../helpers/cli.js';
import { type EngineHarness, startHarness } from './local-engine.js';
import { observe, registered, shop } from './observe.js';

// The marketer's path on the local engine: `rekindle inactive` writes the list of customers silent for 60 days, the
// marketer reviews it, `rekindle purge --dry-run` shows what would go, `--approve` does it. A customer who comes
// back between the list and the approval is left alone.
const start = '2026-11-02T10:00:00.000Z';
const days = (n: number) => new Date(Date.parse(start) + n * 86_400_000).toISOString();

describe('rekindle purge on the local engine', () => {
  let h: EngineHarness;
  let o: ReturnType<typeof observe>;
  let list: string;
  const engine = () => [
    '--endpoint',
    h.engine.endpoints.dynamodb,
    '--table',
    h.engine.tableName,
    '--events',
    h.engine.endpoints.eventBridge,
    '--admin',
    h.engine.endpoints.admin,
  ];

  beforeAll(async () => {
    h = await startHarness(new Date(start));
    o = observe(h);
    await o.send(registered('cus_cli_gone', start), registered('cus_cli_back', start));
    await o.clockTo(days(61));
    list = join(mkdtempSync(join(tmpdir(), 'rekindle-purge-')), 'inactive-60.json');
    const run = await rekindle([
      'inactive',
      '--days',
      '60',
      '--format',
      'json',
      '--out',
      list,
      '--endpoint',
      h.engine.endpoints.dynamodb,
      '--table',
      h.engine.tableName,
      '--admin',
      h.engine.endpoints.admin,
    ]);
    expect(run.code).toBe(0);
  });
  afterAll(async () => h?.stop());

  it('--dry-run shows what would be erased, pseudonymised and suppressed, and writes nothing', async () => {
    const run = await rekindle(['purge', '--dry-run', list, ...engine()]);
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n').sort();
    expect(lines).toEqual([
      expect.stringMatching(
        /^cus_cli_back: would erase 1 profile, 2 identities, 1 timeline, 2 enrollments, .*; pseudo/,
      ),
      expect.stringMatching(
        /^cus_cli_gone: .*; pseudonymise 1 loyaltyAccount, 2 loyaltyRecords, 2 ledger; suppress c\*\*\*@example\.com, \+96\*+567$/,
      ),
    ]);
    expect(run.stderr).toContain('2 customers: 2 would-purge (dry run: nothing written)');
    expect((await h.get('/customers/cus_cli_gone')).status).toBe(200);
    expect(await o.busEvents('Customer Purged')).toEqual([]);
  });

  it('--approve erases the listed customers, except one active again since, and records who and why', async () => {
    await o.send(
      shop('Product Viewed', { customerId: 'cus_cli_back', occurredAt: days(61), product: { productId: 'p-1' } }),
    );
    const run = await rekindle(['purge', '--approve', list, '--format', 'json', ...engine()]);
    expect(run.code).toBe(0);
    const rows = JSON.parse(run.stdout) as { customerId: string; status: string }[];
    expect(rows.sort((a, b) => a.customerId.localeCompare(b.customerId))).toEqual([
      { customerId: 'cus_cli_back', status: 'skipped', reason: 'active again since the list was made' },
      expect.objectContaining({
        customerId: 'cus_cli_gone',
        status: 'purged',
        reason: 'approved list inactive-60.json',
        requestedBy: expect.stringMatching(/^cli .+ \(approved list inactive-60\.json\)$/),
        purgedAt: days(61),
      }),
    ]);
    await h.settle();
    expect((await h.get('/customers/cus_cli_gone')).status).toBe(404);
    expect((await h.get('/customers/cus_cli_back')).status).toBe(200);
    expect(await o.busEvents('Customer Purged')).toEqual([expect.objectContaining({ customerId: 'cus_cli_gone' })]);

    const again = await rekindle(['purge', '--approve', list, ...engine()]);
    expect(again.stdout).toContain(`cus_cli_gone: already purged at ${days(61)}`);
    expect(await o.busEvents('Customer Purged')).toHaveLength(1);
  });

  it('names what is wrong with a list, by line', async () => {
    const bad = join(mkdtempSync(join(tmpdir(), 'rekindle-purge-')), 'bad.csv');
    writeFileSync(bad, 'customerId,lastActiveAt\ncus_1,2026-11-02T10:00:00Z\n,2026-11-02T10:00:00Z\n');
    const run = await rekindle(['purge', '--dry-run', bad, ...engine()]);
    expect(run).toMatchObject({ code: 1, stderr: expect.stringContaining('bad.csv: line 3: customerId is empty') });
    expect((await rekindle(['purge', ...engine()])).code).toBe(2);
  });
});
