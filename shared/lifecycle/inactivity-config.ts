import * as z from 'zod';
import type { InactivityThreshold } from './core/inactivity.js';

/** The inactivity sweep's settings, from the environment (parsed once at cold start; a bad value names itself). */
export interface InactivityConfig {
  /**
   * INACTIVITY_DAYS: days without activity that are announced (basis `activity`), default 30,60,90; NO_PURCHASE_DAYS:
   * days without an order (basis `purchase`), default 90,180; `off`: none.
   */
  readonly thresholds: readonly InactivityThreshold[];
  /** INACTIVITY_CATCH_UP_DAYS: how many missed days a sweep catches up at most, default 30. */
  readonly maxCatchUpDays: number;
}

export const defaultInactivityDays = [30, 60, 90] as const;
/**
 * 90 days without an order marks a lapsing buyer and 180 a lost one (the usual win-back and RFM cut-offs). On by
 * default so a `noPurchaseDays: 90` workflow works as `inactiveDays: 60` does: a threshold nobody listens to costs one
 * empty index Query a day (0.5 RCU) and the PutEvents of its crossings, nothing more.
 */
export const defaultNoPurchaseDays = [90, 180] as const;
export const defaultCatchUpDays = 30;

const dayList = z
  .string()
  .trim()
  .transform((text, ctx) => {
    if (text === 'off' || text === '') return [];
    const days = text.split(',').map((part) => Number(part.trim()));
    if (days.some((d) => !Number.isInteger(d) || d < 1 || d > 3660)) {
      ctx.addIssue({
        code: 'custom',
        message: 'must be whole numbers of days (1 to 3660) separated by commas, or off',
      });
      return z.NEVER;
    }
    return [...new Set(days)].sort((a, b) => a - b);
  });

const environment = z.object({
  INACTIVITY_DAYS: dayList.default([...defaultInactivityDays]),
  NO_PURCHASE_DAYS: dayList.default([...defaultNoPurchaseDays]),
  INACTIVITY_CATCH_UP_DAYS: z.coerce.number().int().min(1).max(366).default(defaultCatchUpDays),
});

export function loadInactivityConfig(env: NodeJS.ProcessEnv = process.env): InactivityConfig {
  const parsed = environment.safeParse(env);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid inactivity settings: ${fields}`);
  }
  return {
    thresholds: [
      ...parsed.data.INACTIVITY_DAYS.map((days) => ({ basis: 'activity' as const, days })),
      ...parsed.data.NO_PURCHASE_DAYS.map((days) => ({ basis: 'purchase' as const, days })),
    ],
    maxCatchUpDays: parsed.data.INACTIVITY_CATCH_UP_DAYS,
  };
}
