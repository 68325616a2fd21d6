import { dirname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { unannouncedThreshold } from '../../shared/lifecycle/core/unannounced.js';
import { loadInactivityConfig } from '../../shared/lifecycle/inactivity-config.js';
import { checkTemplates, issueLine, readTemplateFolders } from '../../shared/messaging/adapters/template-snapshot.js';
import type { TemplateIssue } from '../../shared/messaging/core/templates/check.js';
import { type FileResult, validateFile, workflowFiles } from '../../shared/workflow/adapters/workflow-files.js';
import type { CliIo } from './io.js';

export { loadTemplateNames, validateFile, workflowFiles } from '../../shared/workflow/adapters/workflow-files.js';

export const validateUsage = `Usage: rekindle validate [files or folders...] [--templates DIR] [--json]

Checks workflow files: their shape, step references, reachability, loops, templates, durations.
Default: workflows/*.workflow.json. A folder means its *.workflow.json files.

Every template a valid workflow can send (each channel and fallback, each locale file) is rendered as a send
would, for a sample customer, with Liquid's parser and MJML's strict validation: a problem is printed as
file:line: message and makes the workflow invalid. A step that would send English to customers of a language the
workflow speaks at another step (e.g. no ar.mjml there) gets a warning.

  --templates DIR  template folders (default: templates/ beside each workflow file)
  --json           print the result as JSON
  -h, --help       show this help

A workflow entered on N days of silence that the inactivity sweep does not announce (INACTIVITY_DAYS,
NO_PURCHASE_DAYS in this environment) is valid but gets a warning: nobody would enter it.

Exit code: 0 when every file is valid, 1 when any is not, 2 on a usage error.`;

export async function validateCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      templates: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.out(validateUsage);
    return 0;
  }
  const checked = workflowFiles(positionals, io.cwd).map((file) => validateFile(file, io.cwd, values.templates));
  const results = await withTemplateIssues(checked, io.cwd, values.templates);
  // Valid, but nobody would enter: the segment's threshold is not one the inactivity sweep announces here.
  const { thresholds } = loadInactivityConfig(process.env);
  const warnings = results.flatMap((r) => {
    const unannounced = r.workflow ? unannouncedThreshold(r.workflow, thresholds) : null;
    return unannounced ? [{ file: r.file, message: unannounced }] : [];
  });
  const invalid = results.filter((r) => r.errors.length > 0 || r.templateErrors.length > 0);
  const errorCount = invalid.reduce((n, r) => n + r.errors.length + r.templateErrors.length, 0);
  if (values.json) {
    const files = results.map((r) => ({
      file: r.file,
      ok: r.errors.length === 0 && r.templateErrors.length === 0,
      errors: r.errors,
      warnings: warnings.filter((w) => w.file === r.file).map((w) => w.message),
      // Only when there is something to say, so the shape of a clean run stays as it was.
      ...(r.templateErrors.length + r.templateWarnings.length > 0
        ? { templates: [...r.templateErrors, ...r.templateWarnings].map(({ text: _text, ...issue }) => issue) }
        : {}),
    }));
    io.out(JSON.stringify({ ok: invalid.length === 0, files }, null, 2));
  } else {
    for (const r of invalid) {
      for (const e of r.errors)
        io.out(e.path === '' ? `${r.file}: ${e.message}` : `${r.file}: ${e.path}: ${e.message}`);
    }
    // A template used by several workflows is named once.
    const printed = new Set<string>();
    for (const line of results.flatMap((r) => [...r.templateErrors, ...r.templateWarnings].map((i) => i.text))) {
      if (!printed.has(line)) io.out(line);
      printed.add(line);
    }
    for (const w of warnings) io.out(`${w.file}: warning: ${w.message}`);
    const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
    io.out(
      `${plural(results.length, 'workflow file')} checked: ${results.length - invalid.length} valid, ` +
        `${invalid.length} invalid (${plural(errorCount, 'error')})`,
    );
  }
  return invalid.length === 0 ? 0 : 1;
}

interface CheckedFile extends FileResult {
  /** Problems of the templates the workflow sends, `text` as printed (`file:line: message`). */
  readonly templateErrors: readonly (TemplateIssue & { readonly text: string })[];
  readonly templateWarnings: readonly (TemplateIssue & { readonly text: string })[];
}

/** Renders the templates each valid workflow uses, from its templates folder (`--templates`, else beside it). */
async function withTemplateIssues(
  results: readonly FileResult[],
  cwd: string,
  templates: string | undefined,
): Promise<CheckedFile[]> {
  const folders = new Map<string, Awaited<ReturnType<typeof readTemplateFolders>>>();
  const checked: CheckedFile[] = [];
  for (const result of results) {
    if (!result.workflow) {
      checked.push({ ...result, templateErrors: [], templateWarnings: [] });
      continue;
    }
    const dir = templates ? resolve(cwd, templates) : join(dirname(resolve(cwd, result.file)), 'templates');
    const read = folders.get(dir) ?? (await readTemplateFolders(dir));
    folders.set(dir, read);
    const shown = relative(cwd, dir) || '.';
    const issues = (await checkTemplates([result.workflow], read)).map((issue) => ({
      ...issue,
      text: issueLine(issue, `${shown}/`),
    }));
    checked.push({
      ...result,
      templateErrors: issues.filter((i) => i.severity === 'error'),
      templateWarnings: issues.filter((i) => i.severity === 'warning'),
    });
  }
  return checked;
}
