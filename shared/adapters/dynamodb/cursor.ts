import { ValidationError } from '../../errors.js';

/** Opaque pagination cursors: a DynamoDB LastEvaluatedKey as base64url JSON. */
export const encodeCursor = (key: Record<string, unknown>): string =>
  Buffer.from(JSON.stringify(key)).toString('base64url');

/**
 * Decodes a cursor for a query over partition `pk`; anything else (garbage, or another customer's cursor) is a
 * ValidationError naming `query.cursor`, not a 500.
 */
export function decodeCursor(cursor: string | undefined, pk: string): Record<string, unknown> | undefined {
  if (!cursor) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = null;
  }
  if (typeof parsed !== 'object' || parsed === null || !('pk' in parsed) || parsed.pk !== pk) {
    throw new ValidationError([{ path: 'query.cursor', message: 'is not a cursor returned by this list' }]);
  }
  return Object.fromEntries(Object.entries(parsed));
}
