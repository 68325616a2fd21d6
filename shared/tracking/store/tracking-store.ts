import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { profileView } from '../../customer/store/customer-reader.js';
import {
  cartRecoveryDueAt,
  defaultCartAbandonedAfter,
  parseAbandonAfter,
} from '../../lifecycle/core/cart-abandonment.js';
import { cartDueShard } from '../../lifecycle/store/cart-store.js';
import { DynamoMessageLog } from '../../messaging/store/message-log.js';
import { putSuppression } from '../../messaging/store/suppressions.js';
import type { Duration } from '../../platform/duration.js';
import { batchGetAll } from '../../platform/dynamodb/batch-get.js';
import { writeIfCondition } from '../../platform/dynamodb/conditional.js';
import {
  type Item,
  isTombstone,
  numOrZero,
  strOrNull,
  toCart,
  toTimelineEntry,
} from '../../platform/dynamodb/items.js';
import { customerPk, keys, sortPrefix, timelineSort } from '../../platform/dynamodb/keys.js';
import type { TrackedCustomer } from '../core/fact.js';
import type {
  CartSnapshot,
  IdentityKind,
  OrderRecord,
  RefundRecord,
  TimelineEntry,
  TrackingOp,
} from '../core/model.js';
import type { TrackingStore } from '../core/ports.js';
import { OrderRows } from './order-rows.js';
import { ProfileWriter } from './profile-writer.js';

/** Tracking's effects as single-item conditional writes: no transactions, each write safe to repeat. */
export class DynamoTrackingStore implements TrackingStore {
  private readonly profiles: ProfileWriter;
  private readonly orders: OrderRows;
  private readonly messages: DynamoMessageLog;

  private readonly abandonAfter: Duration;

  /** `cartAbandonedAfter`: how long after its last change a cart with a contact comes due for recovery. */
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
    options: { readonly cartAbandonedAfter?: string } = {},
  ) {
    this.abandonAfter = parseAbandonAfter(options.cartAbandonedAfter ?? defaultCartAbandonedAfter);
    this.profiles = new ProfileWriter(db, table);
    this.orders = new OrderRows(db, table);
    this.messages = new DynamoMessageLog(db, table);
  }

  async customerIdByIdentity(kind: IdentityKind, value: string): Promise<string | null> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.table, Key: keys.identity(kind, value) }));
    return typeof Item?.customerId === 'string' ? Item.customerId : null;
  }

  async customerIdByMessageId(messageId: string): Promise<string | null> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.table, Key: keys.message(messageId) }));
    return typeof Item?.customerId === 'string' ? Item.customerId : null;
  }

  async erasedAt(customerId: string): Promise<string | null> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.table, Key: keys.profile(customerId), ProjectionExpression: 'purgedAt' }),
    );
    return strOrNull(Item?.purgedAt);
  }

  /** One BatchGetItem request for the event's timeline entry and the profile (eventually consistent: 1 RCU). */
  async lookup(customerId: string, eventKey: string): Promise<{ tracked: boolean; customer: TrackedCustomer | null }> {
    const profileKey = keys.profile(customerId);
    const items = await batchGetAll(this.db, this.table, [keys.timeline(customerId, eventKey), profileKey]);
    const profile = items.find((item) => item.sk === profileKey.sk);
    return {
      tracked: items.some((item) => item.sk !== profileKey.sk),
      customer: profile ? trackedCustomerOf(customerId, profile) : null,
    };
  }

  async customer(customerId: string): Promise<TrackedCustomer | null> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.table, Key: keys.profile(customerId), ConsistentRead: true }),
    );
    return Item ? trackedCustomerOf(customerId, Item) : null;
  }

  /** Applies one effect; an effect that wrote the profile returns the customer as written (the fact needs no read). */
  async apply(op: TrackingOp): Promise<TrackedCustomer | null> {
    const customer = (customerId: string, item: Item | null) => (item ? trackedCustomerOf(customerId, item) : null);
    switch (op.kind) {
      case 'profile':
        return customer(op.customerId, await this.profiles.apply(op.customerId, op.change, op.activeAt));
      case 'order':
        return customer(op.customerId, await this.putOrder(op.customerId, op.order, op.activeAt));
      case 'refund':
        return customer(op.customerId, await this.putRefund(op.customerId, op.refund, op.activeAt));
      case 'timeline':
        await this.putTimeline(op.customerId, op.entry);
        return null;
      case 'identity':
        await this.putIdentity(op.identity, op.value, op.customerId, op.at);
        return null;
      case 'activity':
        await this.profiles.touch(op.customerId, op.at);
        return null;
      case 'cart':
        await this.putCart(op.customerId, op.cart);
        return null;
      case 'suppress':
        await putSuppression(this.db, this.table, op.address, op.reason, op.at);
        return null;
      case 'mergeAnonymous':
        await this.mergeAnonymous(op.anonymousId, op.customerId);
        return null;
      case 'messageEvent':
        await this.messages.appendEvent(op.messageId, op.event);
        return null;
    }
  }

  private async putTimeline(customerId: string, entry: TimelineEntry): Promise<void> {
    const Item = {
      ...keys.timeline(customerId, entry.key),
      tlSort: timelineSort(entry.occurredAt, entry.key),
      customerId,
      ...entry,
    };
    // The event key is the sort key: a redelivery (even with a new envelope id or time) finds its first copy.
    await writeIfCondition(() =>
      this.db.send(new PutCommand({ TableName: this.table, Item, ConditionExpression: 'attribute_not_exists(pk)' })),
    );
  }

  private async putIdentity(kind: IdentityKind, value: string, customerId: string, at: string): Promise<void> {
    // An anonymous visitor is tied once, to the first customer; an address follows its latest owner.
    const condition =
      kind === 'anonymous' ? 'attribute_not_exists(pk)' : 'attribute_not_exists(pk) OR updatedAt <= :at';
    const written = await writeIfCondition(() =>
      this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...keys.identity(kind, value), kind, customerId, updatedAt: at },
          ConditionExpression: condition,
          ...(kind === 'anonymous' ? {} : { ExpressionAttributeValues: { ':at': at } }),
        }),
      ),
    );
    // Every address the customer ever had, by hash, so that a purge removes the identities of old addresses too.
    if (written && kind !== 'anonymous') {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: keys.profile(customerId),
          UpdateExpression: 'SET customerId = :cid ADD identities :id',
          ExpressionAttributeValues: { ':cid': customerId, ':id': new Set([keys.identity(kind, value).pk]) },
        }),
      );
    }
  }

  /**
   * The newest snapshot wins and (re)arms the cart's recovery: on `byDue` at its last change plus the delay, so
   * every change moves it. An order's mark on the cart (orderedAt) is left alone. `abandonedFor`: the change time a
   * `Cart Abandoned` was already published for (carried over by a merge).
   */
  private async putCart(customerId: string, cart: CartSnapshot, abandonedFor?: string): Promise<void> {
    const dueAt = abandonedFor === cart.at ? null : cartRecoveryDueAt(customerId, cart, this.abandonAfter);
    const fields: Item = {
      customerId,
      cartId: cart.cartId,
      items: cart.items,
      total: cart.total,
      currency: cart.currency,
      updatedAt: cart.at,
      ...(cart.email ? { email: cart.email } : {}),
      ...(abandonedFor ? { abandonedFor } : {}),
      ...(dueAt ? { dueShard: cartDueShard(customerId, cart.cartId), dueAt } : {}),
    };
    const names = Object.fromEntries(Object.keys(fields).map((k) => [`#${k}`, k]));
    const values = Object.fromEntries(Object.entries(fields).map(([k, v]) => [`:${k}`, v]));
    const set = `SET ${Object.keys(fields)
      .map((k) => `#${k} = :${k}`)
      .join(', ')}`;
    // The same snapshot again (a redelivery) re-arms nothing once its abandonment was published.
    await writeIfCondition(() =>
      this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: keys.cart(customerId, cart.cartId),
          UpdateExpression: dueAt ? set : `${set} REMOVE dueShard, dueAt`,
          ConditionExpression:
            'attribute_not_exists(#updatedAt) OR #updatedAt < :updatedAt OR ' +
            '(#updatedAt = :updatedAt AND (attribute_not_exists(abandonedFor) OR abandonedFor <> :updatedAt))',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      ),
    );
  }

  private async putOrder(customerId: string, order: OrderRecord, activeAt?: string): Promise<Item | null> {
    // The order row first, and only once: a second Order Completed for the same orderId with another total or
    // currency is a conflict the shop must resolve (a refund, or a new orderId), never a silent second figure.
    const refunds = await this.orders.claim(customerId, order);
    // Commit point: the profile's counters, once per order (see `ProfileWriter.addOrder`).
    let profile = await this.profiles.addOrder(customerId, order, activeAt);
    // Refunds that came before the order count now, each once.
    for (const r of refunds) {
      const refund = { orderId: order.orderId, refundKey: r.refundKey, at: r.at, amount: r.amount };
      profile = (await this.profiles.addRefund(customerId, refund, undefined, order.currency)) ?? profile;
    }
    // Follow-up, idempotent: a retry after a crash completes it.
    if (order.cartId) {
      const cartId = order.cartId;
      // Off the recovery index; a cart two orders came from shows the later one, whichever arrived last.
      await writeIfCondition(() =>
        this.db.send(
          new UpdateCommand({
            TableName: this.table,
            Key: keys.cart(customerId, cartId),
            UpdateExpression:
              'SET customerId = :cid, cartId = :cartId, orderId = :oid, orderedAt = :at REMOVE dueShard, dueAt',
            ConditionExpression: 'attribute_not_exists(orderedAt) OR orderedAt <= :at',
            ExpressionAttributeValues: {
              ':cid': customerId,
              ':cartId': cartId,
              ':oid': order.orderId,
              ':at': order.at,
            },
          }),
        ),
      );
    }
    return profile;
  }

  /** A refund counts on the profile as its order row counted it (capped); held for an unknown order, it waits. */
  private async putRefund(customerId: string, refund: RefundRecord, activeAt?: string): Promise<Item | null> {
    const recorded = await this.orders.refund(customerId, refund);
    if (!recorded.held) {
      const counted = { ...refund, amount: recorded.amount };
      return this.profiles.addRefund(customerId, counted, activeAt, recorded.currency ?? undefined);
    }
    if (activeAt) await this.profiles.touch(customerId, activeAt);
    return null;
  }

  /** Copies what was tracked for an anonymous visitor onto the customer they turned out to be. Repeatable. */
  private async mergeAnonymous(anonymousId: string, customerId: string): Promise<void> {
    // Only the customer the visitor was tied to (first tie wins) gets the history: a shared device must not
    // hand one customer's browsing, or count one customer's guest order, to another.
    const { Item: tie } = await this.db.send(
      new GetCommand({ TableName: this.table, Key: keys.identity('anonymous', anonymousId), ConsistentRead: true }),
    );
    if (tie?.customerId !== customerId) return;
    const source = `anon:${anonymousId}`;
    let ExclusiveStartKey: Item | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': customerPk(source) },
          ExclusiveStartKey,
        }),
      );
      // Remembered on the customer before the merge, so that a purge finds and erases the visitor's history too.
      if (page.Items?.length) await this.rememberVisitor(customerId, anonymousId);
      for (const item of page.Items ?? []) await this.mergeItem(item, customerId);
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
  }

  private async rememberVisitor(customerId: string, anonymousId: string): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.table,
        Key: keys.profile(customerId),
        UpdateExpression: 'SET customerId = :cid ADD anonymousIds :ids',
        ExpressionAttributeValues: { ':cid': customerId, ':ids': new Set([anonymousId]) },
      }),
    );
  }

  private async mergeItem(item: Item, customerId: string): Promise<void> {
    const sk = String(item.sk);
    if (sk.startsWith(sortPrefix.timeline)) {
      return this.putTimeline(customerId, toTimelineEntry(item));
    }
    if (sk.startsWith(sortPrefix.cart)) {
      await this.putCart(customerId, toCart(item), strOrNull(item.abandonedFor) ?? undefined);
      // The customer's copy is the one to recover now; the visitor's leaves the index.
      await writeIfCondition(() =>
        this.db.send(
          new UpdateCommand({
            TableName: this.table,
            Key: { pk: item.pk, sk },
            UpdateExpression: 'REMOVE dueShard, dueAt',
            ConditionExpression: 'attribute_exists(dueAt)',
          }),
        ),
      );
      return;
    }
    // A row that only holds refunds waiting for their order is not an order (yet): it stays with the visitor.
    if (sk.startsWith(sortPrefix.order) && typeof item.total === 'number') {
      await this.putOrder(customerId, toOrder(item));
      return;
    }
    if (sk === 'PROFILE') await this.profiles.absorbAnonymous(customerId, item);
  }
}

const str = (v: unknown): string => strOrNull(v) ?? '';
const optStr = (v: unknown): string | undefined => strOrNull(v) ?? undefined;

function toOrder(e: Item): OrderRecord {
  return {
    orderId: str(e.orderId),
    at: str(e.at),
    total: numOrZero(e.total),
    currency: str(e.currency),
    itemCount: numOrZero(e.itemCount),
    cartId: optStr(e.cartId),
    coupon: optStr(e.coupon),
  };
}

/** The stored profile as the fact carries it: the view (a purge's tombstone reads as empty) and the latest purge. */
function trackedCustomerOf(customerId: string, profile: Item): TrackedCustomer {
  const {
    carts: _carts,
    segments: _segments,
    ...view
  } = profileView(customerId, isTombstone(profile) ? {} : profile, []);
  return { ...view, purgedAt: strOrNull(profile.purgedAt) };
}
