import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { batchGetAll } from '../../platform/dynamodb/batch-get.js';
import { decodeCursor, encodeCursor } from '../../platform/dynamodb/cursor.js';
import { type Item, numOrZero, objectOf, strOrNull } from '../../platform/dynamodb/items.js';
import { customerPk, keys, sortPrefix } from '../../platform/dynamodb/keys.js';
import type { Engagement } from '../../workflow/core/interpreter/types.js';
import { channels } from '../../workflow/core/schema/workflow-steps.js';
import {
  currentStatus,
  type MessagePage,
  type MessageRecord,
  type MessageStatus,
  type StatusEntry,
} from '../core/model.js';
import type { EngagementReader, MessageReader } from '../core/ports.js';
import { DynamoProblems } from './problems.js';

/** The read side of message records: a customer's messages newest first, and an enrollment's engagement. */
export class DynamoMessageReader implements MessageReader, EngagementReader {
  private readonly failed: DynamoProblems;

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {
    this.failed = new DynamoProblems(db, table);
  }

  problems(limit: number): Promise<readonly MessageRecord[]> {
    return this.failed.problems(limit);
  }

  async messages(customerId: string, limit: number, cursor?: string): Promise<MessagePage> {
    const pk = customerPk(customerId);
    const page = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :msg)',
        ExpressionAttributeValues: { ':pk': pk, ':msg': sortPrefix.messageByTime },
        ScanIndexForward: false,
        Limit: limit,
        ExclusiveStartKey: decodeCursor(cursor, pk, sortPrefix.messageByTime),
      }),
    );
    const recordKeys = (page.Items ?? []).flatMap((index) => {
      const key = strOrNull(index.idempotencyKey);
      return key === null ? [] : [keys.messageRecord(customerId, key)];
    });
    const records = new Map(
      (await batchGetAll(this.db, this.table, recordKeys)).map((record) => [String(record.sk), record]),
    );
    // In the index's order; an index entry whose claim was never written (or was released) shows nothing.
    const items = recordKeys.flatMap(({ sk }) => {
      const record = records.get(sk);
      return record ? [toRecord(record)] : [];
    });
    return { items, nextCursor: page.LastEvaluatedKey ? encodeCursor(page.LastEvaluatedKey) : null };
  }

  async engagementFor(customerId: string, enrollmentId: string): Promise<Readonly<Record<string, Engagement>>> {
    const byStep: Record<string, Engagement> = {};
    let ExclusiveStartKey: Item | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.table,
          // Keys are `<enrollmentId>:<step>:<visit>`; the filter keeps out an enrollment whose id extends this one.
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          FilterExpression: 'enrollmentId = :enrollment',
          ProjectionExpression: 'step, delivered, opened, clicked',
          ExpressionAttributeValues: {
            ':pk': customerPk(customerId),
            ':prefix': `${sortPrefix.messageRecord}${enrollmentId}:`,
            ':enrollment': enrollmentId,
          },
          ExclusiveStartKey,
        }),
      );
      for (const item of page.Items ?? []) {
        const step = strOrNull(item.step);
        if (step === null) continue;
        // A click proves the open (images may be blocked), an open proves the delivery; any visit of the step counts.
        const clicked = item.clicked === true || byStep[step]?.clicked === true;
        const opened = clicked || item.opened === true || byStep[step]?.opened === true;
        const delivered = opened || item.delivered === true || byStep[step]?.delivered === true;
        byStep[step] = { delivered, opened, clicked };
      }
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return byStep;
  }
}

const statuses: readonly MessageStatus[] = [
  'sending',
  'scheduled',
  'sent',
  'skipped',
  'failed',
  'delivered',
  'opened',
  'clicked',
  'unsubscribed',
  'bounced',
  'complained',
];

function toHistory(value: unknown): StatusEntry[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((raw: unknown) => {
    const e = objectOf(raw);
    const status = statuses.find((s) => s === e.status);
    const at = strOrNull(e.at);
    if (!status || !at) return [];
    const detail = strOrNull(e.detail);
    return [detail === null ? { status, at } : { status, at, detail }];
  });
}

export function toRecord(item: Item): MessageRecord {
  const workflow = objectOf(item.workflow);
  const coupon = objectOf(item.coupon);
  const couponCode = strOrNull(coupon.code);
  const history = toHistory(item.history);
  const fallback = objectOf(item.localeFallback);
  const customerLocale = strOrNull(fallback.customerLocale);
  const templateLocale = strOrNull(fallback.templateLocale);
  return {
    idempotencyKey: strOrNull(item.idempotencyKey) ?? '',
    customerId: strOrNull(item.customerId) ?? '',
    at: strOrNull(item.at) ?? '',
    channel: channels.find((c) => c === item.channel) ?? null,
    template: strOrNull(item.template) ?? '',
    locale: strOrNull(item.locale),
    contentHash: strOrNull(item.contentHash),
    workflow: { id: strOrNull(workflow.id) ?? '', version: numOrZero(workflow.version) },
    step: strOrNull(item.step) ?? '',
    enrollmentId: strOrNull(item.enrollmentId) ?? '',
    providerMessageId: strOrNull(item.providerMessageId),
    coupon: couponCode ? { code: couponCode, expiresAt: strOrNull(coupon.expiresAt) ?? '' } : null,
    localeFallback: customerLocale && templateLocale ? { customerLocale, templateLocale } : null,
    status: currentStatus(history),
    history,
  };
}
