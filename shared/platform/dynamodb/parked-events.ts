import { type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { FieldIssue } from '../errors.js';
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
  readonly event: unknown;
}

/**
 * Parked events live in the table, not only in SQS: they can be listed without consuming them, and they
 * survive locally too. One partition (`DLQ`), keyed by route and event id, so a redelivery parks once.
 */
export class ParkedEventStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async park(parked: ParkedEvent): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.table,
        Item: { pk: 'DLQ', sk: `${parked.route}#${parked.eventId}`, ...parked },
      }),
    );
  }

  /** Newest first. */
  async list(limit = 100): Promise<ParkedEvent[]> {
    const items: Item[] = [];
    let ExclusiveStartKey: Item | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'pk = :dlq',
          ExpressionAttributeValues: { ':dlq': 'DLQ' },
          ExclusiveStartKey,
        }),
      );
      items.push(...(page.Items ?? []));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return items
      .map(toParked)
      .sort((a, b) => (a.parkedAt < b.parkedAt ? 1 : -1))
      .slice(0, limit);
  }
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
    event: i.event,
  };
}
