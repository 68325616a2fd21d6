/**
 * The email's page settings, applied to whatever MJML the template wrote: the language and direction on the root
 * (`<mjml lang dir>`, which MJML carries to `<html>` and the body), and, right to left, the default alignment of
 * text, tables and columns. The defaults come first in `<mj-head>`, so a template's own `<mj-attributes>` and any
 * `align` written on a tag still win: an English template copied for Arabic comes out right-aligned unchanged.
 */
export interface Page {
  readonly lang: string;
  readonly dir: 'rtl' | 'ltr';
}

const rootPattern = /<mjml\b([^>]*)>/;
const headPattern = /<mj-head\b[^>]*>/;

// MJML's own defaults are left to right; these mirror them (mj-column and mj-section default to `direction: ltr`).
const rightToLeftDefaults =
  '<mj-attributes>' +
  '<mj-text align="right" />' +
  '<mj-table align="right" />' +
  '<mj-column direction="rtl" />' +
  '<mj-section direction="rtl" />' +
  '</mj-attributes>';

/** False when `mjml` has no `<mjml>` root element (not an MJML document). */
export function hasMjmlRoot(mjml: string): boolean {
  return rootPattern.test(mjml);
}

/** `mjml` with the page's language and direction (an email always has `<mj-head>`: its `<mj-title>` is the subject). */
export function withPage(mjml: string, page: Page): string {
  const withRoot = mjml.replace(rootPattern, (_tag, attributes: string) => {
    const others = attributes.replace(/\s(lang|dir)\s*=\s*("[^"]*"|'[^']*')/g, '');
    return `<mjml${others} lang="${page.lang}" dir="${page.dir}">`;
  });
  if (page.dir === 'ltr') return withRoot;
  // Inserted on the line of `<mj-head>`, so MJML's line numbers still point into the template.
  return withRoot.replace(headPattern, (head) => `${head}${rightToLeftDefaults}`);
}
