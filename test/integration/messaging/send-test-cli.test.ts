import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalSes, startSes } from '../../../infra/local/ses.js';
import { rekindle } from '../../helpers/cli.js';
import { copyShippedWorkflows } from '../../helpers/shipped-workflows.js';
import type { StoredEmail } from './harness.js';

// Issue 16: a marketer sees an email before a customer does. `rekindle send-test` renders as `render` does and sends
// it through SES, marked as a test, to the address given; here the SES emulator the local engine runs.
describe('rekindle send-test', () => {
  let ses: LocalSes;
  const templates = `${copyShippedWorkflows({ ids: ['abandoned-cart'] })}/templates`;
  beforeAll(async () => {
    ses = await startSes({ port: 0 });
  });
  afterAll(async () => ses?.close());
  const inbox = async () => ((await (await fetch(`${ses.url}/store`)).json()) as { emails: StoredEmail[] }).emails;

  it('sends the customer’s rendering to the address given, subject marked [TEST]', async () => {
    const run = await rekindle([
      'send-test',
      'cart-reminder',
      '--to',
      'marketer@shop.example',
      '--customer',
      'test/fixtures/customers/layla-ar.json',
      '--templates',
      templates,
      '--ses',
      ses.url,
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^cart-reminder\/ar\.mjml \(locale ar\) sent to marketer@shop\.example as a test/);
    const [email, ...more] = await inbox();
    expect(more).toEqual([]);
    expect(email?.destination.to).toEqual(['marketer@shop.example']);
    expect(email?.subject.startsWith('[TEST] ')).toBe(true);
    expect(email?.body.html).toContain('dir="rtl"');
  });

  it('exits 2 without --to, and 1 naming the folder of an unknown template, sending nothing', async () => {
    const before = (await inbox()).length;
    const noTo = await rekindle(['send-test', 'cart-reminder', '--customer', 'test/fixtures/customers/layla-ar.json']);
    expect(noTo.code).toBe(2);
    expect(noTo.stderr).toContain('--to ADDRESS');
    const unknown = await rekindle([
      'send-test',
      'no-such',
      '--to',
      'marketer@shop.example',
      '--customer',
      'test/fixtures/customers/layla-ar.json',
      '--templates',
      templates,
      '--ses',
      ses.url,
    ]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('no template folder no-such/');
    expect(await inbox()).toHaveLength(before);
  });
});
