import * as z from 'zod';
import { ValidationError } from '../errors.js';

/** An EventBridge event as a Lambda target receives it. `detail` is parsed by the schema of its detail-type. */
export const eventEnvelope = z.object({
  version: z.string().optional(),
  id: z.string().min(1),
  'detail-type': z.string().min(1),
  source: z.string().min(1),
  account: z.string().optional(),
  time: z.iso.datetime({ offset: true }),
  region: z.string().optional(),
  resources: z.array(z.string()).optional(),
  detail: z.unknown(),
});

export type EventEnvelope = z.infer<typeof eventEnvelope>;

/** Parses what a Lambda target received; a malformed envelope is a ValidationError naming the field. */
export function parseEnvelope(event: unknown): EventEnvelope {
  const parsed = eventEnvelope.safeParse(event);
  if (!parsed.success) throw ValidationError.fromZod(parsed.error);
  return parsed.data;
}
