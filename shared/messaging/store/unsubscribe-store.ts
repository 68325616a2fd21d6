import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoTrackingStore } from '../../tracking/store/tracking-store.js';
import type { MessageChannel } from '../../workflow/core/schema/workflow.js';
import type { Recipient } from '../core/model.js';
import type { UnsubscribeStore } from '../core/unsubscribe-service.js';
import { DynamoMessageLog } from './message-log.js';
import { DynamoMessagingFacts } from './messaging-facts.js';

/**
 * An unsubscribe over the table, with the writes tracking already makes: the consent as a profile change (merged
 * per field by time), the suppression entry as for a bounce. Touches only `CUST#` and `SUPPRESS#` items.
 */
export class DynamoUnsubscribeStore implements UnsubscribeStore {
  private readonly facts: DynamoMessagingFacts;
  private readonly tracking: DynamoTrackingStore;
  private readonly log: DynamoMessageLog;

  constructor(db: DynamoDBDocumentClient, table: string) {
    this.facts = new DynamoMessagingFacts(db, table);
    this.tracking = new DynamoTrackingStore(db, table);
    this.log = new DynamoMessageLog(db, table);
  }

  recipient(customerId: string): Promise<Recipient | null> {
    return this.facts.recipient(customerId);
  }

  async revokeConsent(customerId: string, channel: MessageChannel, at: string): Promise<void> {
    await this.tracking.apply({ kind: 'profile', customerId, change: { at, consents: { [channel]: false } } });
  }

  async suppress(address: string, at: string): Promise<void> {
    await this.tracking.apply({ kind: 'suppress', address, reason: 'unsubscribe', at });
  }

  noteOnMessage(customerId: string, messageKey: string, channel: MessageChannel, at: string): Promise<void> {
    // One entry per message, however often the link is posted.
    return this.log.appendToRecord(customerId, messageKey, {
      key: 'unsubscribe',
      status: 'unsubscribed',
      at,
      detail: channel,
    });
  }
}
