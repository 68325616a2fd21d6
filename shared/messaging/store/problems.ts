import { DeleteCommand, type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { batchGetAll } from '../../platform/dynamodb/batch-get.js';
import { strOrNull } from '../../platform/dynamodb/items.js';
import { keys } from '../../platform/dynamodb/keys.js';
import type { MessageRecord } from '../core/model.js';
import type { MessageRef, ProblemReader } from '../core/ports.js';
import { toRecord } from './message-reader.js';

/**
 * Failed messages across customers, for the one place a marketer looks (`GET /problems`): a pointer per failure
 * (`PROBLEMS` / `<at>#<idempotency key>`) to the message record, which holds the reason. Failures are rare, so one
 * partition holds them; the pointer carries no address or reason, and a purged customer's record (under their
 * own key) is gone with them, so their problems list nothing and the pointer is removed when next read.
 */
const problemsPk = 'PROBLEMS';

export function problemPointer(message: MessageRef & Pick<MessageRecord, 'at'>) {
  const { customerId, idempotencyKey, at } = message;
  return { pk: problemsPk, sk: `${at}#${idempotencyKey}`, customerId, idempotencyKey, at };
}

export async function noteProblem(
  db: DynamoDBDocumentClient,
  table: string,
  message: MessageRef & Pick<MessageRecord, 'at'>,
): Promise<void> {
  await db.send(new PutCommand({ TableName: table, Item: problemPointer(message) }));
}

export class DynamoProblems implements ProblemReader {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async problems(limit: number): Promise<readonly MessageRecord[]> {
    const page = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': problemsPk },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    const pointers = (page.Items ?? []).flatMap((pointer) => {
      const customerId = strOrNull(pointer.customerId);
      const key = strOrNull(pointer.idempotencyKey);
      return customerId && key
        ? [{ pointer: { pk: problemsPk, sk: String(pointer.sk) }, record: keys.messageRecord(customerId, key) }]
        : [];
    });
    const records = new Map(
      (
        await batchGetAll(
          this.db,
          this.table,
          pointers.map((p) => p.record),
        )
      ).map((r) => [`${String(r.pk)}\0${String(r.sk)}`, r]),
    );
    const found: MessageRecord[] = [];
    for (const { pointer, record } of pointers) {
      const item = records.get(`${record.pk}\0${record.sk}`);
      if (item) found.push(toRecord(item));
      // The customer was purged: nothing of theirs stays behind, not even their id in this list.
      else await this.db.send(new DeleteCommand({ TableName: this.table, Key: pointer }));
    }
    return found;
  }
}
