import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Account } from '../../loyalty/core/model.js';
import { DynamoMessageReader } from '../../messaging/store/message-reader.js';
import { batchGetAll } from '../../platform/dynamodb/batch-get.js';
import { encodeCursor } from '../../platform/dynamodb/cursor.js';
import { type Item, numOrZero, strOrNull } from '../../platform/dynamodb/items.js';
import { customerPk, sortPrefix } from '../../platform/dynamodb/keys.js';
import { unpack } from '../../platform/dynamodb/packed.js';
import { queryAll } from '../../platform/dynamodb/query-all.js';
import { ValidationError } from '../../platform/errors.js';
import { isAnonymousCustomerId } from '../../tracking/core/model.js';
import { DynamoEnrollmentStore } from '../../workflow/store/enrollment-store.js';
import { DynamoWorkflowStore } from '../../workflow/store/workflow-store.js';
import type { InactiveCustomerFacts, InactiveCustomerSource, InactiveFactsPage } from '../core/inactive-report.js';
import { addDays } from '../core/inactivity.js';

/** Day partitions of `byActiveDay` read at once at the most, newest first. */
const maxDaysAtOnce = 16;
/** Customers whose enrollments, last message and orders are read at once. */
const customerConcurrency = 10;
const profileAttributes = [
  'sk',
  'customerId',
  'firstName',
  'lastName',
  'email',
  'lastActiveAt',
  'activeDay',
  'orderCount',
  'lastOrderAt',
  'revenue',
  'refunded',
  'account',
];

/** Where a page starts: a last-active day, and within it the customers (by `pk`) after `after`. */
interface Position {
  readonly day: string;
  readonly after: string | null;
}

/**
 * The inactive customers, read through `byActiveDay` (keys only; partition = last-active day, sorted by `pk`) from
 * the cutoff's day back to `since`, 1, 2, 4... up to 16 day partitions at a time and only as many keys as the page needs, then
 * their profiles and loyalty accounts in one BatchGetItem (re-checked: the index is eventually consistent), then per
 * customer the enrollments, the newest message and the orders' currency. Never a scan.
 */
export class DynamoInactiveCustomers implements InactiveCustomerSource {
  private readonly enrollments: DynamoEnrollmentStore;
  private readonly messages: DynamoMessageReader;
  private readonly workflows: DynamoWorkflowStore;

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {
    this.enrollments = new DynamoEnrollmentStore(db, table);
    this.messages = new DynamoMessageReader(db, table);
    this.workflows = new DynamoWorkflowStore(db, table);
  }

  async page(cutoff: string, since: string, limit: number, cursor?: string): Promise<InactiveFactsPage> {
    const cutoffDay = cutoff.slice(0, 10);
    let position = cursor ? decodePosition(cursor, since, cutoffDay) : { day: cutoffDay, after: null };
    const found: Item[] = [];
    // One day partition first (a busy day fills the page alone), twice as many each round that does not fill it.
    for (let width = 1; found.length < limit && position.day >= since; width = Math.min(width * 2, maxDaysAtOnce)) {
      const need = limit - found.length;
      const from = position;
      const days = Array.from({ length: width }, (_, i) => addDays(from.day, -i)).filter((day) => day >= since);
      const onDays = await Promise.all(days.map((day, i) => this.keysOn(day, i === 0 ? from.after : null, need)));
      // The first `need` keys in report order; what was read beyond them is read again by the next page.
      const taken = onDays.flatMap((pks, i) => pks.map((pk) => ({ day: days[i] ?? from.day, pk }))).slice(0, need);
      const last = taken.at(-1);
      position =
        taken.length === need && last
          ? { day: last.day, after: last.pk }
          : { day: addDays(days.at(-1) ?? from.day, -1), after: null };
      found.push(...(await this.stillInactive(taken, cutoff)));
    }
    const [items, workflows] = await Promise.all([
      mapConcurrently(found, customerConcurrency, (profile) => this.factsOf(profile)),
      found.length > 0 ? this.workflows.list() : [],
    ]);
    const more = found.length === limit && position.day >= since;
    return { items, workflows, nextCursor: more ? encodeCursor({ day: position.day, after: position.after }) : null };
  }

  /** Up to `limit` customer keys (`pk`) last active on `day`, after `after`, in index order. */
  private async keysOn(day: string, after: string | null, limit: number): Promise<string[]> {
    const pks: string[] = [];
    let ExclusiveStartKey: Item | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.table,
          IndexName: 'byActiveDay',
          KeyConditionExpression: after === null ? 'activeDay = :day' : 'activeDay = :day AND pk > :after',
          ExpressionAttributeValues: after === null ? { ':day': day } : { ':day': day, ':after': after },
          Limit: limit - pks.length,
          ExclusiveStartKey,
        }),
      );
      for (const item of page.Items ?? []) if (typeof item.pk === 'string') pks.push(item.pk);
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey && pks.length < limit);
    return pks;
  }

  /** Profiles (with the loyalty account under `account`) of those still last active that day and before `cutoff`. */
  private async stillInactive(taken: readonly { day: string; pk: string }[], cutoff: string): Promise<Item[]> {
    const names = Object.fromEntries(profileAttributes.map((name, i) => [`#a${i}`, name]));
    const items = await batchGetAll(
      this.db,
      this.table,
      taken.flatMap(({ pk }) => [
        { pk, sk: 'PROFILE' },
        { pk, sk: 'LOYALTY' },
      ]),
      { ProjectionExpression: Object.keys(names).join(', '), ExpressionAttributeNames: names },
    );
    const accounts = new Map(
      items.flatMap((i) => (i.sk === 'LOYALTY' && typeof i.customerId === 'string' ? [[i.customerId, i.account]] : [])),
    );
    const profiles = new Map(
      items.flatMap((i) => (i.sk === 'PROFILE' && typeof i.customerId === 'string' ? [[i.customerId, i]] : [])),
    );
    return taken.flatMap(({ day, pk }) => {
      const profile = profiles.get(pk.slice(customerPk('').length));
      const lastActiveAt = strOrNull(profile?.lastActiveAt);
      if (!profile || profile.activeDay !== day || lastActiveAt === null || lastActiveAt > cutoff) return [];
      if (isAnonymousCustomerId(String(profile.customerId))) return [];
      return [{ ...profile, account: accounts.get(String(profile.customerId)) }];
    });
  }

  private async factsOf(profile: Item): Promise<InactiveCustomerFacts> {
    const customerId = String(profile.customerId);
    const orders = numOrZero(profile.orderCount);
    const [enrollments, messages, currency] = await Promise.all([
      this.enrollments.ofCustomer(customerId),
      this.messages.messages(customerId, 1),
      orders > 0 ? this.currencyOf(customerId) : null,
    ]);
    return {
      customerId,
      firstName: strOrNull(profile.firstName),
      lastName: strOrNull(profile.lastName),
      email: strOrNull(profile.email),
      lastActiveAt: String(profile.lastActiveAt),
      orders,
      lastOrderAt: strOrNull(profile.lastOrderAt),
      revenue: numOrZero(profile.revenue),
      refunded: numOrZero(profile.refunded),
      currency,
      loyalty: profile.account === undefined ? null : unpack<Account>(profile.account),
      enrollments: enrollments.map((stored) => stored.enrollment),
      lastMessage: messages.items[0] ?? null,
    };
  }

  /** The currency every order of the customer was in; null when they differ. */
  private async currencyOf(customerId: string): Promise<string | null> {
    const orders = await queryAll(this.db, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :order)',
      ExpressionAttributeValues: { ':pk': customerPk(customerId), ':order': sortPrefix.order },
      ProjectionExpression: 'currency',
    });
    // A row holding refunds for an order not seen yet has no currency: it is no order.
    const currencies = new Set(orders.flatMap((o) => strOrNull(o.currency) ?? []));
    const [only] = currencies;
    return currencies.size === 1 && only !== undefined ? only : null;
  }
}

/** A cursor of this report: a day within [since, cutoff day] and a customer key on it; anything else is refused. */
function decodePosition(cursor: string, since: string, cutoffDay: string): Position {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = null;
  }
  const day: unknown = typeof parsed === 'object' && parsed !== null ? Reflect.get(parsed, 'day') : undefined;
  const after: unknown = typeof parsed === 'object' && parsed !== null ? Reflect.get(parsed, 'after') : undefined;
  const valid =
    typeof day === 'string' &&
    /^\d{4}-\d{2}-\d{2}$/.test(day) &&
    day >= since &&
    day <= cutoffDay &&
    (after === null || (typeof after === 'string' && after.startsWith(customerPk(''))));
  if (!valid) {
    throw new ValidationError([
      { path: 'query.cursor', message: 'is not a cursor returned by this report (with these days and since)' },
    ]);
  }
  return { day, after };
}

/** `fn` over `items`, at most `limit` at a time, results in the order of `items`. */
async function mapConcurrently<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  const queue = items.map((item, index) => ({ item, index }));
  const worker = async () => {
    for (let job = queue.shift(); job; job = queue.shift()) results[job.index] = await fn(job.item);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
