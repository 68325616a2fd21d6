import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure, writeIfCondition } from '../../platform/dynamodb/conditional.js';
import { type Item, strOrNull } from '../../platform/dynamodb/items.js';
import { keys } from '../../platform/dynamodb/keys.js';
import { retryOnConflict } from '../../platform/dynamodb/retry-on-conflict.js';
import type { OrderRecord, ProfileChange, RefundRecord } from '../core/model.js';
import { isAnonymousCustomerId } from '../core/model.js';
import { mergeProfile } from '../core/profile-merge.js';

/** Orders (and refunds) a profile remembers applying, newest last: enough for any redelivery window. */
const recentWindow = 50;

/** The profile item: fields merged per field by event time, counters made exact by the recent keys it applied. */
export class ProfileWriter {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  /**
   * Read, merge per field, write if nobody wrote in between (optimistic `version`); retried on conflict. Returns the
   * profile as written, or null when the change was older than what is stored (nothing written).
   */
  async apply(customerId: string, change: ProfileChange, activeAt?: string): Promise<Item | null> {
    return retryOnConflict(`profile ${customerId}`, async () => {
      const { Item } = await this.db.send(
        new GetCommand({
          TableName: this.table,
          Key: keys.profile(customerId),
          ProjectionExpression: 'fieldTimes, version, lastActiveAt',
          ConsistentRead: true,
        }),
      );
      const version = typeof Item?.version === 'number' ? Item.version : 0;
      const merged = mergeProfile(fieldTimesOf(Item?.fieldTimes), change);
      const activity = activityFields(customerId, strOrNull(Item?.lastActiveAt), activeAt);
      if (merged === null && Object.keys(activity).length === 0) return { done: null };
      const update = {
        fieldTimes: merged?.fieldTimes ?? fieldTimesOf(Item?.fieldTimes),
        set: { ...merged?.set, ...activity },
      };
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
      try {
        const { Attributes } = await this.db.send(
          new UpdateCommand({
            TableName: this.table,
            Key: keys.profile(customerId),
            UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
            ConditionExpression: 'attribute_not_exists(#version) OR #version = :version',
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
            ReturnValues: 'ALL_NEW',
          }),
        );
        return { done: Attributes ?? null };
      } catch (error) {
        if (isConditionFailure(error)) return undefined;
        throw error;
      }
    });
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

  /**
   * Commit point of an order: counters, first and last order time (and its day, for the no-purchase index) change in
   * one write, once per order. Instead of a set of every order id (an item that grows with history), the profile keeps
   * the newest `recentWindow` ids it applied; an order older than those was applied if its order row exists (written
   * right after this commit). Returns the profile as written, or null when the order was applied before.
   */
  async addOrder(customerId: string, order: OrderRecord, activeAt?: string): Promise<Item | null> {
    const indexed = !isAnonymousCustomerId(customerId);
    return this.commitOnce(
      customerId,
      'recentOrders',
      order.orderId,
      (stored) => {
        const first = strOrNull(stored.firstOrderAt);
        const last = strOrNull(stored.lastOrderAt);
        const later = last === null || order.at > last;
        return {
          set: {
            ...activityFields(customerId, strOrNull(stored.lastActiveAt), activeAt),
            ...(first === null || order.at < first ? { firstOrderAt: order.at } : {}),
            ...(later ? { lastOrderAt: order.at, ...(indexed ? { orderDay: order.at.slice(0, 10) } : {}) } : {}),
          },
          add: { orderCount: 1, revenue: order.total },
        };
      },
      () => this.orderRowExists(customerId, order.orderId),
    );
  }

  /** A refund's amount, once per refund key (the newest `recentWindow` kept, as for orders). */
  async addRefund(customerId: string, refund: RefundRecord, activeAt?: string): Promise<Item | null> {
    return this.commitOnce(customerId, 'recentRefunds', refund.refundKey, (stored) => ({
      set: activityFields(customerId, strOrNull(stored.lastActiveAt), activeAt),
      add: { refunded: refund.amount },
    }));
  }

  /**
   * Read, decide, write if nobody wrote in between (the profile's `version`), retried on a lost race. `key` is
   * remembered in the bounded list `listAttribute`; `appliedBefore` answers for keys older than the list.
   */
  private async commitOnce(
    customerId: string,
    listAttribute: 'recentOrders' | 'recentRefunds',
    key: string,
    change: (stored: Item) => { set: Item; add: Record<string, number> },
    appliedBefore?: () => Promise<boolean>,
  ): Promise<Item | null> {
    return retryOnConflict(`profile ${customerId}`, async () => {
      const { Item: stored = {} } = await this.db.send(
        new GetCommand({ TableName: this.table, Key: keys.profile(customerId), ConsistentRead: true }),
      );
      const recent = Array.isArray(stored[listAttribute]) ? stored[listAttribute].map(String) : [];
      if (recent.includes(key)) return { done: null };
      if (recent.length >= recentWindow && appliedBefore && (await appliedBefore())) return { done: null };
      const version = typeof stored.version === 'number' ? stored.version : 0;
      const { set, add } = change(stored);
      const fields: Item = {
        ...set,
        customerId,
        version: version + 1,
        [listAttribute]: [...recent, key].slice(-recentWindow),
      };
      const names: Record<string, string> = { '#version': 'version' };
      const values: Record<string, unknown> = { ':version': version };
      const sets = Object.entries(fields).map(([attribute, value], i) => {
        names[`#s${i}`] = attribute;
        values[`:s${i}`] = value;
        return `#s${i} = :s${i}`;
      });
      const adds = Object.entries(add).map(([attribute, value], i) => {
        names[`#a${i}`] = attribute;
        values[`:a${i}`] = value;
        return `#a${i} :a${i}`;
      });
      try {
        const { Attributes } = await this.db.send(
          new UpdateCommand({
            TableName: this.table,
            Key: keys.profile(customerId),
            UpdateExpression: `SET ${sets.join(', ')}${adds.length ? ` ADD ${adds.join(', ')}` : ''}`,
            ConditionExpression: 'attribute_not_exists(#version) OR #version = :version',
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
            ReturnValues: 'ALL_NEW',
          }),
        );
        return { done: Attributes ?? null };
      } catch (error) {
        if (isConditionFailure(error)) return undefined;
        throw error;
      }
    });
  }

  private async orderRowExists(customerId: string, orderId: string): Promise<boolean> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.table, Key: keys.order(customerId, orderId), ProjectionExpression: 'pk' }),
    );
    return Item !== undefined;
  }

  /** Carries an anonymous visitor's contact details and last activity over to the customer. */
  async absorbAnonymous(customerId: string, anonymous: Record<string, unknown>): Promise<void> {
    if (typeof anonymous.lastActiveAt === 'string') await this.touch(customerId, anonymous.lastActiveAt);
    const times = fieldTimesOf(anonymous.fieldTimes);
    if (typeof anonymous.email === 'string' && times.email) {
      await this.apply(customerId, { at: times.email, email: anonymous.email });
    }
  }
}

function fieldTimesOf(value: unknown): Record<string, string> {
  if (typeof value !== 'object' || value === null) return {};
  return Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

/** The last activity (and its day, the inactivity index of known customers) when `activeAt` moves it forward. */
function activityFields(customerId: string, stored: string | null, activeAt: string | undefined): Item {
  if (activeAt === undefined || (stored !== null && stored >= activeAt)) return {};
  return { lastActiveAt: activeAt, ...(isAnonymousCustomerId(customerId) ? {} : { activeDay: activeAt.slice(0, 10) }) };
}
