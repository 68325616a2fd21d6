import type * as z from 'zod';
import { ValidationError } from '../errors.js';

/** Parses request input; a ValidationError names each bad field under `where` (`query.limit`, `body.points`). */
export function parseOrThrow<T>(schema: z.ZodType<T>, value: unknown, where: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw ValidationError.fromZod(parsed.error, where);
  return parsed.data;
}
