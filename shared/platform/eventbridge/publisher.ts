import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import type { EventPublisher, OutgoingEvent } from '../events.js';

const maxBatch = 10;
const maxAttempts = 4;

/** PutEvents in batches of 10; entries that fail (FailedEntryCount) are retried, then the call throws. */
export class EventBridgePublisher implements EventPublisher {
  constructor(
    private readonly client: EventBridgeClient,
    private readonly busName: string,
    private readonly source = 'rekindle',
  ) {}

  static create(busName: string, endpoint?: string): EventBridgePublisher {
    const local = endpoint
      ? { endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
      : {};
    return new EventBridgePublisher(new EventBridgeClient(local), busName);
  }

  async publish(events: readonly OutgoingEvent[]): Promise<void> {
    for (let i = 0; i < events.length; i += maxBatch) {
      await this.putWithRetry(events.slice(i, i + maxBatch).map((e) => this.entry(e)));
    }
  }

  private entry(event: OutgoingEvent): PutEventsRequestEntry {
    return {
      EventBusName: this.busName,
      Source: this.source,
      DetailType: event.type,
      Detail: JSON.stringify(event.detail),
      Time: new Date(event.detail.occurredAt),
    };
  }

  private async putWithRetry(entries: PutEventsRequestEntry[]): Promise<void> {
    let pending = entries;
    for (let attempt = 1; pending.length > 0; attempt++) {
      const out = await this.client.send(new PutEventsCommand({ Entries: pending }));
      if (!out.FailedEntryCount) return;
      const failed = pending.filter((_, i) => out.Entries?.[i]?.ErrorCode);
      if (attempt >= maxAttempts) {
        const codes = [...new Set(out.Entries?.map((e) => e.ErrorCode).filter(Boolean))].join(', ');
        throw new Error(`PutEvents: ${failed.length} entries still failing after ${attempt} attempts (${codes})`);
      }
      pending = failed;
      await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
    }
  }
}
