import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { validateWorkflow } from '../../shared/domain/workflow/validate.js';
import type { FieldIssue } from '../../shared/errors.js';
import type { CliIo } from './io.js';

export const validateUsage = `Usage: rekindle validate [files or folders...] [--templates DIR] [--json]

Checks workflow files: their shape, step references, reachability, loops, templates, durations.
Default: workflows/*.workflow.json. A folder means its *.workflow.json files.

  --templates DIR  template folders (default: templates/ beside each workflow file)
  --json           print the result as JSON
  -h, --help       show this help

Exit code: 0 when every file is valid, 1 when any is not, 2 on a usage error.`;

const suffix = '.workflow.json';

export interface FileResult {
  readonly file: string;
  readonly errors: readonly FieldIssue[];
}

/**
 * Names of the template folders under `dir` that hold at least one file (hidden files such as .gitkeep or .DS_Store
 * do not count); none when `dir` does not exist.
 */
export function loadTemplateNames(dir: string): Set<string> {
  if (!existsSync(dir)) return new Set();
  const names = readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .filter((entry) =>
      readdirSync(join(dir, entry.name), { withFileTypes: true }).some(
        (file) => file.isFile() && !file.name.startsWith('.'),
      ),
    )
    .map((entry) => entry.name);
  return new Set(names);
}

/** The files to check: each argument as a file, or a folder's *.workflow.json; none given: workflows/. */
export function workflowFiles(args: readonly string[], cwd: string): string[] {
  const targets = args.length > 0 ? args : ['workflows'];
  return targets.flatMap((target) => {
    const path = resolve(cwd, target);
    if (existsSync(path) && statSync(path).isDirectory()) {
      return readdirSync(path)
        .filter((name) => name.endsWith(suffix))
        .sort()
        .map((name) => join(target, name));
    }
    return [target];
  });
}

/** Reads and validates one file; problems with the file itself (missing, not JSON) have the path "". */
export function validateFile(file: string, cwd: string, templatesDir: string | undefined): FileResult {
  const path = resolve(cwd, file);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    const message = error instanceof SyntaxError ? `not valid JSON: ${error.message}` : `cannot read: ${String(error)}`;
    return { file, errors: [{ path: '', message }] };
  }
  const templates = loadTemplateNames(templatesDir ? resolve(cwd, templatesDir) : join(dirname(path), 'templates'));
  const result = validateWorkflow(json, { templates });
  const errors = result.ok ? [] : [...result.errors];
  // The id names the workflow in deployments: two files with one id would overwrite each other.
  const id = typeof json === 'object' && json !== null && 'id' in json ? json.id : undefined;
  const expected = basename(file).endsWith(suffix) ? basename(file).slice(0, -suffix.length) : undefined;
  if (typeof id === 'string' && expected !== undefined && id !== expected) {
    errors.push({ path: 'id', message: `must match the file name: "${expected}" for ${basename(file)}` });
  }
  return { file, errors };
}

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
  const invalid = results.filter((r) => r.errors.length > 0);
  const errorCount = invalid.reduce((n, r) => n + r.errors.length, 0);
  if (values.json) {
    const files = results.map((r) => ({ file: r.file, ok: r.errors.length === 0, errors: r.errors }));
    io.out(JSON.stringify({ ok: invalid.length === 0, files }, null, 2));
  } else {
    for (const r of invalid) {
      for (const e of r.errors)
        io.out(e.path === '' ? `${r.file}: ${e.message}` : `${r.file}: ${e.path}: ${e.message}`);
    }
    const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
    io.out(
      `${plural(results.length, 'workflow file')} checked: ${results.length - invalid.length} valid, ` +
        `${invalid.length} invalid (${plural(errorCount, 'error')})`,
    );
  }
  return invalid.length === 0 ? 0 : 1;
}
