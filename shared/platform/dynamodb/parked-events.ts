import { createHash } from 'node:crypto';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { FieldIssue } from '../errors.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { type Item, numOrZero, strOrNull } from './items.js';

/** An event that could not be processed, kept with the reason (the DLQ that `GET /dlq` lists). */
export interface ParkedEvent {
  readonly route: string;
  readonly eventId: string;
  readonly detailType: string;
  readonly source: string;
  readonly parkedAt: string;
  readonly reason: string;
  readonly issues: readonly FieldIssue[];
  readonly attempts: number;
  /**
   * The event as received. Numbers JSON cannot hold (Infinity, NaN) come back as strings; an event too large for
   * one item comes back as `{ truncated: true, bytes, json }`, `json` being the start of its JSON text.
   */
  readonly event: unknown;
}

/**
 * DynamoDB items hold 400 KB (409,600 bytes, names included). The event's JSON gets what the capped other
 * attributes leave of this, so the item always fits.
 */
const maxItemBytes = 390_000;
const maxReasonChars = 2_000;
const maxIssueChars = 300;
const maxIssues = 20;
/** DynamoDB sort keys hold 1,024 bytes; a longer `route#eventId` is replaced by its hash. */
const maxSortKeyBytes = 1_024;

/**
 * Parked events live in the table, not only in SQS: they can be listed without consuming them, and they
 * survive locally too. One partition (`DLQ`), sorted by when they were parked, so a redelivery parks once (see `park`).
 * Parking never fails because of what the event holds: the event is kept as JSON text (a marshalled map would
 * refuse numbers beyond 2^53 or below 1e-130, Infinity, and more than 32 levels of nesting), and every text that
 * comes from the event is capped and made well-formed.
 */
export class ParkedEventStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
    /** Told of each event parked (the local engine counts them for `POST /settle`). */
    private readonly onParked?: (parked: ParkedEvent) => void,
  ) {}

  /**
   * Parks once per route and event: a marker (`K#<route>#<eventId>`) remembers when the latest attempt was parked,
   * and the record lives under its time (`T#<parkedAt>#...`), so the newest are one page of one query. A later
   * attempt replaces the earlier record.
   */
  async park(parked: ParkedEvent): Promise<void> {
    const item = toItem(parked);
    const ref = `${parked.route}#${parked.eventId}`;
    const { Attributes } = await this.db.send(
      new UpdateCommand({
        TableName: this.table,
        Key: { pk: dlqPartition, sk: sortKey(markerPrefix, ref) },
        UpdateExpression: 'SET timeKey = :timeKey',
        ExpressionAttributeValues: { ':timeKey': item.sk },
        ReturnValues: 'ALL_OLD',
      }),
    );
    await this.db.send(new PutCommand({ TableName: this.table, Item: item }));
    const earlier = strOrNull(Attributes?.timeKey);
    if (earlier !== null && earlier !== item.sk) {
      await this.db.send(new DeleteCommand({ TableName: this.table, Key: { pk: dlqPartition, sk: earlier } }));
    }
    this.onParked?.(parked);
  }

  /** The newest `limit`, newest first (one query, however many are parked). */
  async list(limit = 100): Promise<ParkedEvent[]> {
    return (await this.page(limit)).items;
  }

  /** Newest first, one page of `limit`; `nextCursor` for the next page (null after the last). */
  async page(limit = 100, cursor?: string): Promise<{ items: ParkedEvent[]; nextCursor: string | null }> {
    const page = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :dlq AND begins_with(sk, :time)',
        ExpressionAttributeValues: { ':dlq': dlqPartition, ':time': timePrefix },
        ScanIndexForward: false,
        Limit: limit,
        ExclusiveStartKey: decodeCursor(cursor, dlqPartition, timePrefix),
      }),
    );
    return {
      items: (page.Items ?? []).map(toParked),
      nextCursor: page.LastEvaluatedKey ? encodeCursor(page.LastEvaluatedKey) : null,
    };
  }
}

const dlqPartition = 'DLQ';
const markerPrefix = 'K#';
/** Records sort by the time they were parked: `T#<parkedAt>#<route>#<eventId>`. */
export const timePrefix = 'T#';

function toItem(parked: ParkedEvent): Item {
  const item: Item = {
    pk: dlqPartition,
    sk: sortKey(`${timePrefix}${text(parked.parkedAt, maxIssueChars)}#`, `${parked.route}#${parked.eventId}`),
    route: text(parked.route, maxIssueChars),
    eventId: text(parked.eventId, maxIssueChars),
    detailType: text(parked.detailType, maxIssueChars),
    source: text(parked.source, maxIssueChars),
    parkedAt: text(parked.parkedAt, maxIssueChars),
    reason: text(parked.reason, maxReasonChars),
    issues: parked.issues
      .slice(0, maxIssues)
      .map((i) => ({ path: text(i.path, maxIssueChars), message: text(i.message, maxIssueChars) })),
    attempts: Number.isSafeInteger(parked.attempts) ? parked.attempts : 0,
  };
  return { ...item, ...eventAttributes(parked.event, maxItemBytes - Buffer.byteLength(JSON.stringify(item))) };
}

/** Capped, and with lone surrogates replaced: DynamoDB stores strings as UTF-8. */
function text(value: string, maxChars: number): string {
  const wellFormed = toWellFormed(value);
  return wellFormed.length <= maxChars ? wellFormed : `${wellFormed.slice(0, maxChars)}…`;
}

/** String.prototype.toWellFormed (ES2024): in a `u` regex, only an unpaired surrogate matches \p{Surrogate}. */
const toWellFormed = (value: string): string => value.replace(/\p{Surrogate}/gu, '\uFFFD');

/** `prefix` + `key`, the key replaced by its hash when the whole would not fit a sort key (the prefix orders it). */
function sortKey(prefix: string, key: string): string {
  const wellFormed = toWellFormed(key);
  if (Buffer.byteLength(prefix + wellFormed) <= maxSortKeyBytes) return prefix + wellFormed;
  return `${prefix}sha256:${createHash('sha256').update(wellFormed).digest('hex')}`;
}

/** The event as JSON text: `eventJson`, plus `eventBytes` (its full size) when it had to be cut to `maxBytes`. */
function eventAttributes(event: unknown, maxBytes: number): Item {
  let json: string;
  try {
    json = JSON.stringify(event, keepUnusualNumbers) ?? 'null';
  } catch (error) {
    // A cycle, or nesting deeper than the stack: EventBridge delivers neither, but parking must still work.
    json = JSON.stringify({ unserialisable: error instanceof Error ? error.message : String(error) });
  }
  const bytes = Buffer.byteLength(json);
  if (bytes <= maxBytes) return { eventJson: json };
  // Cut at a character boundary: encodeInto reports how much of the text fits whole.
  const { read } = new TextEncoder().encodeInto(json, new Uint8Array(maxBytes));
  return { eventJson: json.slice(0, read), eventBytes: bytes };
}

/** JSON has no Infinity or NaN (stringify would write null) and no BigInt (stringify would throw). */
function keepUnusualNumbers(_key: string, value: unknown): unknown {
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return typeof value === 'bigint' ? value.toString() : value;
}

function toParked(i: Item): ParkedEvent {
  const issues = Array.isArray(i.issues)
    ? i.issues.map((x: unknown) => {
        const o = typeof x === 'object' && x !== null ? x : {};
        return {
          path: 'path' in o ? String(o.path) : '',
          message: 'message' in o ? String(o.message) : '',
        };
      })
    : [];
  return {
    route: strOrNull(i.route) ?? '',
    eventId: strOrNull(i.eventId) ?? '',
    detailType: strOrNull(i.detailType) ?? '',
    source: strOrNull(i.source) ?? '',
    parkedAt: strOrNull(i.parkedAt) ?? '',
    reason: strOrNull(i.reason) ?? '',
    issues,
    attempts: numOrZero(i.attempts),
    event: eventOf(i),
  };
}

function eventOf(i: Item): unknown {
  // Events parked before they were kept as JSON text are a marshalled map.
  if (typeof i.eventJson !== 'string') return i.event;
  if (i.eventBytes !== undefined) return { truncated: true, bytes: numOrZero(i.eventBytes), json: i.eventJson };
  try {
    return JSON.parse(i.eventJson);
  } catch {
    return { truncated: true, bytes: Buffer.byteLength(i.eventJson), json: i.eventJson };
  }
}
