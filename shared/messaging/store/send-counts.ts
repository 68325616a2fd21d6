import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { writeIfCondition } from '../../platform/dynamodb/conditional.js';
import { objectOf, strOrNull } from '../../platform/dynamodb/items.js';
import { keys } from '../../platform/dynamodb/keys.js';
import type { MessageChannel } from '../../workflow/core/schema/workflow.js';
import type { CountedSend, SendCounts } from '../core/frequency-caps.js';

/**
 * The sends counted against a customer's caps on one channel: one small item (`CUST#<id>` / `CAPS#<channel>`,
 * a week or so of sends), replaced with a conditional write on its version, so concurrent workflows count in turn.
 */
export class DynamoSendCounts implements SendCounts {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async read(customerId: string, channel: MessageChannel): Promise<{ sends: CountedSend[]; version: number }> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.table, Key: keys.sendCounts(customerId, channel), ConsistentRead: true }),
    );
    const sends = (Array.isArray(Item?.sends) ? Item.sends : []).flatMap((raw: unknown) => {
      const s = objectOf(raw);
      const key = strOrNull(s.key);
      const at = strOrNull(s.at);
      return key && at ? [{ key, at, workflowId: strOrNull(s.workflowId) ?? '' }] : [];
    });
    return { sends, version: typeof Item?.version === 'number' ? Item.version : 0 };
  }

  write(customerId: string, channel: MessageChannel, sends: readonly CountedSend[], version: number): Promise<boolean> {
    return writeIfCondition(() =>
      this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...keys.sendCounts(customerId, channel), customerId, channel, sends, version: version + 1 },
          ConditionExpression: version === 0 ? 'attribute_not_exists(pk)' : 'version = :version',
          ...(version === 0 ? {} : { ExpressionAttributeValues: { ':version': version } }),
        }),
      ),
    );
  }
}
