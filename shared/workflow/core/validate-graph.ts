import type { WorkflowStep } from './schema/workflow.js';

/** The step graph of a workflow: which steps follow which, what `start` reaches, and loops that never pause. */

export interface StepEdge {
  /** Where the reference is written, relative to the step: `next`, `cases[0].next`, `onTimeout`, ... */
  readonly field: string;
  readonly to: string;
}

/** The steps `step` can lead to, in the order they are written. */
export function stepEdges(step: WorkflowStep): StepEdge[] {
  switch (step.type) {
    case 'send':
    case 'wait':
    case 'holdout':
    case 'awardPoints':
    case 'setAttribute':
    case 'tag':
    case 'emit':
      return [{ field: 'next', to: step.next }];
    case 'waitForEvent':
      return [
        { field: 'onEvent', to: step.onEvent },
        { field: 'onTimeout', to: step.onTimeout },
      ];
    case 'branch':
      return [
        ...step.cases.map((c, i) => ({ field: `cases[${i}].next`, to: c.next })),
        { field: 'default', to: step.default },
      ];
    case 'split':
      return step.paths.map((p, i) => ({ field: `paths[${i}].next`, to: p.next }));
    case 'purge':
    case 'exit':
      return [];
  }
}

/**
 * Whether a step makes the enrollment wait for time to pass (and so lets a loop through it pause). A wait until a
 * fixed date does not: once the date has passed it continues at once, and a loop through it would spin.
 */
export function pauses(step: WorkflowStep): boolean {
  if (step.type === 'wait') return !('until' in step && 'date' in step.until);
  return step.type === 'waitForEvent';
}

type Steps = Readonly<Record<string, WorkflowStep>>;

function successors(steps: Steps, id: string): string[] {
  const step = steps[id];
  return step ? stepEdges(step).flatMap((edge) => (Object.hasOwn(steps, edge.to) ? [edge.to] : [])) : [];
}

/** Ids of the steps reachable from `start` (including it), following only references to existing steps. */
export function reachable(steps: Steps, start: string): Set<string> {
  const seen = new Set<string>();
  const todo = Object.hasOwn(steps, start) ? [start] : [];
  for (let id = todo.pop(); id !== undefined; id = todo.pop()) {
    if (seen.has(id)) continue;
    seen.add(id);
    todo.push(...successors(steps, id));
  }
  return seen;
}

/**
 * Loops without a wait or waitForEvent: each as the ids around it, first id repeated at the end (`a → b → a`).
 * One loop per group of steps that can all reach each other without pausing (Tarjan's strongly connected
 * components over the steps that do not pause).
 */
export function loopsWithoutPause(steps: Steps): string[][] {
  const ids = Object.keys(steps).filter((id) => {
    const step = steps[id];
    return step !== undefined && !pauses(step);
  });
  const inGraph = new Set(ids);
  const next = (id: string) => successors(steps, id).filter((to) => inGraph.has(to));
  return components(ids, next)
    .filter((group) => group.length > 1 || group.some((id) => next(id).includes(id)))
    .map((group) => loopThrough(group, next));
}

/** Tarjan's algorithm; components come in reverse topological order, members in `ids` order. */
function components(ids: readonly string[], next: (id: string) => string[]): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (id: string): void => {
    const i = index.size;
    index.set(id, i);
    low.set(id, i);
    stack.push(id);
    onStack.add(id);
    for (const to of next(id)) {
      if (!index.has(to)) {
        visit(to);
        low.set(id, Math.min(low.get(id) ?? i, low.get(to) ?? i));
      } else if (onStack.has(to)) {
        low.set(id, Math.min(low.get(id) ?? i, index.get(to) ?? i));
      }
    }
    if (low.get(id) !== i) return;
    const group: string[] = [];
    for (let member = stack.pop(); member !== undefined; member = stack.pop()) {
      onStack.delete(member);
      group.push(member);
      if (member === id) break;
    }
    out.push(ids.filter((x) => group.includes(x)));
  };
  for (const id of ids) if (!index.has(id)) visit(id);
  return out;
}

/** A shortest loop from the group's first step back to it, staying inside the group. */
function loopThrough(group: readonly string[], next: (id: string) => string[]): string[] {
  const [first] = group;
  if (first === undefined) return [];
  const members = new Set(group);
  const cameFrom = new Map<string, string>();
  const queue = [first];
  for (let head = queue.shift(); head !== undefined; head = queue.shift()) {
    for (const to of next(head)) {
      if (!members.has(to)) continue;
      if (to === first) {
        const loop = [first];
        for (let at: string | undefined = head; at !== undefined && at !== first; at = cameFrom.get(at)) loop.push(at);
        return [first, ...loop.slice(1).reverse(), first];
      }
      if (!cameFrom.has(to)) {
        cameFrom.set(to, head);
        queue.push(to);
      }
    }
  }
  return [first, first];
}
