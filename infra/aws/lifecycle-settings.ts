import type { Construct } from 'constructs';
import { defaultCartAbandonedAfter } from '../../shared/lifecycle/core/cart-abandonment.js';
import { unannouncedThreshold } from '../../shared/lifecycle/core/unannounced.js';
import {
  defaultCatchUpDays,
  defaultInactivityDays,
  defaultNoPurchaseDays,
  loadInactivityConfig,
} from '../../shared/lifecycle/inactivity-config.js';
import { loadConfig } from '../../shared/platform/config.js';
import type { Workflow } from '../../shared/workflow/core/schema/workflow.js';

/**
 * When a cart counts as abandoned and a customer as gone, from CDK context (`cdk.json`, or
 * `-c rekindle:inactivityDays=30,60`), handed to the functions as their environment. A bad value fails the synth,
 * naming the context key, instead of the function's cold start.
 */
export interface LifecycleSettings {
  /** The track function's: it arms each cart's recovery at its last change + CART_ABANDONED_AFTER. */
  readonly tracking: Readonly<Record<string, string>>;
  /** The inactivity sweep's: INACTIVITY_DAYS, NO_PURCHASE_DAYS, INACTIVITY_CATCH_UP_DAYS. */
  readonly inactivitySweep: Readonly<Record<string, string>>;
}

/** Per environment variable: its context key and the default the function would take without it. */
export const lifecycleContext = {
  CART_ABANDONED_AFTER: { key: 'rekindle:cartAbandonedAfter', fallback: defaultCartAbandonedAfter },
  INACTIVITY_DAYS: { key: 'rekindle:inactivityDays', fallback: defaultInactivityDays.join(',') },
  NO_PURCHASE_DAYS: { key: 'rekindle:noPurchaseDays', fallback: defaultNoPurchaseDays.join(',') },
  INACTIVITY_CATCH_UP_DAYS: { key: 'rekindle:inactivityCatchUpDays', fallback: String(defaultCatchUpDays) },
} as const;

type Variable = keyof typeof lifecycleContext;

export function lifecycleSettings(scope: Construct): LifecycleSettings {
  const value = (variable: Variable): string => {
    const { key, fallback } = lifecycleContext[variable];
    const given: unknown = scope.node.tryGetContext(key);
    const text = typeof given === 'string' || typeof given === 'number' ? String(given).trim() : given;
    if (text === undefined || text === '') return fallback;
    if (typeof text !== 'string') throw new Error(`CDK context ${key}: must be a string such as "${fallback}"`);
    // The functions' own parsers, one value at a time, so the message names the key that is wrong.
    const check = variable === 'CART_ABANDONED_AFTER' ? loadConfig : loadInactivityConfig;
    try {
      check({ TABLE_NAME: 'synth', [variable]: text });
    } catch (error) {
      throw new Error(`CDK context ${key}="${text}": ${error instanceof Error ? error.message : error}`, {
        cause: error,
      });
    }
    return text;
  };
  return {
    tracking: { CART_ABANDONED_AFTER: value('CART_ABANDONED_AFTER') },
    inactivitySweep: {
      INACTIVITY_DAYS: value('INACTIVITY_DAYS'),
      NO_PURCHASE_DAYS: value('NO_PURCHASE_DAYS'),
      INACTIVITY_CATCH_UP_DAYS: value('INACTIVITY_CATCH_UP_DAYS'),
    },
  };
}

/**
 * The deployed workflows entered on N days of silence that these settings do not announce: nobody would enter them.
 * Reported as synth warnings (the workflow may be on its way out), one message per workflow.
 */
export function unannouncedWorkflows(settings: LifecycleSettings, workflows: readonly Workflow[]): string[] {
  const { thresholds } = loadInactivityConfig(settings.inactivitySweep);
  return workflows.flatMap((workflow) => {
    const unannounced = unannouncedThreshold(workflow, thresholds);
    return unannounced ? [`workflow ${workflow.id}: ${unannounced}`] : [];
  });
}
