import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { type Item, indexesOf, type TableIndexes } from './index-writes.js';
import { isRecord } from './item-size.js';

/**
 * The item before and after each write a function sends, so the meter can count index writes by DynamoDB's rules
 * (`index-writes.ts`). Where DynamoDB hands an image back atomically, it is asked for: a PutItem or DeleteItem gets
 * `ReturnValues: ALL_OLD` (the item it replaced or removed; the put's own item is the after image), an UpdateItem
 * `ALL_NEW` (the item it left). The one image no request returns, an update's before image (and a batch write's), is
 * read just before the write with a consistent GetItem by an uninstrumented client: another function's write to the
 * same item in between would be missed, which the bench's phases (one write per item at a time) rarely allow.
 * The function sees the output it asked for: images it did not ask for are taken out again.
 * The cost is one extra read per update, and the bench's timings include it: index counting is for unit figures;
 * the throughput phases run without it.
 */

export interface WriteImage {
  readonly table: string;
  readonly key: Item;
  readonly before: Item | undefined;
  readonly after: Item | undefined;
}

/** A write ready to send: the request with the images asked for, and how to read them from its output. */
export interface PreparedWrite {
  readonly input: object;
  /** The meter's own reads so far for this write. */
  readonly reads: number;
  /** After the write succeeded: the images (an image the function did not ask for is taken out of `output`). */
  complete(output: object): Promise<{ readonly images: readonly WriteImage[]; readonly reads: number }>;
}

export class WriteImages {
  private readonly tables = new Map<string, Promise<TableIndexes>>();

  constructor(private readonly reader: DynamoDBDocumentClient) {}

  /** The table's key and indexes as DynamoDB describes them (read once per table). */
  indexes(table: string): Promise<TableIndexes> {
    let known = this.tables.get(table);
    if (!known) {
      known = this.reader
        .send(new DescribeTableCommand({ TableName: table }))
        .then(({ Table }) => indexesOf(Table ?? {}));
      this.tables.set(table, known);
    }
    return known;
  }

  /** Undefined for anything but PutItem, UpdateItem, DeleteItem and BatchWriteItem. */
  async prepare(operation: string, input: object): Promise<PreparedWrite | undefined> {
    if (operation === 'BatchWriteItem') return this.prepareBatch(input);
    if (operation !== 'PutItem' && operation !== 'UpdateItem' && operation !== 'DeleteItem') return undefined;
    const table = Reflect.get(input, 'TableName');
    if (typeof table !== 'string') return undefined;
    const { tableKeys } = await this.indexes(table);
    const item: unknown = Reflect.get(input, 'Item');
    const key = keyOf(tableKeys, operation === 'PutItem' ? item : Reflect.get(input, 'Key'));
    const asked: unknown = Reflect.get(input, 'ReturnValues');
    const wanted = operation === 'UpdateItem' ? 'ALL_NEW' : 'ALL_OLD';
    const ours = asked === undefined || asked === 'NONE';
    const usable = ours || asked === wanted;
    const request = ours ? { ...input, ReturnValues: wanted } : input;
    const before = operation === 'UpdateItem' ? await this.read(table, key) : undefined;
    let reads = operation === 'UpdateItem' ? 1 : 0;
    return {
      input: request,
      reads,
      complete: async (output) => {
        const returned = record(Reflect.get(output, 'Attributes'));
        let image: WriteImage;
        if (operation === 'UpdateItem') {
          const after = usable ? returned : await this.read(table, key);
          if (!usable) reads++;
          image = { table, key, before, after };
        } else {
          const old = usable ? returned : undefined;
          image = { table, key, before: old, after: operation === 'PutItem' ? record(item) : undefined };
        }
        if (ours) Reflect.deleteProperty(output, 'Attributes');
        return { images: [image], reads };
      },
    };
  }

  private async prepareBatch(input: object): Promise<PreparedWrite | undefined> {
    const requestItems = record(Reflect.get(input, 'RequestItems'));
    if (!requestItems) return undefined;
    const writes: { table: string; key: Item; id: string; after: Item | undefined }[] = [];
    const keysOf = new Map<string, readonly string[]>();
    for (const [table, requests] of Object.entries(requestItems)) {
      const { tableKeys } = await this.indexes(table);
      keysOf.set(table, tableKeys);
      for (const { key, after } of batchRequests(tableKeys, requests)) {
        writes.push({ table, key, id: idOf(table, key), after });
      }
    }
    const befores = await Promise.all(writes.map((w) => this.read(w.table, w.key)));
    return {
      input,
      reads: writes.length,
      complete: async (output) => {
        const unprocessed = Object.entries(record(Reflect.get(output, 'UnprocessedItems')) ?? {});
        const skipped = new Set(
          unprocessed.flatMap(([table, requests]) =>
            batchRequests(keysOf.get(table) ?? [], requests).map(({ key }) => idOf(table, key)),
          ),
        );
        const images = writes.flatMap(({ table, key, id, after }, i) =>
          skipped.has(id) ? [] : [{ table, key, before: befores[i], after }],
        );
        return { images, reads: writes.length };
      },
    };
  }

  private async read(table: string, key: Item): Promise<Item | undefined> {
    const { Item } = await this.reader.send(new GetCommand({ TableName: table, Key: key, ConsistentRead: true }));
    return Item;
  }
}

function keyOf(tableKeys: readonly string[], item: unknown): Item {
  const source = record(item) ?? {};
  return Object.fromEntries(tableKeys.map((k) => [k, source[k]]));
}

/** The key and after image of each request of a BatchWriteItem for one table (`PutRequest` or `DeleteRequest`). */
function batchRequests(tableKeys: readonly string[], requests: unknown): { key: Item; after: Item | undefined }[] {
  return (Array.isArray(requests) ? requests : []).map((request: unknown) => {
    const put = record(Reflect.get(record(request) ?? {}, 'PutRequest'));
    const del = record(Reflect.get(record(request) ?? {}, 'DeleteRequest'));
    const after = put ? record(put.Item) : undefined;
    return { key: keyOf(tableKeys, after ?? del?.Key), after };
  });
}

const idOf = (table: string, key: Item): string => JSON.stringify([table, key]);

const record = (value: unknown): Record<string, unknown> | undefined => (isRecord(value) ? value : undefined);
