import { Liquid, LiquidError, type Template } from 'liquidjs';
import { TemplateError } from '../errors.js';
import { type FormatSettings, formatFilters } from './filters.js';

/**
 * Liquid as marketers know it (Shopify's dialect): a missing variable renders as nothing (a customer without a first
 * name still gets the message), but a misspelt filter is an error at parse time, naming the file.
 */
function engine(escapeHtml: boolean): Liquid {
  const liquid = new Liquid({
    strictVariables: false,
    strictFilters: true,
    ownPropertyOnly: true,
    // Email bodies are HTML: a customer's name such as "Tom & Jerry <3" must not become markup. `| raw` opts out.
    ...(escapeHtml ? { outputEscape: 'escape' as const } : {}),
    // Templates never read files (an empty in-memory set): includes and layouts would tie a message to the disk.
    templates: {},
  });
  for (const [name, filter] of Object.entries(formatFilters)) liquid.registerFilter(name, filter);
  return liquid;
}

const engines = { html: engine(true), text: engine(false) } as const;
export type Output = keyof typeof engines;

// Parsed templates by output, file and source: rendering the same template again skips the parse.
const parsed = new Map<string, Template[]>();
const maxParsed = 500;

function parse(output: Output, file: string, source: string): Template[] {
  const cacheKey = `${output}\0${file}\0${source}`;
  const cached = parsed.get(cacheKey);
  if (cached) return cached;
  let templates: Template[];
  try {
    // No file path: liquidjs would repeat it in the message after ours.
    templates = engines[output].parse(source);
  } catch (error) {
    throw liquidError(file, error);
  }
  if (parsed.size >= maxParsed) parsed.clear();
  parsed.set(cacheKey, templates);
  return templates;
}

/** Renders `source` (the text of `file`) with `scope`; any Liquid error becomes a TemplateError naming the file. */
export function renderLiquid(
  output: Output,
  file: string,
  source: string,
  scope: object,
  format: FormatSettings,
): string {
  const templates = parse(output, file, source);
  try {
    return String(engines[output].renderSync(templates, scope, { globals: { format } }));
  } catch (error) {
    throw liquidError(file, error);
  }
}

/** liquidjs ends its messages with `, line:3, col:1`: the line becomes the problem's, the rest its message. */
function liquidError(file: string, error: unknown): TemplateError {
  const message = describe(error);
  const line = error instanceof LiquidError ? (error.token?.getPosition()[0] ?? null) : null;
  const problem = { line, message: message.replace(/, line:\d+, col:\d+$/, '') };
  return new TemplateError(`${file}: ${message}`, { cause: error, problems: [problem] });
}

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));
