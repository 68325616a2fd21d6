import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { FieldIssue } from '../../platform/errors.js';
import type { Workflow } from '../core/schema/workflow.js';
import { validateWorkflow } from '../core/validate.js';

/**
 * Workflow files on disk: `<dir>/<id>.workflow.json`, templates in `<dir>/templates/<name>/`. Read by
 * `rekindle validate`, the local engine (at start and on change) and the workflow function (bundled beside it).
 */

const suffix = '.workflow.json';

export interface FileResult {
  /** The parsed workflow when the file is valid. */
  readonly workflow?: Workflow | undefined;
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
  return errors.length === 0 && result.ok ? { file, errors, workflow: result.workflow } : { file, errors };
}

/** A workflow folder with invalid files: every problem, each with its file and path. */
export class WorkflowFilesError extends Error {
  override readonly name = 'WorkflowFilesError';
  constructor(readonly results: readonly FileResult[]) {
    super(
      results.flatMap((r) => r.errors.map((e) => `${r.file}${e.path ? ` ${e.path}` : ''}: ${e.message}`)).join('\n'),
    );
  }
}

/** Every `*.workflow.json` in `dir`, validated against `dir/templates`; any invalid file fails the whole load. */
export function loadWorkflows(dir: string): Workflow[] {
  const results = workflowFiles([dir], '/').map((file) => validateFile(file, '/', undefined));
  const invalid = results.filter((r) => r.errors.length > 0);
  if (invalid.length > 0) throw new WorkflowFilesError(invalid);
  return results.flatMap((r) => (r.workflow ? [r.workflow] : []));
}
