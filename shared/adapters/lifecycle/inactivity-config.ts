import * as z from 'zod';
import type { InactivityThreshold } from '../../domain/lifecycle/inactivity.js';

/** The inactivity sweep's settings, from the environment (parsed once at cold start; a bad value names itself). */
export interface InactivityConfig {
  /** INACTIVITY_DAYS: days without activity that are announced, default 30,60,90; `off`: none. */
  readonly thresholds: readonly InactivityThreshold[];
  /** INACTIVITY_CATCH_UP_DAYS: how many missed days a sweep catches up at most, default 30. */
  readonly maxCatchUpDays: number;
}

export const defaultInactivityDays = [30, 60, 90] as const;

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
  INACTIVITY_CATCH_UP_DAYS: z.coerce.number().int().min(1).max(366).default(30),
});

export function loadInactivityConfig(env: NodeJS.ProcessEnv = process.env): InactivityConfig {
  const parsed = environment.safeParse(env);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid inactivity settings: ${fields}`);
  }
  return {
    thresholds: parsed.data.INACTIVITY_DAYS.map((days) => ({ basis: 'activity', days })),
    maxCatchUpDays: parsed.data.INACTIVITY_CATCH_UP_DAYS,
  };
}
