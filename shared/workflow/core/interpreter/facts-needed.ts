import type { Workflow } from '../schema/workflow.js';

/** The customer's facts a workflow version reads: the executor fetches only those before each step. */
export interface FactsNeeded {
  /** Profile fields (conditions on profile.* or attributes.*; a local time of day needs the time zone). */
  readonly profile: boolean;
  readonly points: boolean;
  readonly stats: boolean;
  /** Delivered, opened and clicked of earlier send steps (`steps.<id>.opened`). */
  readonly engagement: boolean;
}

const cache = new WeakMap<Workflow, FactsNeeded>();

/** What the branch conditions, the waits until a local time and a date trigger of this version read. */
export function factsNeeded(workflow: Workflow): FactsNeeded {
  const known = cache.get(workflow);
  if (known) return known;
  const paths: string[] = [];
  let localTime = 'date' in workflow.trigger;
  for (const step of Object.values(workflow.steps)) {
    if (step.type === 'branch') collectPaths(step.cases, paths);
    if (step.type === 'wait' && 'until' in step && 'localTime' in step.until) localTime = true;
  }
  const reads = (section: string) => paths.some((p) => p.startsWith(`${section}.`));
  const needed: FactsNeeded = {
    profile: localTime || reads('profile') || reads('attributes'),
    // The tier comes with the points, from the loyalty account.
    points: reads('points') || paths.includes('profile.tier'),
    stats: reads('stats'),
    engagement: reads('steps'),
  };
  cache.set(workflow, needed);
  return needed;
}

/** Every `path` of a condition tree (`all`, `any`, `not`, tests). */
function collectPaths(value: unknown, into: string[]): void {
  if (Array.isArray(value)) {
    for (const item of value) collectPaths(item, into);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (key === 'path' && typeof inner === 'string') into.push(inner);
      else collectPaths(inner, into);
    }
  }
}
