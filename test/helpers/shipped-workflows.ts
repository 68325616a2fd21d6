import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repositoryRoot } from '../../shared/schemas/generate.js';

/**
 * The workflows Rekindle ships, by name. Tests run a copy of these files (and the templates they send, and the
 * loyalty program), never the marketer's `workflows/` folder itself: a marketer's new workflow or template can never
 * change what `npm test` sees. A workflow shipped later is tested once it is named here.
 */
export const shippedWorkflows = [
  'abandoned-cart',
  'birthday-bonus',
  'points-expiring',
  'post-purchase-review',
  'ramadan-offer',
  'tier-upgrade',
  'welcome-series',
  'win-back',
] as const;
export type ShippedWorkflow = (typeof shippedWorkflows)[number];

/** The shop-wide files shipped beside the workflows (copied when present). */
const shippedSettings = ['loyalty.json', 'currencies.json'] as const;

/** The marketer's folder in the repository; only this helper reads it, and only the named files. */
export const marketerWorkflows = join(repositoryRoot, 'workflows');

export interface ShippedCopyOptions {
  /** The workflows to copy (default: every shipped one). */
  readonly ids?: readonly ShippedWorkflow[];
  /** More template folders than the copied workflows send (e.g. to render one by name). */
  readonly templates?: readonly string[];
  /** The folder copied from (default: the repository's `workflows/`). */
  readonly from?: string;
}

/**
 * A fresh temp copy of the named shipped files, as a project would hold them: `<project>/workflows/` with the
 * `<id>.workflow.json` files, `loyalty.json` (and `currencies.json` once shipped), and `templates/<name>/` of every template the workflows send.
 * Returns the `workflows/` folder (its parent is the project, for CLI commands run there).
 */
export function copyShippedWorkflows(options: ShippedCopyOptions = {}): string {
  const from = options.from ?? marketerWorkflows;
  const ids = options.ids ?? shippedWorkflows;
  const dir = join(mkdtempSync(join(tmpdir(), 'rekindle-shipped-')), 'workflows');
  mkdirSync(join(dir, 'templates'), { recursive: true });
  const templates = new Set(options.templates ?? []);
  for (const id of ids) {
    const file = `${id}.workflow.json`;
    cpSync(join(from, file), join(dir, file));
    for (const name of templatesSentBy(JSON.parse(readFileSync(join(from, file), 'utf8')))) templates.add(name);
  }
  for (const settings of shippedSettings) {
    if (existsSync(join(from, settings))) cpSync(join(from, settings), join(dir, settings));
  }
  for (const name of templates) {
    const folder = join(from, 'templates', name);
    if (existsSync(folder)) cpSync(folder, join(dir, 'templates', name), { recursive: true });
  }
  return dir;
}

/** A copy of the shipped loyalty program (`loyalty.json`). */
export const shippedProgramFile = (): string => join(copyShippedWorkflows({ ids: [] }), 'loyalty.json');

/** The parsed text of one shipped workflow file, read from a copy. */
export function shippedWorkflowJson(id: ShippedWorkflow): Record<string, unknown> {
  return JSON.parse(readFileSync(join(copyShippedWorkflows({ ids: [id] }), `${id}.workflow.json`), 'utf8'));
}

/** Every `"template": "<name>"` in a workflow (send steps and their fallbacks), wherever it is nested. */
function templatesSentBy(json: unknown): string[] {
  if (Array.isArray(json)) return json.flatMap(templatesSentBy);
  if (typeof json !== 'object' || json === null) return [];
  return Object.entries(json).flatMap(([key, value]) =>
    key === 'template' && typeof value === 'string' ? [value] : templatesSentBy(value),
  );
}
