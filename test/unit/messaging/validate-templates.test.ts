import { describe, expect, it } from 'vitest';
import { rekindle } from '../../helpers/cli.js';

// A workflow whose templates parse as files but fail as sends: an unknown MJML tag, a misspelt Liquid filter, an
// unclosed Liquid tag in the SMS fallback, an unknown filter in a WhatsApp parameter; and a step without the Arabic
// the workflow speaks elsewhere.
const broken = 'test/fixtures/templates-broken';
const templates = `${broken}/templates`;

describe('rekindle validate renders the templates a workflow can send', () => {
  it('names each broken file and line, and fails the workflow', async () => {
    const run = await rekindle(['validate', broken]);
    expect(run.code).toBe(1);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toContain(
      `${templates}/order-thanks/ar.mjml:8: <mj-texty>: Element mj-texty doesn't exist or is not registered`,
    );
    expect(lines).toContain(`${templates}/order-thanks/en.mjml:3: undefined filter: capitalise`);
    // The SMS is the step's fallback channel: it can reach a customer too.
    expect(lines).toContain(`${templates}/order-thanks/en.sms.txt:2: tag {% if customer.firstName %} not closed`);
    // A WhatsApp file is JSON: the line is the parameter's, named too.
    expect(lines).toContain(`${templates}/order-reminder/en.whatsapp.txt:5: body[1]: undefined filter: shout`);
    expect(lines.at(-1)).toBe('1 workflow file checked: 0 valid, 1 invalid (4 errors)');
  });

  it('warns when a step would send English to customers the workflow writes to in Arabic elsewhere', async () => {
    const run = await rekindle(['validate', broken]);
    expect(run.stdout).toContain(
      `${templates}/order-reminder/ar.mjml: warning: missing: Arabic customers get en.mjml (English) at step ` +
        '"reminder" of order-thanks, though its other steps write to them in Arabic',
    );
  });

  it('lists the template problems in --json, with file, line and severity', async () => {
    const run = await rekindle(['validate', broken, '--json']);
    const result = JSON.parse(run.stdout) as { ok: boolean; files: { templates?: unknown[] }[] };
    expect(result.ok).toBe(false);
    expect(result.files[0]?.templates).toContainEqual({
      file: 'order-thanks/ar.mjml',
      line: 8,
      message: "<mj-texty>: Element mj-texty doesn't exist or is not registered",
      severity: 'error',
    });
  });

  it('passes the shipped workflows: every template they send renders', async () => {
    const run = await rekindle(['validate']);
    expect(run.stdout).not.toMatch(/\.(mjml|txt):\d+: /);
    expect(run.code).toBe(0);
  });
});
