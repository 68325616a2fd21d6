import { type DynamoDBDocumentClient, GetCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { InactivityStore, SilentCustomer } from '../../domain/lifecycle/inactivity.js';
import { batchGetAll } from './batch-get.js';
import { writeIfCondition } from './conditional.js';
import { keys } from './keys.js';
import { queryAll } from './query-all.js';

/** Customers by last-active day (GSI `byActiveDay`, keys only), then their profiles' last-activity instant. */
export class DynamoInactivityStore implements InactivityStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async lastActiveOn(day: string): Promise<readonly SilentCustomer[]> {
    const keysOnDay = await queryAll(this.db, {
      TableName: this.table,
      IndexName: 'byActiveDay',
      KeyConditionExpression: 'activeDay = :day',
      ExpressionAttributeValues: { ':day': day },
    });
    const profiles = await batchGetAll(
      this.db,
      this.table,
      keysOnDay.flatMap((k) => (typeof k.pk === 'string' ? [{ pk: k.pk, sk: 'PROFILE' }] : [])),
      { ProjectionExpression: 'customerId, lastActiveAt, activeDay' },
    );
    // The index is eventually consistent: a customer active since then is no longer silent.
    return profiles.flatMap((p) =>
      p.activeDay === day && typeof p.customerId === 'string' && typeof p.lastActiveAt === 'string'
        ? [{ customerId: p.customerId, lastActiveAt: p.lastActiveAt }]
        : [],
    );
  }

  async lastSweptDay(): Promise<string | null> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.table, Key: keys.inactivitySweep(), ConsistentRead: true }),
    );
    return typeof Item?.lastDay === 'string' ? Item.lastDay : null;
  }

  async markSwept(day: string): Promise<void> {
    await writeIfCondition(() =>
      this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: keys.inactivitySweep(),
          UpdateExpression: 'SET lastDay = :day',
          ConditionExpression: 'attribute_not_exists(lastDay) OR lastDay < :day',
          ExpressionAttributeValues: { ':day': day },
        }),
      ),
    );
  }

  /**
   * The distinct last-active days from `day` on. Reads the whole (keys-only) index: for the local engine's clock only,
   * to know at which midnight a clock jump must stop; the sweep itself never scans.
   */
  async activeDaysFrom(day: string): Promise<Set<string>> {
    const days = new Set<string>();
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new ScanCommand({
          TableName: this.table,
          IndexName: 'byActiveDay',
          ProjectionExpression: 'activeDay',
          FilterExpression: 'activeDay >= :day',
          ExpressionAttributeValues: { ':day': day },
          ExclusiveStartKey,
        }),
      );
      for (const item of page.Items ?? []) if (typeof item.activeDay === 'string') days.add(item.activeDay);
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return days;
  }
}
