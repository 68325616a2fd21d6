import type { FieldIssue } from '../../platform/errors.js';
import { sesEventSchemas } from '../../schemas/ses-events.js';
import { storefrontEventSchemas } from '../../schemas/storefront-events.js';
import { type Condition, type Workflow, type WorkflowStep, workflowDefinition } from './schema/workflow.js';
import { engagementPath } from './schema/workflow-conditions.js';
import { enrollmentKey, type MessageChannel } from './schema/workflow-steps.js';
import { loopsWithoutPause, reachable, stepEdges } from './validate-graph.js';
import { describeIssues, plainMessages } from './validate-shape.js';

/**
 * Checks a workflow file's JSON: its shape (the zod schema) and then what spans fields: step references, reachable
 * steps, loops that never pause, templates, split weights, correlation. Pure: the caller reads files and passes the
 * template names it found. Shape errors come first and alone, since the other checks need a well-formed workflow.
 */

export interface WorkflowContext {
  /** Template folders that hold at least one file, e.g. `cart-reminder` for `workflows/templates/cart-reminder/`. */
  readonly templates: ReadonlySet<string>;
}

export type WorkflowValidation =
  | { readonly ok: true; readonly workflow: Workflow }
  | { readonly ok: false; readonly errors: readonly FieldIssue[] };

export function validateWorkflow(json: unknown, context: WorkflowContext): WorkflowValidation {
  const parsed = workflowDefinition.safeParse(json, { error: plainMessages, reportInput: true });
  if (!parsed.success) return { ok: false, errors: describeIssues(parsed.error.issues) };
  const errors = semanticErrors(parsed.data, context);
  return errors.length === 0 ? { ok: true, workflow: parsed.data } : { ok: false, errors };
}

/** Example file names per channel, for the message about a missing template. */
const templateFiles: Record<MessageChannel, string> = {
  email: 'en.mjml',
  sms: 'en.sms.txt',
  whatsapp: 'en.whatsapp.txt',
};

/** Events Rekindle consumes as facts: a workflow that emitted them would fake orders, profiles or email events. */
const consumedEvents = new Set<string>([...Object.keys(storefrontEventSchemas), ...Object.keys(sesEventSchemas)]);

function semanticErrors(w: Workflow, context: WorkflowContext): FieldIssue[] {
  const errors: FieldIssue[] = [];
  const add = (path: string, message: string) => errors.push({ path, message });
  const ids = Object.keys(w.steps);
  const refer = (path: string, to: string) => {
    if (!Object.hasOwn(w.steps, to)) add(path, unknownStep(to, ids));
  };

  refer('start', w.start);
  for (const [id, step] of Object.entries(w.steps)) {
    const at = `steps.${id}`;
    for (const edge of stepEdges(step)) refer(`${at}.${edge.field}`, edge.to);
    stepErrors(step, at, w, context, add);
  }

  if (Object.hasOwn(w.steps, w.start)) {
    const seen = reachable(w.steps, w.start);
    for (const id of ids) {
      if (!seen.has(id)) add(`steps.${id}`, `unreachable: no path from start ("${w.start}") leads to this step`);
    }
  }
  for (const loop of loopsWithoutPause(w.steps)) {
    add(
      `steps.${loop[0]}`,
      `cycle without a wait: ${loop.join(' → ')} would repeat at once, forever; add a wait or waitForEvent step to it`,
    );
  }

  if (w.correlation && !('event' in w.trigger)) {
    add('correlation', "needs an event trigger: the key is read from the trigger event's detail");
  }
  if (w.reentry.cooldown !== undefined && w.reentry.policy === 'never') {
    add('reentry.cooldown', 'only applies when policy is "always" or "afterExit"');
  }
  const checkMatch = (path: string, match: Readonly<Record<string, unknown>> | undefined) => {
    for (const [field, value] of Object.entries(match ?? {})) {
      if (value === enrollmentKey && !w.correlation) {
        add(
          `${path}.${field}`,
          `"${enrollmentKey}" needs correlation: set correlation.key to the trigger event's field that ` +
            'identifies the enrollment, e.g. {"correlation": {"key": "cartId"}}',
        );
      }
    }
  };
  checkMatch('goal.match', w.goal?.match);
  for (const [i, criterion] of (w.exit ?? []).entries()) checkMatch(`exit[${i}].match`, criterion.match);
  for (const [id, step] of Object.entries(w.steps)) {
    if (step.type === 'waitForEvent') checkMatch(`steps.${id}.match`, step.match);
  }

  for (const [from, moves] of Object.entries(w.migrations ?? {})) {
    if (Number(from) >= w.version) add(`migrations.${from}`, `must be an earlier version than this one (${w.version})`);
    for (const [old, to] of Object.entries(moves)) refer(`migrations.${from}.${old}`, to);
  }
  return errors;
}

function stepErrors(
  step: WorkflowStep,
  at: string,
  w: Workflow,
  context: WorkflowContext,
  add: (path: string, message: string) => void,
): void {
  switch (step.type) {
    case 'send': {
      if (step.fallback === step.channel) {
        add(`${at}.fallback`, `must differ from channel ("${step.channel}"): it reaches those ${step.channel} cannot`);
      }
      if (!context.templates.has(step.template)) {
        const files = [step.channel, ...(step.fallback ? [step.fallback] : [])]
          .map((channel) => `${templateFiles[channel]} (${channel})`)
          .join(' and ');
        add(
          `${at}.template`,
          `template "${step.template}" not found: expected a folder templates/${step.template}/ with e.g. ${files}`,
        );
      }
      return;
    }
    case 'split': {
      const total = step.paths.reduce((sum, p) => sum + p.weight, 0);
      if (total !== 100) add(`${at}.paths`, `weights add up to ${total}; they must add up to 100`);
      return;
    }
    case 'branch':
      for (const [i, c] of step.cases.entries()) conditionErrors(c.when, `${at}.cases[${i}].when`, w, add);
      return;
    case 'emit':
      if (consumedEvents.has(step.detailType)) {
        add(
          `${at}.detailType`,
          `"${step.detailType}" is an event Rekindle consumes from shops or SES; emitting it would be taken as real. ` +
            'Use a name of your own, e.g. "Campaign Milestone"',
        );
      }
      return;
    default:
      return;
  }
}

/** Engagement tests must name an existing send step. */
function conditionErrors(c: Condition, at: string, w: Workflow, add: (path: string, message: string) => void): void {
  if ('all' in c) for (const [i, inner] of c.all.entries()) conditionErrors(inner, `${at}.all[${i}]`, w, add);
  else if ('any' in c) for (const [i, inner] of c.any.entries()) conditionErrors(inner, `${at}.any[${i}]`, w, add);
  else if ('not' in c) conditionErrors(c.not, `${at}.not`, w, add);
  else {
    const id = engagementPath.exec(c.path)?.[1];
    if (id === undefined) return;
    const target = w.steps[id];
    if (!target) add(`${at}.path`, unknownStep(id, Object.keys(w.steps)));
    else if (target.type !== 'send') add(`${at}.path`, `must name a send step: "${id}" is a ${target.type} step`);
  }
}

function unknownStep(id: string, ids: readonly string[]): string {
  const near = ids.find((candidate) => typoDistance(candidate, id) <= (id.length <= 4 ? 1 : 2));
  const known = ids.length === 0 ? 'steps is empty' : `steps are: ${ids.join(', ')}`;
  return `unknown step "${id}"${near ? ` (did you mean "${near}"?)` : ''}; ${known}`;
}

/** Edits (insert, delete, replace, swap two neighbours) from `a` to `b`: optimal string alignment distance. */
function typoDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => i || j));
  const at = (i: number, j: number): number => d[i]?.[j] ?? Number.POSITIVE_INFINITY;
  for (let i = 1; i <= a.length; i++) {
    const row = d[i];
    if (!row) continue;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1);
      row[j] = best;
    }
  }
  return at(a.length, b.length);
}
