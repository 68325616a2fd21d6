import { describe, expect, it } from 'vitest';
import type { WorkflowStep } from '../../../shared/workflow/core/schema/workflow.js';
import { loopsWithoutPause, reachable, stepEdges } from '../../../shared/workflow/core/validate-graph.js';

const send = (next: string): WorkflowStep => ({ type: 'send', channel: 'email', template: 't', next });
const wait = (next: string): WorkflowStep => ({ type: 'wait', duration: 'PT1H', next });
const branch = (...targets: string[]): WorkflowStep => ({
  type: 'branch',
  cases: targets.slice(0, -1).map((next) => ({ when: { path: 'stats.orders', op: 'gt', value: 0 }, next })),
  default: targets.at(-1) ?? 'end',
});
const end: WorkflowStep = { type: 'exit' };

describe('stepEdges', () => {
  it('names each reference by the field it is written in', () => {
    expect(stepEdges(branch('a', 'b', 'c'))).toEqual([
      { field: 'cases[0].next', to: 'a' },
      { field: 'cases[1].next', to: 'b' },
      { field: 'default', to: 'c' },
    ]);
    expect(
      stepEdges({ type: 'waitForEvent', event: 'Order Completed', timeout: 'P1D', onEvent: 'x', onTimeout: 'y' }),
    ).toEqual([
      { field: 'onEvent', to: 'x' },
      { field: 'onTimeout', to: 'y' },
    ]);
    expect(
      stepEdges({
        type: 'split',
        paths: [
          { weight: 50, next: 'x' },
          { weight: 50, next: 'y' },
        ],
      }),
    ).toEqual([
      { field: 'paths[0].next', to: 'x' },
      { field: 'paths[1].next', to: 'y' },
    ]);
    expect(stepEdges({ type: 'holdout', percent: 10, next: 'x' })).toEqual([{ field: 'next', to: 'x' }]);
    expect(stepEdges({ type: 'purge' })).toEqual([]);
    expect(stepEdges(end)).toEqual([]);
  });
});

describe('reachable', () => {
  it('follows every branch from start and ignores references to missing steps', () => {
    const steps = { a: branch('b', 'c'), b: send('missing'), c: wait('d'), d: end, island: send('d') };
    expect([...reachable(steps, 'a')].sort()).toEqual(['a', 'b', 'c', 'd']);
    expect(reachable(steps, 'nowhere').size).toBe(0);
  });
});

describe('loopsWithoutPause', () => {
  it('finds none when every loop waits', () => {
    expect(loopsWithoutPause({ a: send('b'), b: wait('c'), c: branch('a', 'd'), d: end })).toEqual([]);
  });

  it('gives each loop as the ids around it, first id repeated', () => {
    expect(loopsWithoutPause({ a: send('b'), b: branch('c', 'a'), c: end })).toEqual([['a', 'b', 'a']]);
    expect(loopsWithoutPause({ a: branch('a', 'b'), b: end })).toEqual([['a', 'a']]);
  });

  it('reports one loop per group of steps that reach each other, the shortest through its first step', () => {
    const steps = {
      a: send('b'),
      b: branch('c', 'a'),
      c: send('a'),
      x: send('y'),
      y: send('x'),
      z: end,
    };
    expect(loopsWithoutPause(steps)).toEqual(
      expect.arrayContaining([
        ['a', 'b', 'a'],
        ['x', 'y', 'x'],
      ]),
    );
    expect(loopsWithoutPause(steps)).toHaveLength(2);
  });

  it('still finds the pause-free loop when a longer loop through the same steps waits', () => {
    expect(loopsWithoutPause({ a: send('b'), b: branch('a', 'w'), w: wait('a') })).toEqual([['a', 'b', 'a']]);
  });
});
