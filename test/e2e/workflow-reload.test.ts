import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalEngine, startLocalEngine } from '../../infra/local/engine.js';
import { ControllableClock } from '../../shared/platform/clock.js';
import { copyShippedWorkflows, shippedWorkflowJson } from '../helpers/shipped-workflows.js';

// `npm start` reloads the workflow files when they change: a new version is published and runs; an invalid file is
// reported and the previous version keeps running.
const file = 'tier-upgrade.workflow.json';

describe('the local engine reloads workflow files on change', () => {
  let dir: string;
  let engine: LocalEngine;
  const logged: string[] = [];
  const original = shippedWorkflowJson('tier-upgrade');

  /** Waits (bounded) until the engine runs what `expected` says; file watching is asynchronous by nature. */
  const until = async (expected: () => boolean): Promise<boolean> => {
    for (let i = 0; i < 400 && !expected(); i++) await new Promise((resolve) => setTimeout(resolve, 25));
    return expected();
  };
  const running = () => engine.workflows.map((w) => `${w.id} v${w.version}`);

  beforeAll(async () => {
    dir = copyShippedWorkflows({ ids: ['tier-upgrade'] });
    engine = await startLocalEngine({
      memory: true,
      ports: { admin: 0, eventBridge: 0, dynamodb: 0, ses: 0, sms: 0, whatsapp: 0 },
      clock: new ControllableClock({ start: new Date('2026-11-02T10:00:00Z'), frozen: true }),
      workflowsDir: dir,
      programFile: join(dir, 'loyalty.json'),
      log: (line) => logged.push(line),
    });
  });
  afterAll(async () => {
    await engine?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs a saved new version at once and keeps the old one published for in-flight customers', async () => {
    expect(running()).toEqual(['tier-upgrade v1']);
    writeFileSync(join(dir, file), JSON.stringify({ ...original, version: 2, name: 'Tier upgrade (v2)' }));
    expect(await until(() => running().includes('tier-upgrade v2'))).toBe(true);
    const listed = (await (await fetch(`${engine.endpoints.admin}/workflows`)).json()) as {
      items: { id: string; versions: { version: number }[] }[];
    };
    expect(listed.items.find((w) => w.id === 'tier-upgrade')?.versions.map((v) => v.version)).toEqual([1, 2]);
  });

  it('an invalid file is reported with its path and the previous version keeps running', async () => {
    writeFileSync(join(dir, file), JSON.stringify({ ...original, version: 3, start: 'nowhere' }));
    expect(await until(() => logged.some((l) => l.includes('workflows not reloaded')))).toBe(true);
    expect(logged.join('\n')).toMatch(/tier-upgrade\.workflow\.json start: /);
    expect(running()).toEqual(['tier-upgrade v2']);
  });

  it('a changed file that keeps its published version number is refused: raise "version"', async () => {
    logged.length = 0;
    writeFileSync(join(dir, file), JSON.stringify({ ...original, version: 2, name: 'Edited in place' }));
    expect(await until(() => logged.some((l) => l.includes('workflows not reloaded')))).toBe(true);
    expect(logged.join('\n')).toContain('tier-upgrade v2 is already published with other content: raise "version"');
    expect(running()).toEqual(['tier-upgrade v2']);
  });
});
