import { parseCsv } from '../../platform/csv.js';

/** One customer of an approved purge list; `lastActiveAt` when the list came from `rekindle inactive`. */
export interface PurgeListEntry {
  readonly customerId: string;
  readonly lastActiveAt: string | null;
}

export class PurgeListError extends Error {
  override name = 'PurgeListError';
}

/**
 * Reads the list a marketer reviewed: the JSON or CSV `rekindle inactive` writes (its `customerId` and `lastActiveAt`
 * columns; others are ignored), a JSON array of ids, or one id per line. Duplicates are dropped; errors name the line.
 */
export function parsePurgeList(text: string): PurgeListEntry[] {
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  if (trimmed === '') throw new PurgeListError('the list is empty');
  const entries = trimmed.startsWith('[') ? fromJson(trimmed) : fromLines(trimmed);
  const seen = new Set<string>();
  return entries.filter((e) => !seen.has(e.customerId) && seen.add(e.customerId));
}

function fromJson(text: string): PurgeListEntry[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new PurgeListError(`not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!Array.isArray(parsed)) throw new PurgeListError('a JSON list must be an array');
  return parsed.map((item, i) => {
    if (typeof item === 'string') return entry(item, null, `item ${i + 1}`);
    if (typeof item !== 'object' || item === null) throw new PurgeListError(`item ${i + 1}: not an id or an object`);
    const customerId = Reflect.get(item, 'customerId');
    const lastActiveAt = Reflect.get(item, 'lastActiveAt');
    if (typeof customerId !== 'string') throw new PurgeListError(`item ${i + 1}: customerId is missing`);
    return entry(customerId, typeof lastActiveAt === 'string' ? lastActiveAt : null, `item ${i + 1}`);
  });
}

function fromLines(text: string): PurgeListEntry[] {
  const records = parseCsv(text).filter((r) => r.some((cell) => cell.trim() !== ''));
  const header = records[0]?.map((cell) => cell.trim()) ?? [];
  const idColumn = header.indexOf('customerId');
  if (idColumn < 0) {
    // One id per line.
    return records.map((r, i) => entry(r.join(',').trim(), null, `line ${i + 1}`));
  }
  const activeColumn = header.indexOf('lastActiveAt');
  return records.slice(1).map((r, i) => {
    const lastActiveAt = activeColumn >= 0 ? (r[activeColumn]?.trim() ?? '') : '';
    return entry(r[idColumn]?.trim() ?? '', lastActiveAt === '' ? null : lastActiveAt, `line ${i + 2}`);
  });
}

function entry(customerId: string, lastActiveAt: string | null, where: string): PurgeListEntry {
  if (customerId === '') throw new PurgeListError(`${where}: customerId is empty`);
  if (customerId.length > 256 || /\s/.test(customerId)) {
    throw new PurgeListError(`${where}: "${customerId.slice(0, 40)}" is not a customer id`);
  }
  if (lastActiveAt !== null && Number.isNaN(Date.parse(lastActiveAt))) {
    throw new PurgeListError(`${where}: lastActiveAt "${lastActiveAt}" is not an ISO time`);
  }
  return { customerId, lastActiveAt };
}

/**
 * Whether a customer came back after the list was made (their last activity is later than the list's): such a
 * customer is left alone, the approval was for someone silent.
 */
export const activeSinceListed = (entry: PurgeListEntry, lastActiveAt: string | null): boolean =>
  entry.lastActiveAt !== null && lastActiveAt !== null && Date.parse(lastActiveAt) > Date.parse(entry.lastActiveAt);
