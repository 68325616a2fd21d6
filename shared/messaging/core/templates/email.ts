import type * as HtmlToText from 'html-to-text';
import { TemplateError, type TemplateProblem } from '../errors.js';
import type { FormatSettings } from './filters.js';
import { renderLiquid } from './liquid.js';
import { hasMjmlRoot, type Page, withPage } from './page-direction.js';

export interface RenderedEmail {
  readonly subject: string;
  readonly html: string;
  /** The plain-text part, derived from the HTML (links kept as `text [url]`). */
  readonly text: string;
}

const titlePattern = /<mj-title>([\s\S]*?)<\/mj-title>/;

/**
 * `<locale>.mjml` -> Liquid -> MJML -> HTML, plus a plain-text part. The subject is the `<mj-title>`; the HTML root
 * and body carry the language and direction (`dir="rtl"` for Arabic and Persian), whatever the file says, and a
 * right-to-left page aligns text right by default (`withPage`).
 */
export async function renderEmail(
  file: string,
  source: string,
  scope: object,
  format: FormatSettings,
  page: Page,
): Promise<RenderedEmail> {
  const mjml = renderLiquid('html', file, source, scope, format);
  const title = titlePattern.exec(mjml)?.[1];
  if (title === undefined) throw new TemplateError(`${file}: no <mj-title> in <mj-head>: it is the email's subject`);
  if (!hasMjmlRoot(mjml)) throw new TemplateError(`${file}: not an MJML document: no <mjml> root element`);
  // Loaded on the first email, not at cold start: most invocations of a function that can send never render one.
  const [{ default: mjml2html }, { convert }] = await Promise.all([import('mjml'), import('html-to-text')]);
  const subject = toText(convert, title).replace(/\s+/g, ' ').trim();
  if (!subject) throw new TemplateError(`${file}: the <mj-title> (the subject) renders empty`);
  let html: string;
  try {
    // Strict: an unknown tag or attribute is the marketer's mistake to see, not a silently broken layout.
    const result = await mjml2html(withPage(mjml, page), {
      validationLevel: 'strict',
      ignoreIncludes: true,
      keepComments: false,
    });
    html = result.html;
  } catch (error) {
    const problems = mjmlProblems(error);
    const message = problems.map((p) => (p.line === null ? p.message : `line ${p.line} ${p.message}`)).join('; ');
    throw new TemplateError(`${file}: ${message}`, { cause: error, problems });
  }
  return { subject, html, text: toText(convert, html) };
}

/** mjml's ValidationError lists its problems with the absolute path of the working directory: name lines instead. */
function mjmlProblems(error: unknown): TemplateProblem[] {
  const errors: unknown = error instanceof Error && 'errors' in error ? error.errors : undefined;
  if (!Array.isArray(errors) || errors.length === 0) {
    return [{ line: null, message: error instanceof Error ? error.message : String(error) }];
  }
  return errors.map((e: unknown) => {
    const field = (name: string): string => {
      const value: unknown = typeof e === 'object' && e !== null ? Object.getOwnPropertyDescriptor(e, name)?.value : '';
      return String(value ?? '');
    };
    const line = Number.parseInt(field('line'), 10);
    return { line: Number.isInteger(line) ? line : null, message: `<${field('tagName')}>: ${field('message')}` };
  });
}

function toText(convert: typeof HtmlToText.convert, html: string): string {
  return convert(html, {
    wordwrap: 100,
    selectors: [
      { selector: 'img', format: 'skip' },
      { selector: 'a', options: { hideLinkHrefIfSameAsText: true } },
      { selector: 'h1', options: { uppercase: false } },
      { selector: 'h2', options: { uppercase: false } },
      { selector: 'table', format: 'block' },
      { selector: 'tr', format: 'block' },
      { selector: 'td', format: 'block' },
    ],
  }).trim();
}
