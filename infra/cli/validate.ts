import { parseArgs } from 'node:util';
import { unannouncedThreshold } from '../../shared/lifecycle/core/unannounced.js';
import { loadInactivityConfig } from '../../shared/lifecycle/inactivity-config.js';
import { validateFile, workflowFiles } from '../../shared/workflow/adapters/workflow-files.js';
import type { CliIo } from './io.js';

export { loadTemplateNames, validateFile, workflowFiles } from '../../shared/workflow/adapters/workflow-files.js';

export const validateUsage = `Usage: rekindle validate [files or folders...] [--templates DIR] [--json]

Checks workflow files: their shape, step references, reachability, loops, templates, durations.
Default: workflows/*.workflow.json. A folder means its *.workflow.json files.

  --templates DIR  template folders (default: templates/ beside each workflow file)
  --json           print the result as JSON
  -h, --help       show this help

A workflow entered on N days of silence that the inactivity sweep does not announce (INACTIVITY_DAYS,
NO_PURCHASE_DAYS in this environment) is valid but gets a warning: nobody would enter it.

Exit code: 0 when every file is valid, 1 when any is not, 2 on a usage error.`;

export function validateCommand(args: readonly string[], io: CliIo): number {
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
  const results = workflowFiles(positionals, io.cwd).map((file) => validateFile(file, io.cwd, values.templates));
  // Valid, but nobody would enter: the segment's threshold is not one the inactivity sweep announces here.
  const { thresholds } = loadInactivityConfig(process.env);
  const warnings = results.flatMap((r) => {
    const unannounced = r.workflow ? unannouncedThreshold(r.workflow, thresholds) : null;
    return unannounced ? [{ file: r.file, message: unannounced }] : [];
  });
  const invalid = results.filter((r) => r.errors.length > 0);
  const errorCount = invalid.reduce((n, r) => n + r.errors.length, 0);
  if (values.json) {
    const files = results.map((r) => ({
      file: r.file,
      ok: r.errors.length === 0,
      errors: r.errors,
      warnings: warnings.filter((w) => w.file === r.file).map((w) => w.message),
    }));
    io.out(JSON.stringify({ ok: invalid.length === 0, files }, null, 2));
  } else {
    for (const r of invalid) {
      for (const e of r.errors)
        io.out(e.path === '' ? `${r.file}: ${e.message}` : `${r.file}: ${e.path}: ${e.message}`);
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
