/** Documents as the functions pass them to the document client, and their size by DynamoDB's rules. */

export function isRecord(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof Uint8Array) &&
    !(value instanceof Set)
  );
}

/**
 * An item's size by DynamoDB's rules, from the document form the functions pass (before marshalling):
 * attribute names plus values; strings as UTF-8; numbers about 1 byte per 2 digits plus 1; 1 byte for booleans and
 * null; lists and maps 3 bytes plus 1 per element. Close enough to tell 1 KB boundaries apart.
 */
export function itemSize(item: Readonly<Record<string, unknown>>): number {
  let size = 0;
  for (const [name, value] of Object.entries(item)) {
    if (value === undefined) continue;
    size += Buffer.byteLength(name) + valueSize(value);
  }
  return size;
}

function valueSize(value: unknown): number {
  if (typeof value === 'string') return Buffer.byteLength(value);
  if (typeof value === 'number' || typeof value === 'bigint') {
    const digits = String(value)
      .replace(/[-.]|e.*$/gi, '')
      .replace(/^0+/, '').length;
    return 1 + Math.ceil(Math.max(digits, 1) / 2);
  }
  if (typeof value === 'boolean' || value === null) return 1;
  if (value instanceof Set) return [...value].reduce<number>((sum, v) => sum + valueSize(v), 0);
  if (value instanceof Uint8Array) return value.byteLength;
  if (Array.isArray(value)) return 3 + value.reduce<number>((sum, v) => sum + 1 + valueSize(v), 0);
  if (isRecord(value)) return 3 + Object.keys(value).length + itemSize(value);
  return 0;
}
