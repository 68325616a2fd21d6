import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTable } from '../../infra/local/dynamodb.js';
import { createDocumentClient } from '../../shared/platform/dynamodb/client.js';
import { keys } from '../../shared/platform/dynamodb/keys.js';
import { rekindle } from '../helpers/cli.js';
import { type EngineHarness, startHarness } from './local-engine.js';
import { observe, order, registered } from './observe.js';

// The engine runs on ports other than the defaults (free ones, as `REKINDLE_*_PORT=...` would give): every command
// given the same variables as `npm start` acts on that engine's table, at that engine's clock, and says so.
// The engine's clock is years ahead of the real one, so a command that counted from today would list nobody.
const start = '2031-03-01T10:00:00.000Z';
const reportAt = new Date(Date.parse(start) + 90 * 86_400_000).toISOString();
const portOf = (url: string) => new URL(url).port;

describe('rekindle commands on an engine with non-default ports', () => {
  let h: EngineHarness;
  let env: Record<string, string>;
  let where: string;

  beforeAll(async () => {
    h = await startHarness(new Date(start));
    const e = h.engine.endpoints;
    env = {
      REKINDLE_ADMIN_PORT: portOf(e.admin),
      REKINDLE_DYNAMODB_PORT: portOf(e.dynamodb),
      REKINDLE_EVENTBRIDGE_PORT: portOf(e.eventBridge),
    };
    where = `table "${h.engine.tableName}" at ${e.dynamodb}; local engine ${e.admin}, as of the local engine's clock, ${reportAt}`;
    const o = observe(h);
    await o.send(registered('cus_ports', start, { firstName: 'Nadia' }));
    await o.send(order('cus_ports', 'ord_ports', start, 40));
    await o.clockTo(reportAt);
  });
  afterAll(async () => h?.stop());

  it('list shows the workflows the engine deployed', async () => {
    const run = await rekindle(['list', '--json'], undefined, env);
    expect(run.stderr).toContain(`rekindle list: ${where}`);
    expect(run.code).toBe(0);
    const ids = (JSON.parse(run.stdout) as { workflows: { id: string }[] }).workflows.map((w) => w.id);
    expect(ids).toEqual(h.engine.workflows.map((w) => w.id).sort());
  });

  it("render --customer reads the customer from the engine's table", async () => {
    const run = await rekindle(['render', 'win-back', '--customer', 'cus_ports', '--json'], undefined, env);
    expect(run.stderr).toContain(`rekindle render: ${where}`);
    expect(run.code).toBe(0);
    expect(JSON.stringify(JSON.parse(run.stdout))).toContain('Nadia');
  });

  it("inactive counts from the engine's clock", async () => {
    const run = await rekindle(['inactive', '--days', '60', '--format', 'json'], undefined, env);
    expect(run.stderr).toContain(`rekindle inactive: ${where}`);
    expect((JSON.parse(run.stdout) as { customerId: string }[]).map((c) => c.customerId)).toEqual(['cus_ports']);
  });

  it('inactive --endpoint alone (no --admin, no variables) finds the engine through its table', async () => {
    const run = await rekindle([
      'inactive',
      '--days',
      '60',
      '--format',
      'json',
      '--endpoint',
      h.engine.endpoints.dynamodb,
    ]);
    expect(run.stderr).toContain(`rekindle inactive: ${where}`);
    expect((JSON.parse(run.stdout) as { customerId: string }[]).map((c) => c.customerId)).toEqual(['cus_ports']);
  });

  it('purge --dry-run previews from the engine and writes nothing', async () => {
    const list = join(mkdtempSync(join(tmpdir(), 'rekindle-ports-')), 'list.json');
    writeFileSync(list, JSON.stringify(['cus_ports']));
    const run = await rekindle(['purge', '--dry-run', list], undefined, env);
    expect(run.stderr).toContain(`rekindle purge: ${where}`);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^cus_ports: would erase /);
    expect((await h.get('/customers/cus_ports')).status).toBe(200);
  });
});

describe('rekindle purge on a DynamoDB that is not a Rekindle table', () => {
  it('refuses to write, and leaves the table as it was', async () => {
    // Another program's table on the port a command was pointed at: the same name, no Rekindle marker.
    const h = await startHarness(new Date(start));
    try {
      const url = h.engine.endpoints.dynamodb;
      await ensureTable(url, 'other-program');
      const db = createDocumentClient(url);
      const profile = { ...keys.profile('cus_other'), customerId: 'cus_other', lastActiveAt: start };
      await db.send(new PutCommand({ TableName: 'other-program', Item: profile }));
      const list = join(mkdtempSync(join(tmpdir(), 'rekindle-other-')), 'list.json');
      writeFileSync(list, JSON.stringify(['cus_other']));
      const args = ['purge', '--approve', list, '--endpoint', url, '--table', 'other-program'];
      const run = await rekindle(args);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('refusing to write: table "other-program"');
      const kept = await db.send(new GetCommand({ TableName: 'other-program', Key: keys.profile('cus_other') }));
      expect(kept.Item).toEqual(profile);
      db.destroy();
    } finally {
      await h.stop();
    }
  });
});
