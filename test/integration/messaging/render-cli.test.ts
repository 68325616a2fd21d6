import { describe, expect, it } from 'vitest';
import { rekindle } from '../../helpers/cli.js';
import { useLocalDynamo } from '../../helpers/dynamo.js';
import { registerCustomer } from './harness.js';

const fixture = useLocalDynamo();

describe('rekindle render --customer <id>', () => {
  it('reads the profile and the cart from the table, as a send does', async () => {
    const f = fixture();
    await registerCustomer(f, { customerId: 'cus_ar', firstName: 'Layla', locale: 'ar-SA', email: 'l@example.com' });
    const run = await rekindle([
      'render',
      'cart-reminder',
      '--customer',
      'cus_ar',
      '--cart',
      'cart-7',
      '--endpoint',
      f.url,
      '--table',
      f.table,
    ]);
    // Only the line saying which table it read (the CLI names its target); the rendering itself is clean.
    expect(run.stderr).toMatch(
      /^rekindle render: table "rekindle-\d+" at http:\/\/127\.0\.0\.1:\d+; no local engine answered[^\n]*\n?$/,
    );
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')[0]).toBe('cart-reminder/ar.mjml (email, locale ar, numbers ar-SA, rtl)');
    expect(run.stdout).toContain('Oud Wood 50ml');
    expect(run.stdout).toContain('٤٢٠٫٠٠'); // 420.00 SAR
  });

  it('exits 1 naming the table when the customer is unknown', async () => {
    const f = fixture();
    const args = ['render', 'cart-reminder', '--customer', 'cus_none', '--endpoint', f.url, '--table', f.table];
    const run = await rekindle(args);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`no customer "cus_none" in table "${f.table}"`);
  });
});
