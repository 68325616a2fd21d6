import * as z from 'zod';
import { ValidationError } from '../platform/errors.js';

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

/**
 * Parses `{ type: detail-type, detail }` with a discriminated union of detail schemas, so the result narrows by
 * type; errors name fields as the sender knows them (`detail-type`, `detail.items[0].price`).
 */
export function parseTypedDetail<T>(union: z.ZodType<T>, envelope: EventEnvelope): T {
  const parsed = union.safeParse({ type: envelope['detail-type'], detail: envelope.detail });
  if (parsed.success) return parsed.data;
  const error = ValidationError.fromZod(parsed.error);
  const issues = error.issues.map((i) => (i.path === 'type' ? { ...i, path: 'detail-type' } : i));
  throw new ValidationError(issues, { cause: parsed.error });
}
