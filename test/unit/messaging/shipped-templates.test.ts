import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { TemplateFiles } from '../../../shared/messaging/adapters/template-files.js';
import { channelSuffix } from '../../../shared/messaging/core/templates/locale.js';
import { type RenderedMessage, renderMessage } from '../../../shared/messaging/core/templates/render.js';
import { templateVariables } from '../../../shared/messaging/core/variables.js';
import { sampleCart } from '../../helpers/messaging.js';

const templates = new TemplateFiles(fileURLToPath(new URL('../../../workflows/templates', import.meta.url)));

const shipped: Record<string, readonly string[]> = {
  'cart-reminder': ['en.mjml', 'ar.mjml', 'en.sms.txt'],
  'cart-coupon': ['en.mjml', 'ar.mjml', 'en.sms.txt', 'ar.sms.txt'],
  // Every language a workflow writes in at one step, it writes in at all its steps (rekindle validate warns).
  'welcome-offer': ['en.mjml', 'ar.mjml', 'fa.mjml'],
  'win-back': ['en.mjml', 'ar.mjml'],
  'win-back-last-chance': ['en.mjml', 'ar.mjml'],
  'post-purchase-review': ['en.mjml', 'ar.mjml', 'fa.mjml'],
  welcome: ['en.mjml', 'ar.mjml', 'fa.mjml'],
  'points-expiring': ['en.mjml'],
  'tier-upgrade': ['en.mjml'],
  birthday: ['en.mjml', 'ar.mjml'],
  'ramadan-offer': ['en.mjml', 'ar.mjml', 'ar.sms.txt', 'ar.whatsapp.txt'],
};

const variables = templateVariables({
  recipient: {
    customerId: 'cus_1',
    email: 'layla@example.com',
    phone: '+966501234567',
    firstName: 'Layla',
    lastName: null,
    locale: null,
    timezone: 'Asia/Riyadh',
    birthday: null,
    consents: {},
    attributes: {},
  },
  cart: {
    ...sampleCart,
    items: sampleCart.items.map((item) => ({ url: null, image: null, ...item })),
    url: 'https://shop.example/cart/cart-7',
  },
  loyalty: { points: { available: 1250, pending: 40, lifetime: 3000 }, tier: 'gold' },
  coupon: { code: 'RK-3F9A0C21B7E4', percent: 10, amount: null, currency: 'SAR', expiresAt: '2026-03-20T09:00:00Z' },
  unsubscribeUrl: 'https://shop.example/u/token',
});

async function render(template: string, file: string, customerLocale?: string): Promise<RenderedMessage> {
  const folder = await templates.folder(template);
  if (!folder) throw new Error(`no folder ${template}`);
  const [channel] = Object.entries(channelSuffix).find(([, suffix]) => file.endsWith(suffix)) ?? [];
  if (channel !== 'email' && channel !== 'sms' && channel !== 'whatsapp') throw new Error(`no channel for ${file}`);
  const locale = customerLocale ?? file.slice(0, file.indexOf('.'));
  return renderMessage({ folder, channel, locale, timeZone: 'Asia/Riyadh', currency: 'SAR', variables });
}

describe('the templates shipped in workflows/templates', () => {
  it('are the ones listed here, no more and no fewer', async () => {
    for (const [template, files] of Object.entries(shipped)) {
      const folder = await templates.folder(template);
      expect([...(folder?.files.keys() ?? [])].sort(), template).toEqual([...files].sort());
    }
  });

  for (const [template, files] of Object.entries(shipped)) {
    for (const file of files) {
      it(`${template}/${file} renders in its own locale, with a visible way out`, async () => {
        const message = await render(template, file);
        expect(message.file).toBe(`${template}/${file}`);
        if (message.channel === 'email') {
          expect(message.subject.length).toBeGreaterThan(3);
          expect(message.html).toContain('href="https://shop.example/u/token"');
          expect(message.text).toContain('Layla');
        } else if (message.channel === 'sms') {
          expect(message.text).toMatch(/STOP/);
          expect(message.text.length).toBeLessThanOrEqual(320);
        } else {
          expect(message.template.components.length).toBeGreaterThan(0);
        }
      });
    }
  }

  it('cart-reminder shows each item with its name, image, price and link, and the total', async () => {
    const email = await render('cart-reminder', 'en.mjml');
    if (email.channel !== 'email') throw new Error('not an email');
    expect(email.subject).toBe('Layla, your cart is waiting');
    expect(email.html).toContain('<a href="https://shop.example/p/oud-wood"');
    expect(email.html).toContain('Oud Wood 50ml');
    expect(email.html).toContain('src="https://shop.example/img/oud.jpg"');
    expect(email.html).toContain('Amber Candle');
    expect(email.text).toContain('1 × SAR\u00a0420.00');
    expect(email.text).toContain('2 × SAR\u00a095.50');
    expect(email.text).toContain('Total: SAR\u00a0611.00');
    expect(email.html).toContain('href="https://shop.example/cart/cart-7"');
  });

  it('cart-coupon for an ar-SA customer carries the code, the discount and the expiry in Arabic', async () => {
    const email = await render('cart-coupon', 'ar.mjml', 'ar-SA');
    if (email.channel !== 'email') throw new Error('not an email');
    expect(email.html).toContain('dir="rtl"');
    expect(email.subject).toContain('٪');
    expect(email.text).toContain('RK-3F9A0C21B7E4');
    expect(email.text).toContain('٢٠ مارس ٢٠٢٦');
  });
});
