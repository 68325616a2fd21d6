import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { writeIfCondition } from '../../platform/dynamodb/conditional.js';
import { decodeCursor, encodeCursor } from '../../platform/dynamodb/cursor.js';
import { dueKeys, dueShardOf, earliestDue } from '../../platform/dynamodb/due-shards.js';
import { customerPk, loyaltyKeys } from '../../platform/dynamodb/keys.js';
import { pack, unpack } from '../../platform/dynamodb/packed.js';
import { isLegacy, readableAccount } from '../core/legacy.js';
import type { Account, LedgerEntry, LoyaltyRecord, RecordKey } from '../core/model.js';
import type { LedgerPage, LoyaltyStore, Outbox, StoredAccount, StoredRecord } from '../core/ports.js';
import { keyOf } from '../core/records.js';
import { packOutbox, unpackOutbox } from './outbox-codec.js';

export const loyaltyShards = 4;

/**
 * The loyalty account is one item (`CUST#<id>` / `LOYALTY`), of a size bounded by the program's windows: every
 * posting is a conditional write on its version, the commit point. Beside it, one small record per order, coupon and
 * bonus (`LOYALTY#…`), written after the commit with the account version that wrote them, and the ledger rows.
 */
export class DynamoLoyaltyStore implements LoyaltyStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async load(customerId: string): Promise<StoredAccount | null> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.table, Key: loyaltyKeys.account(customerId), ConsistentRead: true }),
    );
    if (!Item) return null;
    // Our own item, written whole by `commit` below: the document is the account as the domain gave it.
    const account = unpack<unknown>(Item.account);
    const outbox = unpackOutbox(customerId, Item.outbox);
    if (isLegacy(account)) return { account: readableAccount(account), outbox, legacy: account };
    return { account: unpack<Account>(Item.account), outbox };
  }

  async peek(customerId: string, key: RecordKey): Promise<LoyaltyRecord | null> {
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.table,
        Key: recordKey(customerId, key),
        ProjectionExpression: '#r',
        ExpressionAttributeNames: { '#r': 'record' },
      }),
    );
    return Item ? unpack<LoyaltyRecord>(Item.record) : null;
  }

  records(customerId: string, keys: readonly RecordKey[]): Promise<(StoredRecord | null)[]> {
    return Promise.all(
      keys.map(async (key) => {
        const { Item } = await this.db.send(
          new GetCommand({ TableName: this.table, Key: recordKey(customerId, key), ConsistentRead: true }),
        );
        if (!Item) return null;
        const stored: StoredRecord = { record: unpack<LoyaltyRecord>(Item.record), version: Number(Item.version) };
        return stored;
      }),
    );
  }

  async commit(account: Account, outbox: Outbox, expectedVersion: number, dueAt: string | null): Promise<boolean> {
    return writeIfCondition(() =>
      this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: {
            ...loyaltyKeys.account(account.customerId),
            customerId: account.customerId,
            version: account.version,
            // Gzipped JSON: the domain's shape exactly, ~4x smaller (each commit rewrites the item: WCU by size).
            account: pack(account),
            outbox: packOutbox(outbox),
            ...(dueAt ? { dueShard: dueShard(account.customerId), dueAt } : {}),
          },
          ConditionExpression: expectedVersion === 0 ? 'attribute_not_exists(pk)' : 'version = :expected',
          ...(expectedVersion === 0 ? {} : { ExpressionAttributeValues: { ':expected': expectedVersion } }),
        }),
      ),
    );
  }

  async writeEntries(customerId: string, entries: readonly LedgerEntry[]): Promise<void> {
    for (const entry of entries) {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...loyaltyKeys.ledgerEntry(customerId, entry.at, entry.key), customerId, ...entry },
        }),
      );
    }
  }

  async writeRecords(customerId: string, records: readonly LoyaltyRecord[], version: number): Promise<void> {
    for (const record of records) {
      await writeIfCondition(() =>
        this.db.send(
          new PutCommand({
            TableName: this.table,
            Item: { ...recordKey(customerId, keyOf(record)), customerId, version, record: pack(record) },
            ConditionExpression: 'attribute_not_exists(pk) OR version <= :v',
            ExpressionAttributeValues: { ':v': version },
          }),
        ),
      );
    }
  }

  async clearOutbox(customerId: string, version: number, dueAt: string | null): Promise<void> {
    await writeIfCondition(() =>
      this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: loyaltyKeys.account(customerId),
          UpdateExpression: dueAt
            ? 'SET outbox = :empty, dueShard = :shard, dueAt = :due'
            : 'SET outbox = :empty REMOVE dueShard, dueAt',
          ConditionExpression: 'version = :v',
          ExpressionAttributeValues: {
            ':empty': packOutbox({ version, entries: [], events: [], records: [] }),
            ':v': version,
            ...(dueAt ? { ':shard': dueShard(customerId), ':due': dueAt } : {}),
          },
        }),
      ),
    );
  }

  async ledger(customerId: string, limit: number, cursor?: string): Promise<LedgerPage> {
    const prefix = loyaltyKeys.ledgerPrefix;
    const page = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :ledger)',
        ExpressionAttributeValues: { ':pk': customerPk(customerId), ':ledger': prefix },
        ScanIndexForward: false,
        Limit: limit,
        ExclusiveStartKey: decodeCursor(cursor, customerPk(customerId), prefix),
      }),
    );
    const items = (page.Items ?? []).map(({ pk: _pk, sk: _sk, customerId: _c, ...entry }) => toEntry(entry));
    return { items, nextCursor: page.LastEvaluatedKey ? encodeCursor(page.LastEvaluatedKey) : null };
  }

  /** The earliest due time after `after` (the local scheduler jumps the clock from one to the next). */
  earliestDueAt(after: string): Promise<string | null> {
    return earliestDue(this.db, this.table, loyaltyDue, after);
  }

  async dueCustomers(now: string): Promise<string[]> {
    const due = await dueKeys(this.db, this.table, loyaltyDue, now);
    return due.map(({ pk }) => pk.slice(customerPk('').length));
  }
}

function recordKey(customerId: string, key: RecordKey): { pk: string; sk: string } {
  switch (key.kind) {
    case 'order':
      return loyaltyKeys.order(customerId, key.orderId);
    case 'coupon':
      return loyaltyKeys.coupon(customerId, key.code);
    case 'posting':
      return loyaltyKeys.posting(customerId, key.key);
  }
}

const loyaltyDue = { kind: 'loyalty', shards: loyaltyShards };
const dueShard = (customerId: string): string => dueShardOf('loyalty', loyaltyShards, customerId);

function toEntry(e: Record<string, unknown>): LedgerEntry {
  const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
  const types = ['earn', 'bonus', 'reverse', 'redeem', 'restore', 'expire'] as const;
  return {
    key: str(e.key) ?? '',
    at: str(e.at) ?? '',
    type: types.find((t) => t === e.type) ?? 'earn',
    points: typeof e.points === 'number' ? e.points : 0,
    orderId: str(e.orderId),
    refundId: str(e.refundId),
    redemptionKey: str(e.redemptionKey),
    reason: str(e.reason),
  };
}
