import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { writeIfCondition } from '../../platform/dynamodb/conditional.js';
import { dueKeys, dueShardOf, earliestDue } from '../../platform/dynamodb/due-shards.js';
import { keys } from '../../platform/dynamodb/keys.js';
import { channels } from '../../workflow/core/schema/workflow-steps.js';
import type { MessageRecord, StatusEntry } from '../core/model.js';
import type { HeldMessage, HeldMessageStore, MessageRef, SendRequest } from '../core/ports.js';
import { DynamoMessageLog } from './message-log.js';

const heldDue = { kind: 'msg', shards: 4 };

// The request as `hold` stored it, checked on the way back rather than cast.
const channel = z.enum(channels);
const storedRequest = z.object({
  idempotencyKey: z.string(),
  customerId: z.string(),
  channel,
  fallback: channel.nullable(),
  template: z.string(),
  offer: z
    .object({
      coupon: z.union([
        z.object({ percent: z.number(), expiresIn: z.string() }),
        z.object({ amount: z.number(), expiresIn: z.string() }),
      ]),
    })
    .nullable(),
  workflow: z.object({
    id: z.string(),
    version: z.number(),
    priority: z.number(),
    maxMessagesPerDay: z.number().optional(),
  }),
  enrollmentId: z.string(),
  step: z.string(),
  key: z.string().nullable(),
  at: z.string(),
});

/**
 * Held messages are message records (`CUST#<id>` / `SEND#<key>`) in status `scheduled` that carry their request and
 * ride on `byDue` (`msg#<n>`) until sent or skipped. Every change is a conditional write on the status, so two
 * sweeps never both send one.
 */
export class DynamoHeldMessages implements HeldMessageStore {
  private readonly log: DynamoMessageLog;

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {
    this.log = new DynamoMessageLog(db, table);
  }

  hold(record: MessageRecord, request: SendRequest, dueAt: string): Promise<boolean> {
    const dueShard = dueShardOf(heldDue.kind, heldDue.shards, record.idempotencyKey);
    return this.log.claim(record, { request, dueShard, dueAt });
  }

  async due(now: string): Promise<HeldMessage[]> {
    const held: HeldMessage[] = [];
    for (const key of await dueKeys(this.db, this.table, heldDue, now)) {
      // The index may lag a claim or a reschedule: the item itself says whether it is still held and due.
      const { Item } = await this.db.send(new GetCommand({ TableName: this.table, Key: key, ConsistentRead: true }));
      if (Item?.status !== 'scheduled' || typeof Item.dueAt !== 'string' || Item.dueAt > now) continue;
      const request = storedRequest.safeParse(Item.request);
      if (!request.success) throw new Error(`held message ${key.sk}: stored request unreadable: ${request.error}`);
      held.push({
        request: request.data,
        dueAt: Item.dueAt,
        attempts: typeof Item.attempts === 'number' ? Item.attempts : 0,
      });
    }
    return held;
  }

  earliestDueAt(after: string): Promise<string | null> {
    return earliestDue(this.db, this.table, heldDue, after);
  }

  claim(record: MessageRecord): Promise<boolean> {
    return this.update(record, 'scheduled', {
      set: {
        status: 'sending',
        channel: record.channel,
        locale: record.locale,
        contentHash: record.contentHash,
        coupon: record.coupon,
      },
      offIndex: true,
    });
  }

  reschedule(message: MessageRef, from: 'scheduled' | 'sending', dueAt: string, entry: StatusEntry): Promise<boolean> {
    const dueShard = dueShardOf(heldDue.kind, heldDue.shards, message.idempotencyKey);
    return this.update(message, from, { set: { status: 'scheduled', dueShard, dueAt }, entry, offIndex: false });
  }

  retry(record: MessageRecord, request: SendRequest, dueAt: string, attempts: number, entry: StatusEntry) {
    const dueShard = dueShardOf(heldDue.kind, heldDue.shards, record.idempotencyKey);
    return this.update(record, 'sending', {
      set: { status: 'scheduled', dueShard, dueAt, request, attempts },
      entry,
      offIndex: false,
    });
  }

  skip(message: MessageRef, from: 'scheduled' | 'sending', entry: StatusEntry): Promise<boolean> {
    return this.update(message, from, { set: { status: 'skipped' }, entry, offIndex: true });
  }

  fail(message: MessageRef, from: 'scheduled' | 'sending', entry: StatusEntry): Promise<boolean> {
    return this.update(message, from, { set: { status: 'failed' }, entry, offIndex: true });
  }

  /** One conditional update of the record: from status `from`, these fields set, an entry appended. */
  private update(
    message: MessageRef,
    from: 'scheduled' | 'sending',
    change: { set: Record<string, unknown>; entry?: StatusEntry; offIndex: boolean },
  ): Promise<boolean> {
    const names: Record<string, string> = { '#status': 'status' };
    const values: Record<string, unknown> = { ':from': from };
    const sets = Object.entries(change.set).map(([name, value], i) => {
      names[`#f${i}`] = name;
      values[`:f${i}`] = value;
      return `#f${i} = :f${i}`;
    });
    if (change.entry) {
      sets.push('history = list_append(history, :entry)');
      values[':entry'] = [change.entry];
    }
    return writeIfCondition(() =>
      this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: keys.messageRecord(message.customerId, message.idempotencyKey),
          UpdateExpression: `SET ${sets.join(', ')}${change.offIndex ? ' REMOVE dueShard, dueAt' : ''}`,
          ConditionExpression: '#status = :from',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      ),
    );
  }
}
