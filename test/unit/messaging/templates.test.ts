import { describe, expect, it } from 'vitest';
import { TemplateError } from '../../../shared/messaging/core/errors.js';
import { chooseFile } from '../../../shared/messaging/core/templates/locale.js';
import { type RenderRequest, renderMessage } from '../../../shared/messaging/core/templates/render.js';

const page = (title: string, body: string): string =>
  `<mjml><mj-head><mj-title>${title}</mj-title></mj-head><mj-body><mj-section><mj-column><mj-text>${body}</mj-text></mj-column></mj-section></mj-body></mjml>`;

const folder = (files: Record<string, string>) => ({ name: 'offer', files: new Map(Object.entries(files)) });

const request = (overrides: Partial<RenderRequest> & Pick<RenderRequest, 'folder'>): RenderRequest => ({
  channel: 'email',
  locale: 'en-US',
  timeZone: 'Asia/Riyadh',
  currency: 'EUR',
  variables: {},
  ...overrides,
});

describe('locale fallback', () => {
  const files = ['en.mjml', 'ar.mjml', 'ar-SA.sms.txt', 'en.sms.txt', 'fa.whatsapp.txt'];

  it('takes the exact locale, then the language, then English', () => {
    expect(chooseFile(files, 'sms', 'ar-SA')).toEqual({ file: 'ar-SA.sms.txt', locale: 'ar-SA' });
    expect(chooseFile(files, 'email', 'ar-SA')).toEqual({ file: 'ar.mjml', locale: 'ar' });
    expect(chooseFile(files, 'sms', 'ar-EG')).toEqual({ file: 'en.sms.txt', locale: 'en' });
    expect(chooseFile(files, 'email', 'de-DE')).toEqual({ file: 'en.mjml', locale: 'en' });
    expect(chooseFile(files, 'email', null)).toEqual({ file: 'en.mjml', locale: 'en' });
  });

  it('reads locales written with an underscore or in any case, and ignores a bad one', () => {
    expect(chooseFile(files, 'sms', 'ar_sa')).toEqual({ file: 'ar-SA.sms.txt', locale: 'ar-SA' });
    expect(chooseFile(files, 'email', 'not a locale!')).toEqual({ file: 'en.mjml', locale: 'en' });
  });

  it('never takes another channel’s file, and says what it looked for when there is none', async () => {
    expect(chooseFile(files, 'whatsapp', 'ar-SA')).toBeNull();
    const failure = renderMessage(request({ folder: folder({ 'fa.whatsapp.txt': '{}' }), channel: 'whatsapp' }));
    await expect(failure).rejects.toThrow(TemplateError);
    await expect(failure).rejects.toThrow('offer/: no whatsapp template; looked for en-US.whatsapp.txt');
  });
});

describe('email rendering', () => {
  const files = {
    'en.mjml': page('Hi {{ customer.firstName }}', 'Your total: {{ cart.total | money: cart.currency }}'),
    'ar.mjml': page('مرحبا {{ customer.firstName }}', 'المجموع: {{ cart.total | money: cart.currency }}'),
    'fa.mjml': page('سلام', '{{ cart.total | money: cart.currency }}'),
  };
  const cart = { total: 1234.5, currency: 'SAR' };

  it('takes the subject from <mj-title> and adds a plain-text part', async () => {
    const email = await renderMessage(
      request({ folder: folder(files), variables: { customer: { firstName: 'Sara' }, cart } }),
    );
    expect(email).toMatchObject({ channel: 'email', file: 'offer/en.mjml', locale: 'en', subject: 'Hi Sara' });
    if (email.channel !== 'email') throw new Error('not an email');
    expect(email.text).toBe('Your total: SAR\u00a01,234.50');
  });

  it('lays Arabic and Persian out right to left, with the language on the root and the body', async () => {
    for (const locale of ['ar-SA', 'fa-IR']) {
      const email = await renderMessage(request({ folder: folder(files), locale, variables: { cart } }));
      if (email.channel !== 'email') throw new Error('not an email');
      expect(email.html).toContain(`<html lang="${locale}" dir="rtl"`);
      expect(email.html).toMatch(new RegExp(`<div[^>]*lang="${locale}" dir="rtl"`));
    }
    const english = await renderMessage(request({ folder: folder(files), variables: { cart } }));
    if (english.channel !== 'email') throw new Error('not an email');
    expect(english.html).toContain('<html lang="en-US" dir="ltr"');
  });

  it('overrides whatever lang and dir the file set on <mjml>', async () => {
    const own = { 'ar.mjml': page('x', 'y').replace('<mjml>', '<mjml lang="en" dir="ltr">') };
    const email = await renderMessage(request({ folder: folder(own), locale: 'ar' }));
    if (email.channel !== 'email') throw new Error('not an email');
    expect(email.html).toContain('<html lang="ar" dir="rtl"');
  });

  it('escapes what customers typed, so a name never becomes markup', async () => {
    const variables = { customer: { firstName: '<b>Tom & Jerry</b>' } };
    const email = await renderMessage(request({ folder: folder(files), variables }));
    if (email.channel !== 'email') throw new Error('not an email');
    expect(email.subject).toBe('Hi <b>Tom & Jerry</b>');
    expect(email.html).toContain('Hi &lt;b&gt;Tom &amp; Jerry&lt;/b&gt;');
    expect(email.html).not.toContain('<b>Tom');
  });

  it('refuses a file without <mj-title>, naming it', async () => {
    const noTitle = { 'en.mjml': '<mjml><mj-body><mj-text>x</mj-text></mj-body></mjml>' };
    await expect(renderMessage(request({ folder: folder(noTitle) }))).rejects.toThrow(
      'offer/en.mjml: no <mj-title> in <mj-head>',
    );
  });
});

describe('Intl filters', () => {
  const body = '{{ total | money: "SAR" }}|{{ 1234567.891 | number: 1 }}|{{ 10 | percent }}|{{ at | local_date }}';
  const variables = { total: 1234.5, at: '2026-03-19T22:30:00Z' };
  const render = async (locale: string) => {
    const sms = await renderMessage(
      request({
        folder: folder({ 'en.sms.txt': body, 'ar.sms.txt': body, 'fa.sms.txt': body }),
        channel: 'sms',
        locale,
        variables,
      }),
    );
    if (sms.channel !== 'sms') throw new Error('not an SMS');
    return sms.text.split('|');
  };

  it('formats money, numbers, percents and dates for en-US, in the customer’s time zone', async () => {
    // 22:30 UTC on the 19th is already the 20th in Riyadh.
    expect(await render('en-US')).toEqual(['SAR\u00a01,234.50', '1,234,567.9', '10%', 'March 20, 2026']);
  });

  it('writes Arabic-Indic digits for ar-SA', async () => {
    const [money, number, , date] = await render('ar-SA');
    expect(money).toContain('١٬٢٣٤٫٥٠');
    expect(money).toContain('ر.س.');
    expect(number).toBe('١٬٢٣٤٬٥٦٧٫٩');
    expect(date).toBe('٢٠ مارس ٢٠٢٦');
  });

  it('writes Persian digits and the Persian calendar for fa-IR', async () => {
    const [money, number, percent, date] = await render('fa-IR');
    expect(money).toContain('۱٬۲۳۴٫۵');
    expect(number).toBe('۱٬۲۳۴٬۵۶۷٫۹');
    expect(percent).toBe('۱۰٪');
    expect(date).toBe('۲۹ اسفند ۱۴۰۴');
  });

  it('formats in the template’s language when the customer’s is not available (no Arabic digits in English)', async () => {
    const sms = await renderMessage(
      request({ folder: folder({ 'en.sms.txt': body }), channel: 'sms', locale: 'ar-SA', variables }),
    );
    expect(sms).toMatchObject({ locale: 'en', formatLocale: 'en' });
    if (sms.channel !== 'sms') throw new Error('not an SMS');
    expect(sms.text.split('|')[0]).toBe('SAR\u00a01,234.50');
  });

  it('renders a missing value as nothing', async () => {
    const sms = await renderMessage(
      request({
        folder: folder({ 'en.sms.txt': 'Hi {{ customer.firstName }}{{ cart.total | money }}!' }),
        channel: 'sms',
      }),
    );
    expect(sms).toMatchObject({ text: 'Hi !' });
  });
});

describe('template errors name the file', () => {
  const fails = (files: Record<string, string>, channel: RenderRequest['channel'] = 'sms') =>
    renderMessage(request({ folder: folder(files), channel }));

  it('an unknown filter (strict filters)', async () => {
    await expect(fails({ 'en.sms.txt': 'Hi {{ customer.firstName | shout }}' })).rejects.toThrow(
      /^offer\/en\.sms\.txt: undefined filter: shout/,
    );
  });

  it('an unclosed tag', async () => {
    await expect(fails({ 'en.sms.txt': '{% if cart %}Hi' })).rejects.toThrow(/^offer\/en\.sms\.txt: tag .* not closed/);
  });

  it('an MJML element that does not exist, with its line', async () => {
    const mjml = '<mjml><mj-head><mj-title>x</mj-title></mj-head>\n<mj-body><mj-texty>a</mj-texty></mj-body></mjml>';
    await expect(fails({ 'en.mjml': mjml }, 'email')).rejects.toThrow(
      "offer/en.mjml: line 2 <mj-texty>: Element mj-texty doesn't exist or is not registered",
    );
  });

  it('a bad date style at render time', async () => {
    await expect(fails({ 'en.sms.txt': '{{ "2026-01-01" | local_date: "tiny" }}' })).rejects.toThrow(
      'offer/en.sms.txt: local_date: the style must be full, long, medium or short, not tiny',
    );
  });
});

describe('WhatsApp template files', () => {
  const spec = JSON.stringify({
    name: 'cart_reminder',
    body: ['{{ customer.firstName | default: "friend" }}', '{{ cart.total | money: cart.currency }}'],
    buttons: ['{{ cart.id }}'],
  });

  it('render the approved template with its parameters, in Meta’s shape', async () => {
    const variables = { customer: { firstName: 'Layla\nNour' }, cart: { id: 'c-9', total: 12, currency: 'EUR' } };
    const message = await renderMessage(
      request({ folder: folder({ 'en-US.whatsapp.txt': spec }), channel: 'whatsapp', variables }),
    );
    expect(message).toMatchObject({
      channel: 'whatsapp',
      template: {
        name: 'cart_reminder',
        language: { code: 'en_US' },
        components: [
          {
            type: 'body',
            parameters: [
              { type: 'text', text: 'Layla Nour' },
              { type: 'text', text: '€12.00' },
            ],
          },
          { type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: 'c-9' }] },
        ],
      },
    });
  });

  it('refuse a file that is not the JSON spec, naming it', async () => {
    const render = (text: string) =>
      renderMessage(request({ folder: folder({ 'en.whatsapp.txt': text }), channel: 'whatsapp' }));
    await expect(render('Hi {{ customer.firstName }}')).rejects.toThrow(/^offer\/en\.whatsapp\.txt: not JSON/);
    await expect(render('{"name": "Cart Reminder"}')).rejects.toThrow(
      'offer/en.whatsapp.txt: name: must be the approved template name',
    );
  });
});
