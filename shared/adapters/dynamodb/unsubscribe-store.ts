import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Recipient } from '../../domain/messaging/model.js';
import type { UnsubscribeStore } from '../../domain/messaging/unsubscribe-service.js';
import type { MessageChannel } from '../../schemas/workflow.js';
import { DynamoMessageLog } from './message-log.js';
import { DynamoMessagingFacts } from './messaging-facts.js';
import { DynamoTrackingStore } from './tracking-store.js';

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

  revokeConsent(customerId: string, channel: MessageChannel, at: string): Promise<void> {
    return this.tracking.apply({ kind: 'profile', customerId, change: { at, consents: { [channel]: false } } });
  }

  suppress(address: string, at: string): Promise<void> {
    return this.tracking.apply({ kind: 'suppress', address, reason: 'unsubscribe', at });
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
