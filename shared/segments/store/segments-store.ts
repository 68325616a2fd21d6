import { type DynamoDBDocumentClient, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { batchGetAll } from '../../platform/dynamodb/batch-get.js';
import { writeIfCondition } from '../../platform/dynamodb/conditional.js';
import { type Item, numOrZero, strOrNull } from '../../platform/dynamodb/items.js';
import { customerPk, keys, sortPrefix } from '../../platform/dynamodb/keys.js';
import { queryAll } from '../../platform/dynamodb/query-all.js';
import type { AbcClass } from '../core/abc.js';
import type { HeldClasses, OrderFigures, SegmentsStore } from '../core/nightly.js';
import type { RfmScore } from '../core/rfm.js';
import type { RfmClass } from '../core/rfm-grid.js';

/**
 * The nightly run over the table: buyers from the sparse, keys-only `byOrderDay` index (one scan of the index, not of
 * the table), each buyer's order rows, the profiles' classes (projected), and a write only where a class changed.
 */
export class DynamoSegmentsStore implements SegmentsStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async buyers(): Promise<{ customerId: string; lastOrderDay: string }[]> {
    const out: { customerId: string; lastOrderDay: string }[] = [];
    let ExclusiveStartKey: Item | undefined;
    do {
      const page = await this.db.send(
        new ScanCommand({ TableName: this.table, IndexName: 'byOrderDay', ExclusiveStartKey }),
      );
      for (const item of page.Items ?? []) {
        const pk = strOrNull(item.pk);
        const day = strOrNull(item.orderDay);
        if (pk?.startsWith('CUST#') && day) out.push({ customerId: pk.slice('CUST#'.length), lastOrderDay: day });
      }
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return out;
  }

  async orders(customerId: string): Promise<OrderFigures[]> {
    const rows = await queryAll(this.db, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :order)',
      ExpressionAttributeValues: { ':pk': customerPk(customerId), ':order': sortPrefix.order },
      ProjectionExpression: '#at, #total, refunded',
      ExpressionAttributeNames: { '#at': 'at', '#total': 'total' },
    });
    // A row holding only refunds waiting for their order is no order.
    return rows.flatMap((r) =>
      typeof r.total === 'number' && typeof r.at === 'string'
        ? [{ at: r.at, total: r.total, refunded: numOrZero(r.refunded) }]
        : [],
    );
  }

  async classes(customerIds: readonly string[]): Promise<Map<string, HeldClasses>> {
    const profiles = await batchGetAll(
      this.db,
      this.table,
      customerIds.map((id) => keys.profile(id)),
      { ProjectionExpression: 'customerId, rfm, abc' },
    );
    return new Map(
      profiles.flatMap((p) => {
        const id = strOrNull(p.customerId);
        const rfm = typeof p.rfm === 'object' && p.rfm !== null ? strOrNull(Reflect.get(p.rfm, 'segment')) : null;
        return id ? [[id, { rfm: rfm as RfmClass | null, abc: strOrNull(p.abc) as AbcClass | null }] as const] : [];
      }),
    );
  }

  async write(customerId: string, rfm: RfmScore | null, abc: AbcClass | null, at: string): Promise<void> {
    const sets: string[] = [];
    const removes: string[] = [];
    const values: Record<string, unknown> = {};
    if (rfm) {
      sets.push('rfm = :rfm');
      values[':rfm'] = { r: rfm.r, f: rfm.f, m: rfm.m, segment: rfm.segment, at };
    } else removes.push('rfm');
    if (abc) {
      sets.push('abc = :abc');
      values[':abc'] = abc;
    } else removes.push('abc');
    const expression = [
      sets.length ? `SET ${sets.join(', ')}` : '',
      removes.length ? `REMOVE ${removes.join(', ')}` : '',
    ]
      .filter(Boolean)
      .join(' ');
    // Not on a purge tombstone (it has no order count): an erased customer gets no class back.
    await writeIfCondition(() =>
      this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: keys.profile(customerId),
          UpdateExpression: expression,
          ConditionExpression: 'attribute_exists(orderCount)',
          ...(Object.keys(values).length ? { ExpressionAttributeValues: values } : {}),
        }),
      ),
    );
  }
}
