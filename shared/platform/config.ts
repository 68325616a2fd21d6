import * as z from 'zod';
import { parseDuration } from './duration.js';

/** The environment a function runs with, parsed once at cold start: a missing variable fails there, not per request. */
const configSchema = z.object({
  TABLE_NAME: z.string().min(1),
  EVENT_BUS_NAME: z.string().min(1).default('rekindle'),
  /** Local engine only: where the AWS SDK clients point instead of AWS. */
  DYNAMODB_ENDPOINT: z.url().optional(),
  EVENTBRIDGE_ENDPOINT: z.url().optional(),
  SES_ENDPOINT: z.url().optional(),
  /** How long after its last change an unordered cart with a contact is abandoned (ISO-8601; default PT1H). */
  CART_ABANDONED_AFTER: z
    .string()
    .refine((v) => parseDuration(v) !== null, 'must be an ISO-8601 duration such as PT1H')
    .optional(),
});

export type Config = z.infer<typeof configSchema>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid function environment: ${fields}`);
  }
  return parsed.data;
}
