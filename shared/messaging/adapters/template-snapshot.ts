import { readdir } from 'node:fs/promises';
import type { Workflow } from '../../workflow/core/schema/workflow.js';
import type { TemplateSource } from '../core/ports.js';
import { checkWorkflowTemplates, type TemplateIssue } from '../core/templates/check.js';
import type { TemplateFolder } from '../core/templates/render.js';
import { TemplateFiles } from './template-files.js';

/** `cart-reminder/ar.mjml:5: <mj-texty>: ...`, or without a line when the problem has none. */
export const issueLine = (issue: TemplateIssue, dir = ''): string =>
  `${dir}${issue.file}${issue.line === null ? '' : `:${issue.line}`}: ${issue.severity === 'warning' ? 'warning: ' : ''}${issue.message}`;

/** Templates that would fail a send: each problem with its file and line. */
export class TemplateCheckError extends Error {
  override readonly name = 'TemplateCheckError';
  constructor(readonly issues: readonly TemplateIssue[]) {
    super(issues.map((issue) => issueLine(issue, 'templates/')).join('\n'));
  }
}

/** Every template folder under `dir` (none when it does not exist), read into memory. */
export async function readTemplateFolders(dir: string): Promise<Map<string, TemplateFolder>> {
  let names: string[];
  try {
    names = (await readdir(dir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name);
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return new Map();
    throw error;
  }
  const files = new TemplateFiles(dir, { cache: false });
  const folders = await Promise.all(names.map((name) => files.folder(name)));
  return new Map(folders.flatMap((folder) => (folder ? [[folder.name, folder] as const] : [])));
}

/** The problems of the templates these workflows use, each file's once however many workflows use it. */
export async function checkTemplates(
  workflows: readonly Workflow[],
  folders: ReadonlyMap<string, TemplateFolder>,
): Promise<TemplateIssue[]> {
  const seen = new Set<string>();
  const issues: TemplateIssue[] = [];
  for (const workflow of workflows) {
    for (const issue of await checkWorkflowTemplates(workflow, (name) => folders.get(name) ?? null)) {
      const key = issueLine(issue);
      if (seen.has(key)) continue;
      seen.add(key);
      issues.push(issue);
    }
  }
  return issues;
}

/**
 * The templates the local engine sends from: read and checked together with the workflow files, and swapped in
 * only when every template the workflows use renders, so a broken save keeps the previous templates running.
 */
export class TemplateSnapshot implements TemplateSource {
  private folders: ReadonlyMap<string, TemplateFolder> = new Map();

  constructor(private readonly dir: string) {}

  folder(name: string): Promise<TemplateFolder | null> {
    return Promise.resolve(this.folders.get(name) ?? null);
  }

  /**
   * Reads and checks the templates of `workflows`: throws `TemplateCheckError` on an error (the old ones stay);
   * else returns the warnings and `use`, which swaps them in once the workflows that send them are running.
   */
  async prepare(workflows: readonly Workflow[]): Promise<{ readonly warnings: readonly TemplateIssue[]; use(): void }> {
    const folders = await readTemplateFolders(this.dir);
    const issues = await checkTemplates(workflows, folders);
    const errors = issues.filter((issue) => issue.severity === 'error');
    if (errors.length > 0) throw new TemplateCheckError(errors);
    return {
      warnings: issues,
      use: () => {
        this.folders = folders;
      },
    };
  }
}
