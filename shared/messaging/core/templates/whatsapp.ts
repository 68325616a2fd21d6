import * as z from 'zod';
import { TemplateError } from '../errors.js';
import type { FormatSettings } from './filters.js';
import { renderLiquid } from './liquid.js';

/**
 * WhatsApp marketing may only use templates Meta approved, so `<locale>.whatsapp.txt` does not hold the text: it is
 * JSON naming the approved template and its parameters, each a Liquid string:
 *
 *   { "name": "ramadan_offer", "language": "ar",
 *     "body": ["{{ customer.firstName | default: 'صديقنا' }}", "{{ coupon.percent }}", "{{ coupon.code }}"],
 *     "header": ["..."], "buttons": ["{{ coupon.code }}"] }
 *
 * `language` (Meta's code, e.g. en_US) defaults to the file's locale; `header` fills a text header's variables,
 * `buttons` the dynamic URL suffix of each button by position. Meta refuses empty parameters: give defaults.
 */
const parameter = z.string().min(1).max(1024);
const spec = z.strictObject({
  name: z.string().regex(/^[a-z0-9_]{1,512}$/, 'must be the approved template name: lower case, digits and _'),
  language: z
    .string()
    .regex(/^[a-z]{2,3}(_[A-Z]{2})?$/, "must be Meta's language code such as ar or en_US")
    .optional(),
  header: z.array(parameter).max(1).optional(),
  body: z.array(parameter).max(100).default([]),
  buttons: z.array(parameter).max(10).optional(),
});

interface TextParameter {
  readonly type: 'text';
  readonly text: string;
}
export type WhatsAppComponent =
  | { readonly type: 'header' | 'body'; readonly parameters: readonly TextParameter[] }
  | {
      readonly type: 'button';
      readonly sub_type: 'url';
      readonly index: string;
      readonly parameters: readonly TextParameter[];
    };

/** The `template` object of a Meta Cloud API template message. */
export interface WhatsAppTemplate {
  readonly name: string;
  readonly language: { readonly code: string };
  readonly components: readonly WhatsAppComponent[];
}

export function renderWhatsApp(
  file: string,
  source: string,
  fileLocale: string,
  scope: object,
  format: FormatSettings,
): WhatsAppTemplate {
  let json: unknown;
  try {
    json = JSON.parse(source);
  } catch (error) {
    throw new TemplateError(`${file}: not JSON (${String(error)}); a WhatsApp file names the approved template`, {
      cause: error,
    });
  }
  const parsed = spec.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new TemplateError(`${file}: ${issues}`, { cause: parsed.error });
  }
  const { name, language, header, body, buttons } = parsed.data;
  // Meta refuses new lines, tabs and runs of spaces inside a parameter.
  const text = (value: string, where: string): TextParameter => ({
    type: 'text',
    text: renderParameter(file, lineOf(source, value), where, value, scope, format).replace(/\s+/g, ' ').trim(),
  });
  const components: WhatsAppComponent[] = [];
  if (header?.length) components.push({ type: 'header', parameters: header.map((v, i) => text(v, `header[${i}]`)) });
  if (body.length) components.push({ type: 'body', parameters: body.map((v, i) => text(v, `body[${i}]`)) });
  buttons?.forEach((v, i) => {
    components.push({ type: 'button', sub_type: 'url', index: String(i), parameters: [text(v, `buttons[${i}]`)] });
  });
  return { name, language: { code: language ?? fileLocale.replace('-', '_') }, components };
}

/** The line of the file where a parameter's text is written (JSON-escaped text is not looked for). */
function lineOf(source: string, value: string): number | null {
  const index = source.split('\n').findIndex((line) => line.includes(JSON.stringify(value)));
  return index === -1 ? null : index + 1;
}

/** One parameter's Liquid; a problem names the parameter (`body[2]`) and the file's line that holds it. */
function renderParameter(
  file: string,
  line: number | null,
  where: string,
  value: string,
  scope: object,
  format: FormatSettings,
): string {
  try {
    return renderLiquid('text', `${file} (${where})`, value, scope, format);
  } catch (error) {
    if (!(error instanceof TemplateError)) throw error;
    const problems = error.problems.map((p) => ({ line, message: `${where}: ${p.message}` }));
    throw new TemplateError(error.message, { cause: error.cause, problems });
  }
}
