import { createHash } from 'node:crypto';

/** Normalised address for identity and suppression lookups: trimmed and lower-cased. */
export const normaliseAddress = (address: string): string => address.trim().toLowerCase();

/** SHA-256 of a normalised address: keys and suppression entries never hold the address itself. */
export const hashAddress = (address: string): string =>
  createHash('sha256').update(normaliseAddress(address)).digest('hex');

/** Stable JSON: object keys sorted, so equal content always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export const contentHash = (value: unknown, length = 24): string =>
  createHash('sha256').update(canonicalJson(value)).digest('hex').slice(0, length);
