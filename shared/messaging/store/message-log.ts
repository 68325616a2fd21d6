import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { writeIfCondition } from '../../platform/dynamodb/conditional.js';
import { strOrNull } from '../../platform/dynamodb/items.js';
import { keys } from '../../platform/dynamodb/keys.js';
import type { MessageEvent, MessageRecord, StatusEntry } from '../core/model.js';
import type { MessageLog, MessageRef } from '../core/ports.js';
import { noteProblem } from './problems.js';

/** Provider events kept in a record's history; later ones still set the flags (a mail client opening 500 times). */
const maxHistory = 50;

/**
 * Message records as single-item conditional writes. The record (`SEND#<key>`) is the commit point of a send; the
 * time index (`MSG#<at>#<key>`) and the provider-id lookup (`MSG#<id>` / `MESSAGE`) are idempotent follow-ups.
 */
export class DynamoMessageLog implements MessageLog {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  /** `extra`: more attributes for the record, e.g. a held message's request and due time. */
  async claim(record: MessageRecord, extra: Readonly<Record<string, unknown>> = {}): Promise<boolean> {
    const { customerId, at, idempotencyKey } = record;
    // The index first: if the claim then fails, it was a duplicate whose index this put only repeats.
    await this.db.send(
      new PutCommand({
        TableName: this.table,
        Item: { ...keys.messageByTime(customerId, at, idempotencyKey), customerId, idempotencyKey, at },
      }),
    );
    return writeIfCondition(() =>
      this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...keys.messageRecord(customerId, idempotencyKey), ...record, ...extra },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
  }

  async release(record: MessageRecord): Promise<void> {
    const { customerId, at, idempotencyKey } = record;
    await writeIfCondition(() =>
      this.db.send(
        new DeleteCommand({
          TableName: this.table,
          Key: keys.messageRecord(customerId, idempotencyKey),
          ConditionExpression: '#status = :sending',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':sending': 'sending' },
        }),
      ),
    );
    await this.db.send(
      new DeleteCommand({ TableName: this.table, Key: keys.messageByTime(customerId, at, idempotencyKey) }),
    );
  }

  async markSent(record: MessageRecord, providerMessageId: string, at: string): Promise<void> {
    const { customerId, idempotencyKey, enrollmentId, step } = record;
    const recordKey = keys.messageRecord(customerId, idempotencyKey);
    // The lookup first, so that engagement arriving early already finds its way back.
    await this.db.send(
      new PutCommand({
        TableName: this.table,
        Item: { ...keys.message(providerMessageId), customerId, enrollmentId, step, idempotencyKey, record: recordKey },
      }),
    );
    const sent: StatusEntry = { status: 'sent', at };
    await writeIfCondition(() =>
      this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: recordKey,
          UpdateExpression: 'SET #status = :sent, providerMessageId = :id, history = list_append(history, :entry)',
          ConditionExpression: '#status = :sending',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':sent': 'sent',
            ':sending': 'sending',
            ':id': providerMessageId,
            ':entry': [sent],
          },
        }),
      ),
    );
  }

  async markFailed(record: MessageRecord, entry: StatusEntry): Promise<boolean> {
    return writeIfCondition(() =>
      this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: keys.messageRecord(record.customerId, record.idempotencyKey),
          UpdateExpression: 'SET #status = :failed, history = list_append(history, :entry)',
          ConditionExpression: '#status = :sending',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':failed': 'failed', ':sending': 'sending', ':entry': [entry] },
        }),
      ),
    );
  }

  noteProblem(message: MessageRef & Pick<MessageRecord, 'at'>): Promise<void> {
    return noteProblem(this.db, this.table, message);
  }

  /**
   * Appends a provider event (delivered, opened, clicked, bounced, complained) to the record of the message with
   * this provider id, once per event key, and sets its flag. No-op for messages Rekindle did not record.
   */
  async appendEvent(providerMessageId: string, event: MessageEvent): Promise<void> {
    const { Item: lookup } = await this.db.send(
      new GetCommand({ TableName: this.table, Key: keys.message(providerMessageId) }),
    );
    const customerId = strOrNull(lookup?.customerId);
    const idempotencyKey = strOrNull(lookup?.idempotencyKey);
    if (!customerId || !idempotencyKey) return;
    await this.appendToRecord(customerId, idempotencyKey, event);
  }

  /** The same, for a message known by its customer and idempotency key (an unsubscribe link names them). */
  async appendToRecord(customerId: string, idempotencyKey: string, event: MessageEvent): Promise<void> {
    const Key = keys.messageRecord(customerId, idempotencyKey);
    const entry: StatusEntry = {
      status: event.status,
      at: event.at,
      ...(event.detail ? { detail: event.detail } : {}),
    };
    const names = { '#flag': event.status };
    const appended = await writeIfCondition(() =>
      this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key,
          UpdateExpression: 'SET history = list_append(history, :entry), #flag = :true ADD eventKeys :keys',
          ConditionExpression:
            'attribute_exists(pk) AND (attribute_not_exists(eventKeys) OR NOT contains(eventKeys, :key)) AND size(history) < :max',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: {
            ':entry': [entry],
            ':true': true,
            ':keys': new Set([event.key]),
            ':key': event.key,
            ':max': maxHistory,
          },
        }),
      ),
    );
    if (appended) return;
    // A repeat, or a full history: the flag still counts (setting it again changes nothing).
    await writeIfCondition(() =>
      this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key,
          UpdateExpression: 'SET #flag = :true',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: { ':true': true },
        }),
      ),
    );
  }
}
