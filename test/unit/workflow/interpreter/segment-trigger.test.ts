import { describe, expect, it } from 'vitest';
import { matchesTrigger } from '../../../../shared/workflow/core/interpreter/events.js';
import { workflowDefinition } from '../../../../shared/workflow/core/schema/workflow.js';

const withSegment = (segment: Record<string, unknown>) =>
  workflowDefinition.parse({
    id: 'segment-test',
    version: 1,
    name: 'Segment test',
    trigger: { segment },
    reentry: { policy: 'afterExit' },
    start: 'done',
    steps: { done: { type: 'exit' } },
  });

describe('segment triggers enrol on the event that announces the segment', () => {
  it('inactiveDays and noPurchaseDays: Customer Became Inactive with that basis and threshold, from Rekindle', () => {
    const inactive = withSegment({ inactiveDays: 60 });
    const event = (detail: Record<string, unknown>, source = 'rekindle') => ({
      detailType: 'Customer Became Inactive',
      source,
      detail,
    });
    expect(matchesTrigger(inactive, event({ basis: 'activity', days: 60 }))).toBe(true);
    expect(matchesTrigger(inactive, event({ basis: 'activity', days: 30 }))).toBe(false);
    expect(matchesTrigger(inactive, event({ basis: 'purchase', days: 60 }))).toBe(false);
    expect(matchesTrigger(inactive, event({ basis: 'activity', days: 60 }, 'shop.example'))).toBe(false);
    expect(matchesTrigger(withSegment({ noPurchaseDays: 90 }), event({ basis: 'purchase', days: 90 }))).toBe(true);
  });

  it('tier: Tier Changed to that tier; rfm: RFM Class Changed to that class', () => {
    const gold = withSegment({ tier: 'gold' });
    expect(
      matchesTrigger(gold, { detailType: 'Tier Changed', source: 'rekindle', detail: { to: 'gold', from: 'silver' } }),
    ).toBe(true);
    expect(matchesTrigger(gold, { detailType: 'Tier Changed', source: 'rekindle', detail: { to: 'silver' } })).toBe(
      false,
    );
    const atRisk = withSegment({ rfm: 'at-risk' });
    expect(
      matchesTrigger(atRisk, { detailType: 'RFM Class Changed', source: 'rekindle', detail: { to: 'at-risk' } }),
    ).toBe(true);
  });
});
