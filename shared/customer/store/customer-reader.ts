import { type DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { decodeCursor, encodeCursor } from '../../platform/dynamodb/cursor.js';
import { type Item, isTombstone, numOrZero, strOrNull, toTimelineEntry } from '../../platform/dynamodb/items.js';
import { customerPk, keys, sortPrefix } from '../../platform/dynamodb/keys.js';
import type { Consent, TimelineEntry } from '../../tracking/core/model.js';
import { consentChannels } from '../../tracking/core/model.js';
import type { CartView, CustomerView, TimelinePage, TimelineQuery } from '../core/views.js';
import { roundMoney } from '../core/views.js';

/** Read side of tracking: the profile with its stats and carts, and the timeline newest first. */
export class CustomerReader {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  /** Null when nothing is known about the customer, or they were purged. */
  async customer(customerId: string): Promise<CustomerView | null> {
    const [{ Item: profile }, carts] = await Promise.all([
      this.db.send(new GetCommand({ TableName: this.table, Key: keys.profile(customerId) })),
      this.db.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :cart)',
          ExpressionAttributeValues: { ':pk': customerPk(customerId), ':cart': sortPrefix.cart },
        }),
      ),
    ]);
    if (!profile || isTombstone(profile)) return null;
    return profileView(customerId, profile, (carts.Items ?? []).map(toCartView));
  }

  /** The profile with its stats, without the carts (one read); null when nothing is known. */
  async profile(customerId: string): Promise<CustomerView | null> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.table, Key: keys.profile(customerId) }));
    return Item && !isTombstone(Item) ? profileView(customerId, Item, []) : null;
  }

  async timeline(customerId: string, query: TimelineQuery): Promise<TimelinePage> {
    const filters: string[] = [];
    const values: Item = { ':pk': customerPk(customerId) };
    const names: Record<string, string> = {};
    if (query.channel) {
      filters.push('#channel = :channel');
      names['#channel'] = 'channel';
      values[':channel'] = query.channel;
    }
    if (query.type) {
      filters.push('#type = :type');
      names['#type'] = 'type';
      values[':type'] = query.type;
    }
    const items: TimelineEntry[] = [];
    let start = decodeCursor(query.cursor, customerPk(customerId));
    // A filter may drop a whole page: keep reading until the page is full or the timeline ends.
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.table,
          IndexName: 'timeline',
          KeyConditionExpression: 'pk = :pk',
          ScanIndexForward: false,
          Limit: query.limit - items.length,
          ExclusiveStartKey: start,
          ...(filters.length ? { FilterExpression: filters.join(' AND '), ExpressionAttributeNames: names } : {}),
          ExpressionAttributeValues: values,
        }),
      );
      items.push(...(page.Items ?? []).map(toTimelineEntry));
      start = page.LastEvaluatedKey;
    } while (start && items.length < query.limit);
    return { items, nextCursor: start ? encodeCursor(start) : null };
  }
}

const str = strOrNull;
const num = numOrZero;

/** A profile item as the admin API, workflows and the tracked fact see it. */
export function profileView(customerId: string, p: Item, carts: CartView[]): CustomerView {
  const orders = num(p.orderCount);
  const revenue = roundMoney(num(p.revenue));
  const refunded = roundMoney(num(p.refunded));
  const consents = Object.fromEntries(consentChannels.map((c) => [c, toConsent(p[`consent:${c}`])]));
  const attributes = Object.fromEntries(
    Object.entries(p)
      .filter(([k]) => k.startsWith('attr:'))
      .map(([k, v]) => [k.slice(5), v]),
  );
  return {
    customerId,
    email: str(p.email),
    phone: str(p.phone),
    firstName: str(p.firstName),
    lastName: str(p.lastName),
    locale: str(p.locale),
    timezone: str(p.timezone),
    birthday: str(p.birthday),
    registeredAt: str(p.registeredAt),
    lastActiveAt: str(p.lastActiveAt),
    consents: { email: consents.email ?? null, sms: consents.sms ?? null, whatsapp: consents.whatsapp ?? null },
    attributes,
    stats: {
      orders,
      revenue,
      refunded,
      netRevenue: roundMoney(revenue - refunded),
      averageOrderValue: orders ? roundMoney(revenue / orders) : 0,
      firstOrderAt: str(p.firstOrderAt),
      lastOrderAt: str(p.lastOrderAt),
      lastActiveAt: str(p.lastActiveAt),
    },
    carts,
    revenueByCurrency: byCurrency(p),
    segments: { rfm: rfmOf(p.rfm), abc: p.abc === 'A' || p.abc === 'B' || p.abc === 'C' ? p.abc : null },
  };
}

function rfmOf(v: unknown): CustomerView['segments']['rfm'] {
  if (typeof v !== 'object' || v === null) return null;
  const { r, f, m, segment, at } = v as Record<string, unknown>;
  return typeof r === 'number' && typeof f === 'number' && typeof m === 'number' && typeof segment === 'string'
    ? { r, f, m, segment, at: typeof at === 'string' ? at : '' }
    : null;
}

function toConsent(v: unknown): Consent | null {
  if (typeof v !== 'object' || v === null || !('granted' in v) || !('at' in v)) return null;
  return typeof v.granted === 'boolean' && typeof v.at === 'string' ? { granted: v.granted, at: v.at } : null;
}

function toCartView(c: Item): CartView {
  return {
    cartId: str(c.cartId) ?? '',
    status: c.orderedAt ? 'ordered' : 'open',
    total: num(c.total),
    currency: str(c.currency) ?? '',
    items: Array.isArray(c.items) ? c.items : [],
    updatedAt: str(c.updatedAt),
    orderId: str(c.orderId),
  };
}

function byCurrency(p: Item): CustomerView['revenueByCurrency'] {
  const out: Record<string, { revenue: number; refunded: number }> = {};
  for (const [name, value] of Object.entries(p)) {
    const m = /^(revenue|refunded):([A-Z]{3})$/.exec(name);
    if (!m?.[1] || !m[2] || typeof value !== 'number') continue;
    const entry = out[m[2]] ?? { revenue: 0, refunded: 0 };
    entry[m[1] as 'revenue' | 'refunded'] = roundMoney(value);
    out[m[2]] = entry;
  }
  return out;
}
