import { type DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { balanceAt } from '../../loyalty/core/balance.js';
import { DynamoLoyaltyStore } from '../../loyalty/store/loyalty-store.js';
import { type Item, isTombstone, numOrZero, objectOf, strOrNull } from '../../platform/dynamodb/items.js';
import { keys } from '../../platform/dynamodb/keys.js';
import { channels, type MessageChannel } from '../../workflow/core/schema/workflow-steps.js';
import type { CartFacts, CartLine, LoyaltyFacts, Recipient } from '../core/model.js';
import type { MessagingFacts } from '../core/ports.js';
import { suppresses } from '../core/suppression.js';

/** What messaging reads before a send: the profile tracking keeps, the cart, the loyalty account, suppression. */
export class DynamoMessagingFacts implements MessagingFacts {
  private readonly loyaltyStore: DynamoLoyaltyStore;

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {
    this.loyaltyStore = new DynamoLoyaltyStore(db, table);
  }

  async recipient(customerId: string): Promise<Recipient | null> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.table, Key: keys.profile(customerId) }));
    return Item && !isTombstone(Item) ? toRecipient(customerId, Item) : null;
  }

  async erased(customerId: string): Promise<boolean> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.table, Key: keys.profile(customerId) }));
    return Item !== undefined && isTombstone(Item);
  }

  async sentSince(customerId: string, workflowId: string, since: string): Promise<number> {
    // Message records are keyed by their idempotency key, which starts with the enrollment id `<workflow>#...`.
    let count = 0;
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          // Skipped and failed messages reached nobody: they do not count against the cap.
          FilterExpression: '#at >= :since AND #status <> :skipped AND #status <> :failed',
          ExpressionAttributeNames: { '#at': 'at', '#status': 'status' },
          ExpressionAttributeValues: {
            ':pk': keys.profile(customerId).pk,
            ':prefix': `${keys.messageRecord(customerId, `${workflowId}#`).sk}`,
            ':since': since,
            ':skipped': 'skipped',
            ':failed': 'failed',
          },
          Select: 'COUNT',
          ExclusiveStartKey,
        }),
      );
      count += page.Count ?? 0;
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return count;
  }

  async cart(customerId: string, cartId: string): Promise<CartFacts | null> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.table, Key: keys.cart(customerId, cartId) }));
    if (!Item || !Array.isArray(Item.items)) return null;
    return {
      cartId,
      items: Item.items.map(toCartLine),
      total: numOrZero(Item.total),
      currency: strOrNull(Item.currency) ?? '',
      url: null,
    };
  }

  async loyalty(customerId: string, at: string): Promise<LoyaltyFacts | null> {
    const stored = await this.loyaltyStore.load(customerId);
    if (!stored) return null;
    return { points: balanceAt(stored.account, at), tier: stored.account.tier };
  }

  async isSuppressed(address: string, channel: MessageChannel, optedInAt?: string): Promise<boolean> {
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.table,
        Key: keys.suppression(address),
        ProjectionExpression: 'reason, #at, channels',
        ExpressionAttributeNames: { '#at': 'at' },
      }),
    );
    if (Item === undefined) return false;
    // Without `channels` (a bounce, a complaint, a purge) the address is suppressed everywhere.
    const suppression = {
      reason: strOrNull(Item.reason) ?? 'unknown',
      at: strOrNull(Item.at) ?? '',
      channels: Item.channels instanceof Set ? new Set([...Item.channels].map(String)) : null,
    };
    return suppresses(suppression, channel, optedInAt);
  }
}

function toRecipient(customerId: string, p: Item): Recipient {
  const consents = Object.fromEntries(
    channels.map((channel) => [channel, objectOf(p[`consent:${channel}`]).granted === true]),
  );
  const optedInAt = Object.fromEntries(
    channels.flatMap((channel) => {
      const consent = objectOf(p[`consent:${channel}`]);
      return consent.granted === true && consent.via === 'update' && typeof consent.at === 'string'
        ? [[channel, consent.at]]
        : [];
    }),
  );
  const attributes = Object.fromEntries(
    Object.entries(p)
      .filter(([k]) => k.startsWith('attr:'))
      .map(([k, v]) => [k.slice('attr:'.length), v]),
  );
  return {
    customerId,
    email: strOrNull(p.email),
    phone: strOrNull(p.phone),
    firstName: strOrNull(p.firstName),
    lastName: strOrNull(p.lastName),
    locale: strOrNull(p.locale),
    timezone: strOrNull(p.timezone),
    birthday: strOrNull(p.birthday),
    consents,
    optedInAt,
    attributes,
  };
}

function toCartLine(raw: unknown): CartLine {
  const i = objectOf(raw);
  return {
    productId: strOrNull(i.productId) ?? '',
    name: strOrNull(i.name) ?? '',
    price: numOrZero(i.price),
    quantity: numOrZero(i.quantity),
    url: strOrNull(i.url),
    image: strOrNull(i.image),
  };
}
