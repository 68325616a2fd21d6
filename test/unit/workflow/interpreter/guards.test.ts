import { describe, expect, it } from 'vitest';
import { historyLimit, stepBudget } from '../../../../shared/workflow/core/interpreter/steps.js';
import { workflowDefinition } from '../../../../shared/workflow/core/schema/workflow.js';
import { daysAfter, Journey, loadWorkflow } from './journey.js';

describe('guards', () => {
  it('ends a loop without a wait (which validation rejects) at the step budget', () => {
    // Parsed but not validated: validateWorkflow reports this cycle.
    const looping = workflowDefinition.parse({
      id: 'looping',
      version: 1,
      name: 'Loop',
      trigger: { event: { detailType: 'Customer Registered' } },
      reentry: { policy: 'never' },
      start: 'tag',
      steps: {
        tag: { type: 'tag', add: ['x'], next: 'again' },
        again: {
          type: 'branch',
          cases: [{ when: { path: 'stats.orders', op: 'gte', value: 1 }, next: 'done' }],
          default: 'tag',
        },
        done: { type: 'exit' },
      },
    });
    const journey = new Journey(looping);
    journey.enter('2026-01-01T00:00:00.000Z', 'c-1', 'Customer Registered');
    expect(journey.enrollment).toMatchObject({ status: 'exited', exitReason: 'step-budget', wake: null });
    expect(journey.actions.filter((a) => a.type === 'tag')).toHaveLength(stepBudget / 2);
    expect(journey.actions.at(-1)).toMatchObject({ type: 'exit', reason: 'step-budget' });
  });

  it('keeps only the newest history entries', () => {
    const journey = new Journey(loadWorkflow('welcome-series'));
    journey.enter('2026-11-20T12:00:00.000Z', 'c-1', 'Customer Registered');
    journey.runUntil(daysAfter('2026-11-20T12:00:00.000Z', 365));
    const history = journey.enrollment?.history ?? [];
    expect(history).toHaveLength(historyLimit);
    expect(history[0]?.step).not.toBe('welcome');
    expect(history.at(-1)).toEqual({
      step: 'week',
      at: journey.enrollment?.history.at(-2)?.at,
      outcome: `waiting until ${journey.enrollment?.wake?.at}`,
    });
    expect(journey.enrollment?.visits.digest).toBe(journey.sends().length - 1);
    expect(journey.sends().length).toBeGreaterThan(45);
  });
});
