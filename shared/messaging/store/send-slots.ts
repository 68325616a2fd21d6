import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { writeIfCondition } from '../../platform/dynamodb/conditional.js';
import { keys } from '../../platform/dynamodb/keys.js';
import type { MessageChannel } from '../../workflow/core/schema/workflow.js';
import type { SendSlots } from '../core/send-rate.js';

/**
 * The send rate of a channel as one item (`RATE#<channel>` / `RATE`): the current second and the slots taken in it.
 * A slot is one conditional `ADD`; the first send of a new second replaces the old one, so nothing piles up (no TTL
 * needed) and an earlier second than the stored one counts against the stored one.
 */
export class DynamoSendSlots implements SendSlots {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async take(channel: MessageChannel, second: number, limit: number): Promise<boolean> {
    if (await this.add(channel, second, limit)) return true;
    if (await this.startSecond(channel, second)) return true;
    // Another sender started the second first: once more against its count; failing now, the second is full.
    return this.add(channel, second, limit);
  }

  private add(channel: MessageChannel, second: number, limit: number): Promise<boolean> {
    return writeIfCondition(() =>
      this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: keys.sendRate(channel),
          UpdateExpression: 'ADD taken :one',
          ConditionExpression: '#second >= :second AND taken < :limit',
          ExpressionAttributeNames: { '#second': 'second' },
          ExpressionAttributeValues: { ':one': 1, ':second': second, ':limit': limit },
        }),
      ),
    );
  }

  private startSecond(channel: MessageChannel, second: number): Promise<boolean> {
    return writeIfCondition(() =>
      this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: keys.sendRate(channel),
          UpdateExpression: 'SET #second = :second, taken = :one',
          ConditionExpression: 'attribute_not_exists(#second) OR #second < :second',
          ExpressionAttributeNames: { '#second': 'second' },
          ExpressionAttributeValues: { ':one': 1, ':second': second },
        }),
      ),
    );
  }
}
