import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure, writeIfCondition } from '../../platform/dynamodb/conditional.js';
import { type Item, strOrNull } from '../../platform/dynamodb/items.js';
import { keys } from '../../platform/dynamodb/keys.js';
import { retryOnConflict } from '../../platform/retry-on-conflict.js';
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
   * Commit point of an order: the counters change once per order, in one write that needs no read and never loses a
   * race (ADD), so 50 concurrent orders of one customer all count at once. Instead of a set of every order id (an item
   * that grows with history), the profile keeps the ids it applied lately (trimmed to the newest `recentWindow`): a
   * redelivery that got past tracking's own check (a crash between this commit and the timeline entry) is retried
   * within minutes, well inside that window. Returns the profile as written, or null when the order was applied.
   */
  async addOrder(customerId: string, order: OrderRecord, activeAt?: string): Promise<Item | null> {
    const indexed = !isAnonymousCustomerId(customerId);
    return this.commitOnce(customerId, 'recentOrders', order.orderId, {
      // Per currency as well: a total that adds SAR to EUR means nothing, the per-currency sums do.
      add: { orderCount: 1, revenue: order.total, [`revenue:${order.currency}`]: order.total },
      latest: {
        lastOrderAt: { at: order.at, day: indexed ? 'orderDay' : undefined },
        ...(activeAt ? { lastActiveAt: { at: activeAt, day: indexed ? 'activeDay' : undefined } } : {}),
      },
      earliest: { firstOrderAt: order.at },
    });
  }

  /** A refund's amount, once per refund key (the keys applied lately kept, as for orders). */
  async addRefund(
    customerId: string,
    refund: RefundRecord,
    activeAt?: string,
    currency?: string,
  ): Promise<Item | null> {
    const indexed = !isAnonymousCustomerId(customerId);
    return this.commitOnce(customerId, 'recentRefunds', refund.refundKey, {
      add: { refunded: refund.amount, ...(currency ? { [`refunded:${currency}`]: refund.amount } : {}) },
      latest: activeAt ? { lastActiveAt: { at: activeAt, day: indexed ? 'activeDay' : undefined } } : {},
      earliest: {},
    });
  }

  /**
   * One conditional write (`key` not yet in `listAttribute`) that adds the counters, appends the key and sets the
   * times; it returns the item as it was, so a time that moved backwards (events out of order) is put back by a
   * conditional write that only ever moves it forwards (or, for `earliest`, backwards). Rare, and safe under races.
   */
  private async commitOnce(
    customerId: string,
    listAttribute: 'recentOrders' | 'recentRefunds',
    key: string,
    change: {
      readonly add: Record<string, number>;
      readonly latest: Record<string, { readonly at: string; readonly day: string | undefined }>;
      readonly earliest: Record<string, string>;
    },
  ): Promise<Item | null> {
    const names: Record<string, string> = { '#list': listAttribute };
    const values: Record<string, unknown> = { ':cid': customerId, ':key': key, ':keys': [key], ':none': [] };
    const sets = ['customerId = :cid', '#list = list_append(if_not_exists(#list, :none), :keys)'];
    let n = 0;
    /** Names `attribute` and its value in the expression: their shared index. */
    const name = (attribute: string, value: unknown) => {
      names[`#n${n}`] = attribute;
      values[`:v${n}`] = value;
      return n++;
    };
    for (const [attribute, { at, day }] of Object.entries(change.latest)) {
      const i = name(attribute, at);
      sets.push(`#n${i} = :v${i}`);
      if (day) {
        const d = name(day, at.slice(0, 10));
        sets.push(`#n${d} = :v${d}`);
      }
    }
    for (const [attribute, at] of Object.entries(change.earliest)) {
      const i = name(attribute, at);
      sets.push(`#n${i} = if_not_exists(#n${i}, :v${i})`);
    }
    // The version moves too, so a writer that read the profile before this commit (a profile change, a purge's
    // tombstone) sees it changed and decides again.
    const adds = Object.entries({ ...change.add, version: 1 }).map(([attribute, amount]) => {
      const i = name(attribute, amount);
      return `#n${i} :v${i}`;
    });
    let old: Item;
    try {
      const out = await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: keys.profile(customerId),
          UpdateExpression: `SET ${sets.join(', ')} ADD ${adds.join(', ')}`,
          ConditionExpression: 'NOT contains(#list, :key)',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ReturnValues: 'ALL_OLD',
        }),
      );
      old = out.Attributes ?? {};
    } catch (error) {
      if (isConditionFailure(error)) return null;
      throw error;
    }
    const written: Item = { ...old, customerId };
    for (const [attribute, amount] of Object.entries(change.add)) {
      written[attribute] = (typeof old[attribute] === 'number' ? old[attribute] : 0) + amount;
    }
    for (const [attribute, { at, day }] of Object.entries(change.latest)) {
      const before = strOrNull(old[attribute]);
      const latest = before !== null && before > at ? before : at;
      written[attribute] = latest;
      if (day) written[day] = latest.slice(0, 10);
      if (latest !== at) await this.extend(customerId, attribute, '>', latest, day);
    }
    for (const [attribute, at] of Object.entries(change.earliest)) {
      const before = strOrNull(old[attribute]);
      written[attribute] = before !== null && before < at ? before : at;
      if (before !== null && at < before) await this.extend(customerId, attribute, '<', at);
    }
    const recent = Array.isArray(old[listAttribute]) ? old[listAttribute] : [];
    written[listAttribute] = [...recent, key];
    if (recent.length + 1 >= 2 * recentWindow) await this.trim(customerId, listAttribute, recent.length + 1);
    return written;
  }

  /** Sets `attribute` (and `dayAttribute` to its day) to `at` only if that moves it further `beyond` ('>' later). */
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

  /** Drops the oldest keys of the list once it holds twice the window (one write per `recentWindow` events). */
  private async trim(customerId: string, listAttribute: string, length: number): Promise<void> {
    const drop = length - recentWindow;
    await writeIfCondition(() =>
      this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: keys.profile(customerId),
          UpdateExpression: `REMOVE ${Array.from({ length: drop }, (_, i) => `#list[${i}]`).join(', ')}`,
          // A concurrent trim already shortened it: do not drop more.
          ConditionExpression: 'size(#list) >= :length',
          ExpressionAttributeNames: { '#list': listAttribute },
          ExpressionAttributeValues: { ':length': length },
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
