import { gunzipSync, gzipSync } from 'node:zlib';

/**
 * Documents the domain owns whole (a loyalty account, an enrollment) stored as gzipped JSON: ~5x smaller, and each
 * commit rewrites the item, so write units follow its size.
 */
export const pack = (value: unknown): Uint8Array => gzipSync(JSON.stringify(value));

/** Our own packed document; `T` is what `pack` was given (such items are only written by their store's commit). */
export const unpack = <T>(value: unknown): T =>
  JSON.parse(value instanceof Uint8Array ? gunzipSync(value).toString('utf8') : String(value));
