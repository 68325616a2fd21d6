/**
 * How far after its receipt an event may say it occurred. Shop and server clocks drift by seconds; an event dated
 * later than this is a sender's bug or an attempt to win every last-writer-wins merge (a consent dated 2099 would
 * never be withdrawn, a last activity in 2099 would never go inactive).
 */
export const maxLeadOverReceiptMs = 5 * 60_000;

export interface EventTime {
  readonly occurredAt: string;
  /** The time the event claimed, when it was later than receipt allows and `occurredAt` is the receipt time. */
  readonly clampedFrom?: string;
}

/** Bounds an event's time by when it was received: a time too far ahead becomes the receipt time (recorded). */
export function boundedByReceipt(occurredAt: string, receivedAt: string | undefined): EventTime {
  if (receivedAt === undefined) return { occurredAt };
  if (Date.parse(occurredAt) - Date.parse(receivedAt) <= maxLeadOverReceiptMs) return { occurredAt };
  return { occurredAt: receivedAt, clampedFrom: occurredAt };
}
