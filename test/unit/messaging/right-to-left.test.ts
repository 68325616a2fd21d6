import { describe, expect, it } from 'vitest';
import { type RenderRequest, renderMessage } from '../../../shared/messaging/core/templates/render.js';

// Written for English: no align, no dir, no lang. Copied as-is for Arabic and Persian (only the words would change).
const englishLayout = `<mjml>
  <mj-head><mj-title>Your cart</mj-title></mj-head>
  <mj-body>
    <mj-section>
      <mj-column>
        <mj-text>Hello {{ customer.firstName }}</mj-text>
        <mj-table><tr><td>Item</td><td>1</td></tr></mj-table>
      </mj-column>
    </mj-section>
  </mj-body>
</mjml>`;

const render = async (locale: string, files: Record<string, string>) => {
  const request: RenderRequest = {
    folder: { name: 'offer', files: new Map(Object.entries(files)) },
    channel: 'email',
    locale,
    timeZone: null,
    currency: 'SAR',
    variables: { customer: { firstName: 'Sara' } },
  };
  const email = await renderMessage(request);
  if (email.channel !== 'email') throw new Error('not an email');
  return email.html;
};

/** The inline style of the element that holds the text `Hello Sara`. */
const textStyle = (html: string): string => {
  const at = html.indexOf('Hello Sara');
  const div = html.lastIndexOf('<div', at);
  return html.slice(div, at);
};

describe('right to left by default', () => {
  it.each(['ar', 'ar-SA', 'fa', 'fa-IR'])('lays an English-style template out right to left for %s', async (locale) => {
    const language = locale.slice(0, 2);
    const html = await render(locale, { [`${language}.mjml`]: englishLayout, 'en.mjml': englishLayout });
    expect(html).toMatch(new RegExp(`<html lang="${locale}" dir="rtl"`));
    expect(textStyle(html)).toContain('text-align:right');
    expect(textStyle(html)).not.toContain('text-align:left');
    // The column the text sits in reads right to left, and the table sits on the right.
    expect(html).toMatch(/class="mj-column-per-100[^"]*" style="[^"]*direction:rtl/);
    expect(html).toMatch(/align="right"[^>]*>\s*<table[^>]*cellpadding="0"/);
  });

  it('leaves English left to right, with MJML’s own left alignment', async () => {
    const html = await render('en-US', { 'en.mjml': englishLayout });
    expect(html).toContain('<html lang="en-US" dir="ltr"');
    expect(textStyle(html)).toContain('text-align:left');
    expect(html).not.toContain('direction:rtl');
  });

  it('keeps what the template asked for: its own align and its own mj-attributes win', async () => {
    const own = englishLayout
      .replace(
        '<mj-title>Your cart</mj-title>',
        '<mj-title>t</mj-title><mj-attributes><mj-text align="center" /></mj-attributes>',
      )
      .replace('<mj-table>', '<mj-table align="left">');
    const html = await render('ar', { 'ar.mjml': own });
    expect(textStyle(html)).toContain('text-align:center');
    expect(html).toMatch(/align="left"[^>]*>\s*<table[^>]*cellpadding="0"/);
  });

  it('keeps an English fallback left to right for an Arabic customer: the words are English', async () => {
    const html = await render('ar-SA', { 'en.mjml': englishLayout });
    expect(html).toContain('dir="ltr"');
    expect(textStyle(html)).toContain('text-align:left');
  });
});
