import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { type HeldKind, heldKinds, kindOf } from '../../lifecycle/core/purge.js';
import type { PurgeRecord } from '../../lifecycle/core/purge-service.js';
import { type Item, isTombstone, strOrNull } from '../../platform/dynamodb/items.js';
import { customerPk, keys } from '../../platform/dynamodb/keys.js';
import { unpack } from '../../platform/dynamodb/packed.js';
import { queryAll } from '../../platform/dynamodb/query-all.js';

/** Everything held about a customer (a data-subject access request), grouped by kind. */
export interface CustomerExport {
  readonly customerId: string;
  readonly exportedAt: string;
  readonly profile: Item | null;
  readonly held: Readonly<Record<Exclude<HeldKind, 'profile'>, readonly Item[]>>;
  /** What was tracked for anonymous visits before the customer was identified. */
  readonly anonymousVisits: readonly { readonly anonymousId: string; readonly items: readonly Item[] }[];
  /** Suppression entries for the customer's addresses (by hash: the address is the profile's). */
  readonly suppressions: readonly Item[];
  /** When the customer was erased: all the sections above are then empty. */
  readonly erasure: { readonly purgedAt: string; readonly reason: string; readonly requestedBy: string } | null;
}

/** Key, index and bookkeeping attributes: ours, not the customer's. */
const internal = new Set(['pk', 'sk', 'dueShard', 'dueAt', 'tlSort', 'activeDay', 'version', 'revision', 'fieldTimes']);

/** Reads a customer's partition (and merged visits) and returns it as plain JSON: packed documents unpacked. */
export async function exportCustomer(
  db: DynamoDBDocumentClient,
  table: string,
  customerId: string,
  now: Date,
): Promise<CustomerExport | null> {
  const items = await partition(db, table, customerPk(customerId));
  if (items.length === 0) return null;
  const profileItem = items.find((item) => item.sk === 'PROFILE');
  const live = profileItem !== undefined && !isTombstone(profileItem);
  const held = Object.fromEntries(
    [...Object.keys(heldKinds), 'other'].filter((k) => k !== 'profile').map((k) => [k, [] as Item[]]),
  );
  for (const item of items) {
    const kind = kindOf(String(item.sk));
    if (kind !== 'profile') held[kind]?.push(plain(item));
  }
  const anonymousIds = profileItem?.anonymousIds instanceof Set ? [...profileItem.anonymousIds].map(String) : [];
  const purge = profileItem?.purge === undefined ? null : unpack<PurgeRecord>(profileItem.purge);
  return {
    customerId,
    exportedAt: now.toISOString(),
    profile: live && profileItem ? plain(profileItem) : null,
    held: toHeld(held),
    anonymousVisits: await Promise.all(
      anonymousIds.map(async (anonymousId) => ({
        anonymousId,
        items: (await partition(db, table, customerPk(`anon:${anonymousId}`))).map(plain),
      })),
    ),
    suppressions: live && profileItem ? await suppressionsOf(db, table, profileItem) : [],
    erasure: purge ? { purgedAt: purge.purgedAt, reason: purge.reason, requestedBy: purge.requestedBy } : null,
  };
}

function toHeld(groups: Record<string, Item[]>): CustomerExport['held'] {
  const of = (kind: string): Item[] => groups[kind] ?? [];
  return {
    timeline: of('timeline'),
    carts: of('carts'),
    orders: of('orders'),
    loyaltyAccount: of('loyaltyAccount'),
    loyaltyRecords: of('loyaltyRecords'),
    ledger: of('ledger'),
    enrollments: of('enrollments'),
    dateTimers: of('dateTimers'),
    messages: of('messages'),
    messageIndex: of('messageIndex'),
    sendCounts: of('sendCounts'),
    other: of('other'),
  };
}

async function suppressionsOf(db: DynamoDBDocumentClient, table: string, profile: Item): Promise<Item[]> {
  const addresses = [strOrNull(profile.email), strOrNull(profile.phone)].flatMap((a) => (a ? [a] : []));
  const found = await Promise.all(
    addresses.map(async (address) => {
      const { Item } = await db.send(new GetCommand({ TableName: table, Key: keys.suppression(address) }));
      return Item ? [{ address, ...plain(Item) }] : [];
    }),
  );
  return found.flat();
}

function partition(db: DynamoDBDocumentClient, table: string, pk: string): Promise<Item[]> {
  return queryAll(db, {
    TableName: table,
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': pk },
  });
}

/** JSON-ready: sets as arrays, packed documents opened, our own key and index attributes left out. */
function plain(item: Item): Item {
  return Object.fromEntries(
    Object.entries(item)
      .filter(([name]) => !internal.has(name))
      .map(([name, value]) => [name, jsonValue(value)]),
  );
}

function jsonValue(value: unknown): unknown {
  if (value instanceof Uint8Array) return unpack<unknown>(value);
  if (value instanceof Set) return [...value];
  return value;
}
