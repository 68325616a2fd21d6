import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { writeIfCondition } from '../../platform/dynamodb/conditional.js';
import { dueKeys, dueShardOf, earliestDue } from '../../platform/dynamodb/due-shards.js';
import { strOrNull, toCart } from '../../platform/dynamodb/items.js';
import { keys, sortPrefix } from '../../platform/dynamodb/keys.js';
import type { AbandonedCartStore, CartRef, DueCart } from '../core/cart-abandonment.js';

/** Carts waiting for recovery on `byDue` (`cart#<n>`): tracking puts them there, the cart sweep takes them off. */
export const cartDue = { kind: 'cart', shards: 4 } as const;
export const cartDueShard = (customerId: string, cartId: string): string =>
  dueShardOf(cartDue.kind, cartDue.shards, `${customerId}#${cartId}`);

export class DynamoAbandonedCartStore implements AbandonedCartStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async dueCarts(now: string): Promise<CartRef[]> {
    const due = await dueKeys(this.db, this.table, cartDue, now);
    return due.map(({ pk, sk }) => ({
      customerId: pk.slice('CUST#'.length),
      cartId: sk.slice(sortPrefix.cart.length),
    }));
  }

  /**
   * The cart, and for a cart still due and not ordered the customer's last order time from the profile: an order
   * without this cartId, or for another cart, also means the customer bought.
   */
  async read({ customerId, cartId }: CartRef): Promise<DueCart | null> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.table, Key: keys.cart(customerId, cartId), ConsistentRead: true }),
    );
    if (!Item) return null;
    const ordered = Item.orderedAt !== undefined;
    const dueAt = strOrNull(Item.dueAt);
    const lastOrderAt = ordered || dueAt === null ? null : await this.lastOrderAt(customerId);
    return { customerId, cart: toCart(Item), dueAt, ordered, lastOrderAt };
  }

  private async lastOrderAt(customerId: string): Promise<string | null> {
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.table,
        Key: keys.profile(customerId),
        ConsistentRead: true,
        ProjectionExpression: 'lastOrderAt',
      }),
    );
    return strOrNull(Item?.lastOrderAt);
  }

  async release({ customerId, cartId }: CartRef, dueAt: string, abandonedFor: string | null): Promise<void> {
    await writeIfCondition(() =>
      this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: keys.cart(customerId, cartId),
          UpdateExpression: `REMOVE dueShard, dueAt${abandonedFor === null ? '' : ' SET abandonedFor = :for'}`,
          ConditionExpression: 'dueAt = :due',
          ExpressionAttributeValues: { ':due': dueAt, ...(abandonedFor === null ? {} : { ':for': abandonedFor }) },
        }),
      ),
    );
  }

  earliestDueAt(after: string): Promise<string | null> {
    return earliestDue(this.db, this.table, cartDue, after);
  }
}
