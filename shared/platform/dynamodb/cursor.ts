import { ValidationError } from '../errors.js';

/** Opaque pagination cursors: a DynamoDB LastEvaluatedKey as base64url JSON. */
export const encodeCursor = (key: Record<string, unknown>): string =>
  Buffer.from(JSON.stringify(key)).toString('base64url');

const keyAttributes = new Set(['pk', 'sk', 'tlSort']);

/**
 * Decodes a cursor for a query over partition `pk` (and sort keys starting with `skPrefix`); anything else
 * (garbage, another customer's cursor, foreign attributes) is a ValidationError naming `query.cursor`, not a 500.
 */
export function decodeCursor(
  cursor: string | undefined,
  pk: string,
  skPrefix = '',
): Record<string, unknown> | undefined {
  if (!cursor) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = null;
  }
  const entries = typeof parsed === 'object' && parsed !== null ? Object.entries(parsed) : [];
  const key = Object.fromEntries(entries);
  const valid =
    entries.length > 0 &&
    entries.every(([name, value]) => keyAttributes.has(name) && typeof value === 'string') &&
    key.pk === pk &&
    typeof key.sk === 'string' &&
    key.sk.startsWith(skPrefix);
  if (!valid) throw new ValidationError([{ path: 'query.cursor', message: 'is not a cursor returned by this list' }]);
  return key;
}
