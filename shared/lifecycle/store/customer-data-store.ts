import {
  BatchWriteCommand,
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { putSuppression } from '../../messaging/store/suppressions.js';
import { writeIfCondition } from '../../platform/dynamodb/conditional.js';
import { type Item, isTombstone, strOrNull } from '../../platform/dynamodb/items.js';
import { customerPk, keys } from '../../platform/dynamodb/keys.js';
import { pack, unpack } from '../../platform/dynamodb/packed.js';
import { queryAll } from '../../platform/dynamodb/query-all.js';
import type { WorkflowCounters } from '../../workflow/core/executor/ports.js';
import { fateOf, kindOf, type PurgeAudit, pseudonymise } from '../core/purge.js';
import type { CustomerDataStore, HeldProfile, Identity, PurgeRecord } from '../core/purge-service.js';

type Key = { readonly pk: string; readonly sk: string };

/** Index and bookkeeping attributes: a pseudonymised copy must not be swept, expired or listed as the customer's. */
const notCopied = new Set(['pk', 'sk', 'dueShard', 'dueAt', 'tlSort', 'activeDay', 'outbox']);
const maxBatchAttempts = 8;

/**
 * The erasure on the single table. The profile becomes a tombstone (`purgedAt`, the purge record, no contact data);
 * accounting rows move to `PSEUDO#<pseudonym>` with every mention of the customer id replaced; the rest is deleted,
 * with the customer's identity items, merged visitors and message lookups. Each step is safe to repeat.
 */
export class DynamoCustomerDataStore implements CustomerDataStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly counters: WorkflowCounters,
  ) {}

  async profile(customerId: string): Promise<HeldProfile | null> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.table, Key: keys.profile(customerId), ConsistentRead: true }),
    );
    if (!Item) return null;
    return {
      version: typeof Item.version === 'number' ? Item.version : 0,
      email: strOrNull(Item.email),
      phone: strOrNull(Item.phone),
      anonymousIds: Item.anonymousIds instanceof Set ? [...Item.anonymousIds].map(String) : [],
      identities: Item.identities instanceof Set ? [...Item.identities].flatMap((pk) => identityOf(String(pk))) : [],
      live: !isTombstone(Item),
      lastActiveAt: strOrNull(Item.lastActiveAt),
      purge: Item.purge === undefined ? null : unpack<PurgeRecord>(Item.purge),
    };
  }

  async heldSortKeys(customerId: string): Promise<readonly string[]> {
    const items = await this.partition(customerPk(customerId), 'sk');
    return items.map((item) => String(item.sk));
  }

  suppress(address: string, at: string): Promise<void> {
    return putSuppression(this.db, this.table, address, 'purge', at);
  }

  tombstone(customerId: string, version: number, record: PurgeRecord): Promise<boolean> {
    return writeIfCondition(() =>
      this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: {
            ...keys.profile(customerId),
            customerId,
            version: version + 1,
            purgedAt: record.purgedAt,
            purge: pack(record),
          },
          ConditionExpression: version === 0 ? 'attribute_not_exists(version)' : 'version = :v',
          ...(version === 0 ? {} : { ExpressionAttributeValues: { ':v': version } }),
        }),
      ),
    );
  }

  async erase(customerId: string, record: PurgeRecord): Promise<void> {
    const pseudonym = record.pseudonym ?? '';
    const deletes: Key[] = [];
    for (const item of await this.partition(customerPk(customerId))) {
      const key = { pk: String(item.pk), sk: String(item.sk) };
      const kind = kindOf(key.sk);
      if (kind === 'profile') continue; // the tombstone
      if (kind === 'enrollments') await this.stopEnrollment(key, item);
      else if (fateOf(kind) === 'pseudonymise') {
        await this.putPseudonymised(item, customerId, pseudonym);
        deletes.push(key);
      } else {
        const providerMessageId = strOrNull(item.providerMessageId);
        if (kind === 'messages' && providerMessageId) deletes.push(keys.message(providerMessageId));
        deletes.push(key);
      }
    }
    await this.deleteAll(deletes);
    for (const { kind, hash } of record.identities ?? []) {
      await this.deleteIdentity({ pk: `ID#${kind}#${hash}`, sk: 'IDENTITY' }, customerId);
    }
    for (const anonymousId of record.anonymousIds ?? []) {
      await this.deleteIdentity(keys.identity('anonymous', anonymousId), customerId);
      const visit = await this.partition(customerPk(`anon:${anonymousId}`), 'pk, sk');
      await this.deleteAll(visit.map((item) => ({ pk: String(item.pk), sk: String(item.sk) })));
    }
  }

  async finish(customerId: string, audit: PurgeAudit): Promise<void> {
    const done: PurgeRecord = { ...audit, state: 'done' };
    // Conditional: a purge started later (the customer came back and was purged again) is not overwritten.
    await writeIfCondition(() =>
      this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: keys.profile(customerId),
          UpdateExpression: 'SET purge = :done',
          ConditionExpression: 'purgedAt = :at',
          ExpressionAttributeValues: { ':done': pack(done), ':at': audit.purgedAt },
        }),
      ),
    );
    await this.db.send(
      new PutCommand({
        TableName: this.table,
        Item: { ...keys.purgeAudit(audit.purgedAt, customerId), ...audit },
      }),
    );
  }

  /** Everything under `pk`, read consistently (the erasure must see what was written just before). */
  private partition(pk: string, projection?: string): Promise<Item[]> {
    return queryAll(this.db, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': pk },
      ConsistentRead: true,
      ...(projection ? { ProjectionExpression: projection } : {}),
    });
  }

  /**
   * Deletes an enrollment at the revision read (a step committing meanwhile is read again), counting one still on
   * its way as exited `purged` in its workflow's report; its timer goes with the item.
   */
  private async stopEnrollment(key: Key, item: Item): Promise<void> {
    let current: Item | undefined = item;
    while (current) {
      const deleted = await writeIfCondition(() =>
        this.db.send(
          new DeleteCommand({
            TableName: this.table,
            Key: key,
            ConditionExpression: 'revision = :r',
            ExpressionAttributeValues: { ':r': current?.revision ?? 0 },
          }),
        ),
      );
      if (deleted) {
        const { status, workflowId, version } = current;
        if (status === 'active' && typeof workflowId === 'string' && typeof version === 'number') {
          await this.counters.add(workflowId, version, { 'exited:purged': 1 });
        }
        return;
      }
      ({ Item: current } = await this.db.send(
        new GetCommand({ TableName: this.table, Key: key, ConsistentRead: true }),
      ));
    }
  }

  private async putPseudonymised(item: Item, customerId: string, pseudonym: string): Promise<void> {
    const kept: Item = {};
    for (const [name, value] of Object.entries(item)) {
      if (notCopied.has(name)) continue;
      // Packed documents (the loyalty account) are opened, rewritten and packed again.
      kept[name] =
        value instanceof Uint8Array
          ? pack(pseudonymise(unpack<unknown>(value), customerId, pseudonym))
          : pseudonymise(value, customerId, pseudonym);
    }
    const sk = String(pseudonymise(String(item.sk), customerId, pseudonym));
    await this.db.send(
      new PutCommand({ TableName: this.table, Item: { pk: `PSEUDO#${pseudonym}`, sk, ...kept, pseudonymised: true } }),
    );
  }

  /** An identity is removed only while it still points at this customer (an address may have moved on). */
  private async deleteIdentity(key: Key, customerId: string): Promise<void> {
    await writeIfCondition(() =>
      this.db.send(
        new DeleteCommand({
          TableName: this.table,
          Key: key,
          ConditionExpression: 'customerId = :cid',
          ExpressionAttributeValues: { ':cid': customerId },
        }),
      ),
    );
  }

  /** BatchWriteItem by 25, retrying what DynamoDB leaves unprocessed. */
  private async deleteAll(all: readonly Key[]): Promise<void> {
    for (let i = 0; i < all.length; i += 25) {
      let pending: Record<string, unknown>[] = all.slice(i, i + 25).map((Key) => ({ DeleteRequest: { Key } }));
      for (let attempt = 1; pending.length > 0; attempt++) {
        if (attempt > maxBatchAttempts) throw new Error(`BatchWriteItem: ${pending.length} deletes still unprocessed`);
        const out = await this.db.send(new BatchWriteCommand({ RequestItems: { [this.table]: pending } }));
        pending = out.UnprocessedItems?.[this.table] ?? [];
        if (pending.length > 0) await new Promise((resolve) => setTimeout(resolve, 25 * 2 ** attempt));
      }
    }
  }
}

/** `ID#email#<hash>` -> the identity; anything else is not one of the customer's addresses. */
function identityOf(pk: string): Identity[] {
  const [prefix, kind, hash] = pk.split('#');
  return prefix === 'ID' && (kind === 'email' || kind === 'phone') && hash ? [{ kind, hash }] : [];
}
