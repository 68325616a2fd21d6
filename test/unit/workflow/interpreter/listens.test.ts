import { describe, expect, it } from 'vitest';
import { factsNeeded } from '../../../../shared/workflow/core/interpreter/facts-needed.js';
import { eventsHeard } from '../../../../shared/workflow/core/interpreter/listens.js';
import { workflowDefinition } from '../../../../shared/workflow/core/schema/workflow.js';
import { type ShippedWorkflow, shippedWorkflowJson } from '../../../helpers/shipped-workflows.js';

const shipped = (id: ShippedWorkflow) => workflowDefinition.parse(shippedWorkflowJson(id));

describe('eventsHeard: the events a workflow can act on (others skip the workflow function without a read)', () => {
  it('trigger, goal, exit criteria and waits', () => {
    expect([...eventsHeard(shipped('abandoned-cart'))].sort()).toEqual(['Cart Abandoned', 'Order Completed']);
    expect([...eventsHeard(shipped('points-expiring'))].sort()).toEqual(['Points Expiring', 'Points Redeemed']);
  });

  it('date triggers hear profile events (they schedule the dates); segments hear the announcing event', () => {
    expect([...eventsHeard(shipped('birthday-bonus'))].sort()).toEqual([
      'Customer Registered',
      'Customer Updated',
      'Order Completed',
    ]);
    const winBack = workflowDefinition.parse({
      ...shipped('tier-upgrade'),
      trigger: { segment: { inactiveDays: 60 } },
      exit: [{ event: 'Product Viewed' }],
    });
    expect([...eventsHeard(winBack)].sort()).toEqual(['Customer Became Inactive', 'Product Viewed']);
  });
});

describe('factsNeeded: what the executor reads before a step', () => {
  it('nothing for a workflow without conditions or local times; what the conditions and waits name otherwise', () => {
    expect(factsNeeded(shipped('abandoned-cart'))).toEqual({
      profile: false,
      points: false,
      stats: false,
      engagement: false,
    });
    expect(factsNeeded(shipped('welcome-series'))).toMatchObject({ profile: true, points: false, stats: false });
    // profile.tier comes from the loyalty account, with the points.
    expect(factsNeeded(shipped('birthday-bonus'))).toEqual({
      profile: true,
      points: true,
      stats: false,
      engagement: false,
    });
  });
});
