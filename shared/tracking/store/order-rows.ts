import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { writeIfCondition } from '../../platform/dynamodb/conditional.js';
import type { Item } from '../../platform/dynamodb/items.js';
import { keys } from '../../platform/dynamodb/keys.js';
import { ValidationError } from '../../platform/errors.js';
import { retryOnConflict } from '../../platform/retry-on-conflict.js';
import type { OrderRecord, RefundRecord } from '../core/model.js';
import { countedRefund, countHeld, type RowRefund } from '../core/order-refunds.js';

const refundPrefix = 'refund:';

/**
 * One row per order (`ORDER#<orderId>`): the order as first recorded, and each of its refunds as counted (capped by
 * what was left of the total) or held (it came before its order). A refund for an order never seen counts for
 * nothing; when the order arrives its held refunds are counted. Every change is a conditional write on the row's
 * `rev`, so concurrent refunds of one order never count more than its total.
 */
export class OrderRows {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  /**
   * Records the order once; returns the refunds now counted on it (held ones counted at last, or, when the row was
   * there already, every counted one: adding them to the profile again is a no-op, and finishes a crashed attempt).
   * A second Order Completed with another total or currency is refused with a ValidationError naming detail.total.
   */
  claim(customerId: string, order: OrderRecord): Promise<RowRefund[]> {
    const Key = keys.order(customerId, order.orderId);
    return retryOnConflict(`order ${order.orderId}`, async () => {
      const fresh = { ...Key, customerId, ...order, refunded: 0, rev: 1 };
      if (await this.put(fresh, 'attribute_not_exists(pk)')) return { done: [] };
      const row = await this.read(Key);
      if (!row) return undefined;
      const refunds = refundsOf(row);
      if (row.total !== undefined) {
        if (row.total === order.total && row.currency === order.currency) {
          return { done: refunds.filter((r) => !r.held) };
        }
        throw conflict(order, row);
      }
      // A row holding refunds that came first becomes the order, its held refunds counted.
      const counted = countHeld(order.total, 0, refunds);
      const refunded = counted.reduce((sum, r) => sum + r.amount, 0);
      const item = { ...fresh, ...refundAttributes(counted), refunded, rev: revOf(row) + 1 };
      return (await this.put(item, unchanged(row), revOf(row))) ? { done: counted } : undefined;
    });
  }

  /** Counts a refund on its order's row (capped), or holds it when the order has not arrived; once per refund key. */
  refund(customerId: string, refund: RefundRecord): Promise<RowRefund & { readonly currency: string | null }> {
    const Key = keys.order(customerId, refund.orderId);
    return retryOnConflict(`refund ${refund.refundKey} of order ${refund.orderId}`, async () => {
      const row = await this.read(Key);
      const seen = row ? refundsOf(row).find((r) => r.refundKey === refund.refundKey) : undefined;
      const currency = typeof row?.currency === 'string' ? row.currency : null;
      if (seen) return { done: { ...seen, currency } };
      const base = row ?? { ...Key, customerId, orderId: refund.orderId, rev: 0 };
      const total = typeof base.total === 'number' ? base.total : undefined;
      const refunded = typeof base.refunded === 'number' ? base.refunded : 0;
      const recorded: RowRefund =
        total === undefined
          ? { refundKey: refund.refundKey, amount: refund.amount, at: refund.at, held: true }
          : { ...refund, amount: countedRefund(total, refunded, refund.amount), held: false };
      const item = {
        ...base,
        ...refundAttributes([recorded]),
        ...(recorded.held ? {} : { refunded: refunded + recorded.amount }),
        rev: revOf(base) + 1,
      };
      const condition = row ? unchanged(row) : 'attribute_not_exists(pk)';
      return (await this.put(item, condition, revOf(base))) ? { done: { ...recorded, currency } } : undefined;
    });
  }

  private put(item: Item, condition: string, rev?: number): Promise<boolean> {
    return writeIfCondition(() =>
      this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: item,
          ConditionExpression: condition,
          ...(condition.includes(':rev') ? { ExpressionAttributeValues: { ':rev': rev } } : {}),
        }),
      ),
    );
  }

  private async read(Key: { pk: string; sk: string }): Promise<Item | undefined> {
    return (await this.db.send(new GetCommand({ TableName: this.table, Key, ConsistentRead: true }))).Item;
  }
}

const revOf = (row: Item): number => (typeof row.rev === 'number' ? row.rev : 0);
/** The row is as read (rows written before refunds were kept on them have no `rev`). */
const unchanged = (row: Item): string => (typeof row.rev === 'number' ? 'rev = :rev' : 'attribute_not_exists(rev)');

function refundAttributes(refunds: readonly RowRefund[]): Item {
  return Object.fromEntries(
    refunds.map((r) => [
      `${refundPrefix}${r.refundKey}`,
      { amount: r.amount, at: r.at, ...(r.held ? { held: true } : {}) },
    ]),
  );
}

function refundsOf(row: Item): RowRefund[] {
  return Object.entries(row).flatMap(([name, value]) => {
    if (!name.startsWith(refundPrefix) || typeof value !== 'object' || value === null) return [];
    const { amount, at, held } = value as { amount?: unknown; at?: unknown; held?: unknown };
    if (typeof amount !== 'number' || typeof at !== 'string') return [];
    return [{ refundKey: name.slice(refundPrefix.length), amount, at, held: held === true }];
  });
}

function conflict(order: OrderRecord, row: Item): ValidationError {
  return new ValidationError([
    {
      path: 'detail.total',
      message:
        `order ${order.orderId} was recorded with total ${String(row.total)} ${String(row.currency)}; ` +
        `this Order Completed says ${order.total} ${order.currency}: send an Order Refunded for a change, or a new orderId`,
    },
  ]);
}
