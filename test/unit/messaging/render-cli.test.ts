import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rekindle } from '../../helpers/cli.js';

const layla = 'test/fixtures/customers/layla-ar.json';
const scratch = mkdtempSync(join(tmpdir(), 'rekindle-render-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function customerFile(name: string, customer: unknown): string {
  const path = join(scratch, name);
  writeFileSync(path, JSON.stringify(customer));
  return path;
}

const ada = customerFile('ada.json', {
  firstName: 'Ada',
  locale: 'en-GB',
  timezone: 'Europe/London',
  email: 'ada@example.com',
  cart: { id: 'cart_9', currency: 'EUR', items: [{ name: 'Blue mug', price: 1234.5, quantity: 2 }] },
});

describe('rekindle render', () => {
  it('prints an English email: the file chosen, the subject and the text, with the cart in en-GB numbers', async () => {
    const run = await rekindle(['render', 'cart-reminder', '--customer', ada]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const [head, subject] = run.stdout.split('\n');
    expect(head).toBe('cart-reminder/en.mjml (email, locale en, numbers en-GB, ltr)');
    expect(subject).toMatch(/^Subject: .*Ada/);
    expect(run.stdout).toContain('Blue mug');
    expect(run.stdout).toContain('€2,469.00');
    expect(run.stdout).toContain('https://shop.example/cart/cart_9');
  });

  it('writes an Arabic customer’s email as HTML with dir="rtl" and Arabic-Indic digits in amounts', async () => {
    const out = join(scratch, 'layla.html');
    const run = await rekindle(['render', 'cart-reminder', '--customer', layla, '--out', out]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')[0]).toBe('cart-reminder/ar.mjml (email, locale ar, numbers ar-SA, rtl)');
    expect(run.stdout).toContain(`HTML written to ${out}`);
    const html = readFileSync(out, 'utf8');
    expect(html).toMatch(/<html[^>]*lang="ar-SA"[^>]*dir="rtl"|<html[^>]*dir="rtl"[^>]*lang="ar-SA"/);
    expect(html).toContain('١٬٢٣٤٫٥٠'); // 1,234.50 SAR
    expect(html).toContain('ليلى');
  });

  it('renders the locale given with --locale, and an SMS with a coupon as text', async () => {
    const email = await rekindle(['render', 'welcome', '--customer', ada, '--locale', 'fa', '--json']);
    expect(email.code).toBe(0);
    expect(JSON.parse(email.stdout)).toMatchObject({ channel: 'email', file: 'welcome/fa.mjml', formatLocale: 'fa' });
    const sms = await rekindle(['render', 'cart-coupon', '--customer', ada, '--channel', 'sms', '--coupon', 'percent']);
    expect(sms.stderr).toBe('');
    expect(sms.stdout).toMatch(/10% off your cart with code RK-[0-9A-F]{12}/);
  });

  it('exits 1 naming the folder when the template does not exist, or has no file for the channel', async () => {
    const missing = await rekindle(['render', 'no-such-template', '--customer', ada]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no template folder no-such-template/ in workflows/templates');
    const noSms = await rekindle(['render', 'points-expiring', '--customer', ada, '--channel', 'sms']);
    expect(noSms.code).toBe(1);
    expect(noSms.stderr).toContain('points-expiring/: no sms template; looked for en-GB.sms.txt, en.sms.txt');
  });

  it('exits 1 naming the file and each bad field of a customer file', async () => {
    const bad = customerFile('bad.json', { firstName: 'Bo', timezone: 'Mars/Olympus', cart: { items: [] } });
    const run = await rekindle(['render', 'cart-reminder', '--customer', bad]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`${bad}: timezone: must be an IANA time zone`);
    expect(run.stderr).toContain(`${bad}: cart.items:`);
    expect(run.stderr).toContain(`${bad}: cart.currency:`);
    const notJson = customerFile('broken.json', 'x');
    writeFileSync(notJson, '{ "firstName": ');
    const broken = await rekindle(['render', 'cart-reminder', '--customer', notJson]);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain(`${notJson}: not JSON`);
  });

  it('exits 2 on a usage error', async () => {
    expect((await rekindle(['render', 'cart-reminder'])).code).toBe(2);
    const channel = await rekindle(['render', 'cart-reminder', '--customer', ada, '--channel', 'fax']);
    expect(channel.code).toBe(2);
    expect(channel.stderr).toContain('--channel must be one of email, sms, whatsapp, not "fax"');
  });
});
