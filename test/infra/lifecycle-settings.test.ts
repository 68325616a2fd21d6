import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { lifecycleContext, lifecycleSettings, unannouncedWorkflows } from '../../infra/aws/lifecycle-settings.js';
import { repoRoot } from '../../infra/aws/paths.js';
import { loadWorkflows } from '../../shared/workflow/adapters/workflow-files.js';
import { copyShippedWorkflows } from '../helpers/shipped-workflows.js';

// The stack test synthesizes with the defaults; these read other context values without a synth.
const withContext = (context: Record<string, unknown>) => lifecycleSettings(new App({ context }));

describe('lifecycle settings from CDK context', () => {
  it('cdk.json gives every key, with the defaults the functions take without it', () => {
    const cdk = JSON.parse(readFileSync(join(repoRoot, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> };
    for (const { key, fallback } of Object.values(lifecycleContext)) expect(cdk.context[key]).toBe(fallback);
    expect(withContext(cdk.context)).toEqual(withContext({}));
  });

  it('hands the values given to the track function and the inactivity sweep', () => {
    expect(
      withContext({
        'rekindle:cartAbandonedAfter': 'PT10M',
        'rekindle:inactivityDays': '45',
        'rekindle:noPurchaseDays': 'off',
        'rekindle:inactivityCatchUpDays': 7,
      }),
    ).toEqual({
      tracking: { CART_ABANDONED_AFTER: 'PT10M' },
      inactivitySweep: { INACTIVITY_DAYS: '45', NO_PURCHASE_DAYS: 'off', INACTIVITY_CATCH_UP_DAYS: '7' },
    });
  });

  it('warns when a deployed workflow waits for a silence the sweep does not announce', () => {
    const workflows = loadWorkflows(copyShippedWorkflows());
    expect(unannouncedWorkflows(withContext({}), workflows)).toEqual([]);
    expect(unannouncedWorkflows(withContext({ 'rekindle:inactivityDays': '30,90' }), workflows)).toEqual([
      expect.stringMatching(
        /^workflow win-back: trigger\.segment\.inactiveDays: 60 days are not announced .*rekindle:inactivityDays/,
      ),
    ]);
  });

  it('fails the synth on a bad value, naming the context key', () => {
    expect(() => withContext({ 'rekindle:cartAbandonedAfter': '1 hour' })).toThrow(
      /CDK context rekindle:cartAbandonedAfter="1 hour": .*ISO-8601 duration/,
    );
    expect(() => withContext({ 'rekindle:noPurchaseDays': '90,ninety' })).toThrow(
      /CDK context rekindle:noPurchaseDays="90,ninety": .*must be whole numbers of days/,
    );
    expect(() => withContext({ 'rekindle:inactivityCatchUpDays': '0' })).toThrow(/rekindle:inactivityCatchUpDays/);
    expect(() => withContext({ 'rekindle:inactivityDays': [30, 60] })).toThrow(
      /CDK context rekindle:inactivityDays: must be a string/,
    );
  });
});
