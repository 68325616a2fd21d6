import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { writeIfCondition } from '../../platform/dynamodb/conditional.js';
import { keys } from '../../platform/dynamodb/keys.js';
import type { DynamoTrackingStore } from '../../tracking/store/tracking-store.js';
import type { InboundReply, OptOutStore } from '../core/opt-out.js';

/** An opt-out by reply on the table: the phone identity, the profile's consent, the timeline, suppression. */
export class DynamoOptOuts implements OptOutStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly tracking: DynamoTrackingStore,
  ) {}

  customerByPhone(phone: string): Promise<string | null> {
    return this.tracking.customerIdByIdentity('phone', phone);
  }

  async revokeConsent(
    customerId: string,
    channel: InboundReply['channel'],
    reply: InboundReply,
    keyword: string,
  ): Promise<void> {
    // Merged by time like any profile change: a consent the storefront sends later than the reply wins again.
    await this.tracking.apply({
      kind: 'profile',
      customerId,
      change: { at: reply.at, consents: { [channel]: false } },
    });
    await this.tracking.apply({
      kind: 'timeline',
      customerId,
      entry: {
        key: `inbound:${reply.id}`,
        occurredAt: reply.at,
        type: 'Opted Out',
        channel,
        source: `inbound.${channel}`,
        data: { keyword },
      },
    });
  }

  async suppress(phone: string, channel: InboundReply['channel'], reason: string, at: string): Promise<void> {
    // Adds the channel to the number's suppression; one without `channels` already covers every channel.
    await writeIfCondition(() =>
      this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: keys.suppression(phone),
          UpdateExpression:
            'SET reason = if_not_exists(reason, :reason), #at = if_not_exists(#at, :at) ADD channels :channel',
          ConditionExpression: 'attribute_not_exists(pk) OR attribute_exists(channels)',
          ExpressionAttributeNames: { '#at': 'at' },
          ExpressionAttributeValues: { ':reason': reason, ':at': at, ':channel': new Set([channel]) },
        }),
      ),
    );
  }
}
