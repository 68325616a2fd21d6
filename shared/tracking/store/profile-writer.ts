import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure, writeIfCondition } from '../../platform/dynamodb/conditional.js';
import { keys } from '../../platform/dynamodb/keys.js';
import type { OrderRecord, ProfileChange, RefundRecord } from '../core/model.js';
import { isAnonymousCustomerId } from '../core/model.js';
import { mergeProfile } from '../core/profile-merge.js';

const maxVersionConflicts = 25;

/** The profile item: fields merged per field by event time, counters made exact by sets of applied keys. */
export class ProfileWriter {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  /** Read, merge per field, write if nobody wrote in between (optimistic `version`); retried on conflict. */
  async apply(customerId: string, change: ProfileChange): Promise<void> {
    for (let attempt = 0; attempt < maxVersionConflicts; attempt++) {
      const { Item } = await this.db.send(
        new GetCommand({
          TableName: this.table,
          Key: keys.profile(customerId),
          ProjectionExpression: 'fieldTimes, version',
        }),
      );
      const version = typeof Item?.version === 'number' ? Item.version : 0;
      const update = mergeProfile(fieldTimesOf(Item?.fieldTimes), change);
      if (update === null) return;
      const names: Record<string, string> = { '#fieldTimes': 'fieldTimes', '#version': 'version' };
      const values: Record<string, unknown> = {
        ':fieldTimes': update.fieldTimes,
        ':next': version + 1,
        ':version': version,
        ':cid': customerId,
      };
      const sets = ['customerId = :cid', '#fieldTimes = :fieldTimes', '#version = :next'];
      const removes: string[] = [];
      Object.entries(update.set).forEach(([attribute, value], i) => {
        names[`#f${i}`] = attribute;
        if (value === null) removes.push(`#f${i}`);
        else {
          values[`:f${i}`] = value;
          sets.push(`#f${i} = :f${i}`);
        }
      });
      const written = await writeIfCondition(() =>
        this.db.send(
          new UpdateCommand({
            TableName: this.table,
            Key: keys.profile(customerId),
            UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
            ConditionExpression: 'attribute_not_exists(#version) OR #version = :version',
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
          }),
        ),
      );
      if (written) return;
      // Lost the race: wait a little (jittered, growing) so concurrent writers spread out.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(200, 5 * 2 ** attempt)));
    }
    throw new Error(`Profile ${customerId}: too many concurrent updates, will be retried`);
  }

  /** Last-active time only moves forward; the day index feeds inactivity sweeps (known customers only). */
  async touch(customerId: string, at: string): Promise<void> {
    const indexed = !isAnonymousCustomerId(customerId);
    await writeIfCondition(() =>
      this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: keys.profile(customerId),
          UpdateExpression: `SET customerId = :cid, lastActiveAt = :at${indexed ? ', activeDay = :day' : ''}`,
          ConditionExpression: 'attribute_not_exists(lastActiveAt) OR lastActiveAt < :at',
          ExpressionAttributeValues: { ':cid': customerId, ':at': at, ...(indexed ? { ':day': at.slice(0, 10) } : {}) },
        }),
      ),
    );
  }

  /** Commit point of an order: counters and the set of counted order ids change together, once per order. */
  async addOrder(customerId: string, order: OrderRecord): Promise<void> {
    // The commit also sets the first order time when there is none, and returns the item, so the common case
    // (orders arriving in order) needs one follow-up write (the last order time), not two.
    let stored: Record<string, unknown> | undefined;
    try {
      const { Attributes } = await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: keys.profile(customerId),
          UpdateExpression:
            'SET customerId = :cid, firstOrderAt = if_not_exists(firstOrderAt, :at) ' +
            'ADD orderCount :one, revenue :total, orderKeys :keys',
          ConditionExpression: 'attribute_not_exists(orderKeys) OR NOT contains(orderKeys, :key)',
          ExpressionAttributeValues: {
            ':cid': customerId,
            ':at': order.at,
            ':one': 1,
            ':total': order.total,
            ':keys': new Set([order.orderId]),
            ':key': order.orderId,
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      stored = Attributes;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
    // First and last order times move only outwards, so any delivery order ends in the same values. After a
    // redelivery (`stored` unknown: maybe a retry after a crash) both are re-applied; they are conditional.
    const first = stored?.firstOrderAt;
    const last = stored?.lastOrderAt;
    if (stored === undefined || (typeof first === 'string' && order.at < first)) {
      await this.extend(customerId, 'firstOrderAt', '<', order.at);
    }
    if (stored === undefined || typeof last !== 'string' || order.at > last) {
      // Its day feeds the no-purchase sweep (`byOrderDay`; known customers only, as the active day).
      const indexed = !isAnonymousCustomerId(customerId);
      await this.extend(customerId, 'lastOrderAt', '>', order.at, indexed ? 'orderDay' : undefined);
    }
  }

  async addRefund(customerId: string, refund: RefundRecord): Promise<void> {
    await writeIfCondition(() =>
      this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: keys.profile(customerId),
          UpdateExpression: 'SET customerId = :cid ADD refunded :amount, refundKeys :keys',
          ConditionExpression: 'attribute_not_exists(refundKeys) OR NOT contains(refundKeys, :key)',
          ExpressionAttributeValues: {
            ':cid': customerId,
            ':amount': refund.amount,
            ':keys': new Set([refund.refundKey]),
            ':key': refund.refundKey,
          },
        }),
      ),
    );
  }

  /** Carries an anonymous visitor's contact details and last activity over to the customer. */
  async absorbAnonymous(customerId: string, anonymous: Record<string, unknown>): Promise<void> {
    if (typeof anonymous.lastActiveAt === 'string') await this.touch(customerId, anonymous.lastActiveAt);
    const times = fieldTimesOf(anonymous.fieldTimes);
    if (typeof anonymous.email === 'string' && times.email) {
      await this.apply(customerId, { at: times.email, email: anonymous.email });
    }
  }

  /**
   * Sets `attribute` to `at` when it is unset or when `at <op> attribute` (earlier for '<', later for '>'), and
   * `dayAttribute` (an index key) to its day with it.
   */
  private async extend(
    customerId: string,
    attribute: string,
    beyond: '<' | '>',
    at: string,
    dayAttribute?: string,
  ): Promise<void> {
    await writeIfCondition(() =>
      this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: keys.profile(customerId),
          UpdateExpression: dayAttribute ? 'SET #a = :at, #d = :day' : 'SET #a = :at',
          ConditionExpression: `attribute_not_exists(#a) OR :at ${beyond} #a`,
          ExpressionAttributeNames: { '#a': attribute, ...(dayAttribute ? { '#d': dayAttribute } : {}) },
          ExpressionAttributeValues: { ':at': at, ...(dayAttribute ? { ':day': at.slice(0, 10) } : {}) },
        }),
      ),
    );
  }
}

function fieldTimesOf(value: unknown): Record<string, string> {
  if (typeof value !== 'object' || value === null) return {};
  return Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string'));
}
