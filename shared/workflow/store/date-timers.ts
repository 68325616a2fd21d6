import { DeleteCommand, type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { dueKeys, dueShardOf, earliestDue } from '../../platform/dynamodb/due-shards.js';
import { customerPk } from '../../platform/dynamodb/keys.js';
import type { DateTimer, DateTimerStore } from '../core/executor/ports.js';

const dateTimerDue = { kind: 'wfdate', shards: 4 };
const prefix = 'DATE#';

/** `CUST#<id>` / `DATE#<workflowId>`: when a date-triggered workflow next enrols the customer (on `byDue`). */
export class DynamoDateTimers implements DateTimerStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async get(customerId: string, workflowId: string): Promise<DateTimer | null> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.table, Key: timerKey(customerId, workflowId), ConsistentRead: true }),
    );
    return Item ? toTimer(Item) : null;
  }

  async set(customerId: string, workflowId: string, next: { at: string; day: string } | null): Promise<void> {
    if (next === null) {
      await this.db.send(new DeleteCommand({ TableName: this.table, Key: timerKey(customerId, workflowId) }));
      return;
    }
    await this.db.send(
      new PutCommand({
        TableName: this.table,
        Item: {
          ...timerKey(customerId, workflowId),
          customerId,
          workflowId,
          at: next.at,
          day: next.day,
          dueShard: dueShardOf(dateTimerDue.kind, dateTimerDue.shards, `${customerId}#${workflowId}`),
          dueAt: next.at,
        },
      }),
    );
  }

  async due(now: string): Promise<DateTimer[]> {
    const keys = await dueKeys(this.db, this.table, dateTimerDue, now);
    const timers: DateTimer[] = [];
    for (const { pk, sk } of keys) {
      // The index may lag a rewrite: read the item itself for its current time.
      const timer = await this.get(pk.slice('CUST#'.length), sk.slice(prefix.length));
      if (timer && timer.at <= now) timers.push(timer);
    }
    return timers;
  }

  earliestDueAt(after: string): Promise<string | null> {
    return earliestDue(this.db, this.table, dateTimerDue, after);
  }
}

const timerKey = (customerId: string, workflowId: string) => ({
  pk: customerPk(customerId),
  sk: `${prefix}${workflowId}`,
});

function toTimer(item: Record<string, unknown>): DateTimer {
  return {
    customerId: String(item.customerId),
    workflowId: String(item.workflowId),
    at: String(item.at),
    day: String(item.day),
  };
}
