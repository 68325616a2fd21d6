import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inactiveCsvHeader } from '../../shared/lifecycle/core/inactive-report.js';
import { parseCsv } from '../../shared/platform/csv.js';
import { rekindle } from '../helpers/cli.js';
import { type EngineHarness, startHarness } from './local-engine.js';
import { observe, order, registered } from './observe.js';

// Two customers go quiet on the local engine, one keeps buying; 61 days later the shipped win-back workflow has
// written to the quiet ones. The report lists them with what the engine itself recorded: orders, points, the
// win-back enrollment and its email. Then `rekindle inactive` reads the same table, as CSV and as JSON.
const start = '2026-11-02T10:00:00.000Z';
const hours = (h: number) => new Date(Date.parse(start) + h * 3_600_000).toISOString();
const reportAt = hours(61 * 24);
/** A name a CSV must quote (a comma and quotes) in Arabic and Latin script. */
const lastName = 'Haddad, "Lulu"';

interface Row {
  customerId: string;
  name: string | null;
  lastCampaign: { workflowId: string; outcome: string } | null;
  lastMessage: { channel: string; status: string } | null;
}

describe('inactive customers report on the local engine', () => {
  let h: EngineHarness;
  let api: Row[];
  const table = () => ['--endpoint', h.engine.endpoints.dynamodb, '--table', h.engine.tableName];

  beforeAll(async () => {
    h = await startHarness(new Date(start));
    const o = observe(h);
    // Events arrive when they occur: an event dated after its receipt would count as of its receipt.
    await o.clockTo(hours(2));
    await o.send(
      registered('cus_quiet_1', start, { firstName: 'ليلى', lastName }),
      registered('cus_quiet_2', hours(2), { firstName: 'Omar' }),
      registered('cus_busy', start, { firstName: 'Sara' }),
    );
    await o.send(order('cus_quiet_1', 'ord_q1', hours(1), 120));
    await o.clockTo(hours(40 * 24));
    await o.send(order('cus_busy', 'ord_b1', hours(40 * 24), 80));
    await o.clockTo(reportAt);
    const res = await h.get('/reports/inactive?days=60');
    expect(res.status).toBe(200);
    api = (res.body as { items: Row[] }).items;
  });
  afterAll(async () => h?.stop());

  it('GET /reports/inactive lists the two quiet customers with their orders, points and the win-back email', () => {
    expect(api.map((c) => c.customerId)).toEqual(['cus_quiet_1', 'cus_quiet_2']);
    expect(api[0]).toMatchObject({
      name: `ليلى ${lastName}`,
      email: 'c***@example.com',
      lastActiveAt: hours(1),
      daysInactive: 60,
      orders: 1,
      revenue: 120,
      currency: 'SAR',
      // Signup 100, first order 50, 120 SAR of Fragrance at twice the points.
      points: 390,
      tier: 'bronze',
      lastCampaign: { workflowId: 'win-back', outcome: 'in-progress', enteredAt: '2027-01-01T11:00:00.000Z' },
      lastMessage: { channel: 'email', template: 'win-back', status: 'sent', at: '2027-01-02T00:00:00.000Z' },
    });
    // Signup 100, and the welcome series' 100 for not ordering within 3 days.
    expect(api[1]).toMatchObject({ name: 'Omar', orders: 0, points: 200, currency: null });
    expect(api[1]?.lastCampaign).toMatchObject({ workflowId: 'win-back', outcome: 'in-progress' });
  });

  it('rekindle inactive prints the same customers as CSV, as of the local engine clock, names intact', async () => {
    const run = await rekindle(['inactive', '--days', '60', ...table(), '--admin', h.engine.endpoints.admin]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`as of the local engine's clock, ${reportAt}`);
    expect(run.stdout).toContain('\r\n');
    const [header, ...rows] = parseCsv(run.stdout);
    expect(header).toEqual([...inactiveCsvHeader]);
    expect(rows.map((r) => [r[0], r[1]])).toEqual([
      ['cus_quiet_1', `ليلى ${lastName}`],
      ['cus_quiet_2', 'Omar'],
    ]);
    expect(rows[0]?.[inactiveCsvHeader.indexOf('campaignOutcome')]).toBe('in-progress');
    expect(rows[0]?.[inactiveCsvHeader.indexOf('points')]).toBe('390');
  });

  it('rekindle inactive --format json --out writes what the API serves; --limit stops early', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'rekindle-inactive-')), 'inactive.json');
    const run = await rekindle([
      'inactive',
      '--days',
      '60',
      '--format',
      'json',
      '--out',
      out,
      '--at',
      reportAt,
      ...table(),
    ]);
    expect(run.code).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual(api);
    const one = await rekindle([
      'inactive',
      '--days',
      '60',
      '--format',
      'json',
      '--limit',
      '1',
      '--at',
      reportAt,
      ...table(),
    ]);
    expect(JSON.parse(one.stdout).map((c: Row) => c.customerId)).toEqual(['cus_quiet_1']);
  });

  it('rekindle inactive refuses a missing --days and a --since after the cutoff, with exit code 2', async () => {
    const noDays = await rekindle(['inactive', ...table()]);
    expect(noDays.code).toBe(2);
    expect(noDays.stderr).toContain('--days must be a whole number');
    const since = await rekindle(['inactive', '--days', '60', '--since', '2026-11-04', '--at', reportAt, ...table()]);
    expect(since.code).toBe(2);
    expect(since.stderr).toContain('--since must be on or before 2026-11-03 (now minus days)');
  });
});
