/** A domain event Rekindle publishes (`Source: rekindle`). `detail.eventId` lets consumers drop redeliveries. */
export interface OutgoingEvent {
  readonly type: string;
  readonly detail: Readonly<Record<string, unknown>> & { readonly eventId: string; readonly occurredAt: string };
}

/** Port: where domain events go (EventBridge on AWS, the local bus locally). */
export interface EventPublisher {
  publish(events: readonly OutgoingEvent[]): Promise<void>;
}
