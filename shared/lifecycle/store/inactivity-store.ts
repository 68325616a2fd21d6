import { type DynamoDBDocumentClient, GetCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { batchGetAll } from '../../platform/dynamodb/batch-get.js';
import { writeIfCondition } from '../../platform/dynamodb/conditional.js';
import { keys } from '../../platform/dynamodb/keys.js';
import { queryAll } from '../../platform/dynamodb/query-all.js';
import type { InactivityBasis, InactivityStore, SilentCustomer } from '../core/inactivity.js';

/**
 * Per basis, the sparse keys-only index of profiles by day (the profile writer sets the day with the instant: `touch`
 * for activity, the last order for purchase), and the instant the announcement is timed from.
 */
const byBasis = {
  activity: { index: 'byActiveDay', day: 'activeDay', instant: 'lastActiveAt' },
  purchase: { index: 'byOrderDay', day: 'orderDay', instant: 'lastOrderAt' },
} as const satisfies Record<InactivityBasis, { index: string; day: string; instant: string }>;

/** Customers by the day of their last activity or order (keys-only GSIs), then that instant from their profiles. */
export class DynamoInactivityStore implements InactivityStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async lastOn(basis: InactivityBasis, day: string): Promise<readonly SilentCustomer[]> {
    const { index, day: dayAttribute, instant } = byBasis[basis];
    const keysOnDay = await queryAll(this.db, {
      TableName: this.table,
      IndexName: index,
      KeyConditionExpression: '#day = :day',
      ExpressionAttributeNames: { '#day': dayAttribute },
      ExpressionAttributeValues: { ':day': day },
    });
    const profiles = await batchGetAll(
      this.db,
      this.table,
      keysOnDay.flatMap((k) => (typeof k.pk === 'string' ? [{ pk: k.pk, sk: 'PROFILE' }] : [])),
      {
        ProjectionExpression: 'customerId, #day, #instant',
        ExpressionAttributeNames: { '#day': dayAttribute, '#instant': instant },
      },
    );
    // The index is eventually consistent: a customer active (or ordering) since then is no longer silent.
    return profiles.flatMap((p) => {
      const lastAt = p[instant];
      return p[dayAttribute] === day && typeof p.customerId === 'string' && typeof lastAt === 'string'
        ? [{ customerId: p.customerId, lastAt }]
        : [];
    });
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
   * The distinct days of last activity (or last order) from `day` on. Reads the whole (keys-only) index: for the local
   * engine's clock only, to know at which midnight a clock jump must stop; the sweep itself never scans.
   */
  async lastDaysFrom(basis: InactivityBasis, day: string): Promise<Set<string>> {
    const { index, day: dayAttribute } = byBasis[basis];
    const days = new Set<string>();
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new ScanCommand({
          TableName: this.table,
          IndexName: index,
          ProjectionExpression: '#day',
          FilterExpression: '#day >= :day',
          ExpressionAttributeNames: { '#day': dayAttribute },
          ExpressionAttributeValues: { ':day': day },
          ExclusiveStartKey,
        }),
      );
      for (const item of page.Items ?? []) {
        const found = item[dayAttribute];
        if (typeof found === 'string') days.add(found);
      }
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return days;
  }
}
