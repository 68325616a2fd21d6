import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rekindle } from '../../../helpers/cli.js';
import { fixturesDir, invalidDir, templatesDir, validDir } from '../fixtures.js';

const workflowFile = join(validDir, 'abandoned-cart.workflow.json');
const eventsFile = join(fixturesDir, 'events/abandoned-cart.jsonl');
const scratch = mkdtempSync(join(tmpdir(), 'rekindle-simulate-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const simulateArgs = (events: string, ...more: string[]) => [
  'simulate',
  workflowFile,
  '--events',
  events,
  '--templates',
  templatesDir,
  ...more,
];

describe('rekindle simulate', () => {
  it('exits 0 and prints every send, the conversion and a summary, per customer in order', async () => {
    const run = await rekindle(simulateArgs(eventsFile));
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(
      lines.filter((l) => l.trimStart().startsWith('send ')).map((l) => l.trim().split(/\s+/).slice(0, 5)),
    ).toEqual([
      ['send', '2026-03-02T14:00:00.000Z', 'email', 'cart-reminder', '@email-1'],
      ['send', '2026-03-02T15:30:00.000Z', 'email', 'cart-reminder', '@email-1'],
      ['send', '2026-03-03T15:30:00.000Z', 'sms', 'cart-coupon', '@sms-coupon'],
    ]);
    expect(lines.filter((l) => /^\S/.test(l)).slice(1, 3)).toEqual([
      'customer-ada (2 events)',
      'customer-bo (2 events)',
    ]);
    expect(lines.filter((l) => l.trimStart().startsWith('convert '))).toEqual([
      '    convert  2026-03-02T18:00:00.000Z  Order Completed, revenue 80.5',
    ]);
    expect(lines.at(-1)).toBe('2 customers, 2 enrolled, 1 converted (revenue 80.5), 3 messages');
  });

  it('prints the same report as JSON with --json', async () => {
    const run = await rekindle(simulateArgs(eventsFile, '--json'));
    expect(run.code).toBe(0);
    const report: unknown = JSON.parse(run.stdout);
    expect(report).toMatchObject({
      workflow: { id: 'abandoned-cart', version: 2 },
      summary: { customers: 2, enrolled: 2, converted: 1, revenue: 80.5, messages: 3 },
    });
  });

  it('exits 1 on a malformed line, naming the file and the line number', async () => {
    const lines = readFileSync(eventsFile, 'utf8').trimEnd().split('\n');
    const broken = join(scratch, 'broken.jsonl');
    writeFileSync(broken, [lines[0], lines[1], '{"detail-type": "Order Completed", oops', lines[3]].join('\n'));
    const run = await rekindle(simulateArgs(broken));
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(new RegExp(`^${broken.replaceAll('.', '\\.')}:3: not valid JSON`));
  });

  it('exits 1 with the validation errors when the workflow is invalid', async () => {
    const invalid = join(invalidDir, 'unknown-start.workflow.json');
    const run = await rekindle(['simulate', invalid, '--events', eventsFile, '--templates', templatesDir]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`${invalid}: start: unknown step "begin"`);
    expect(run.stdout).toBe('');
  });

  it('exits 2 without --events', async () => {
    const run = await rekindle(['simulate', workflowFile]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--events FILE/);
  });
});
