import type { TrackedCustomer } from './fact.js';
import type { IdentityKind, TrackingOp } from './model.js';

/** What tracking needs from storage. The DynamoDB adapter implements it; unit tests may use a fake. */
export interface TrackingStore {
  customerIdByIdentity(kind: IdentityKind, value: string): Promise<string | null>;
  /** The customer a message the engine sent went to (recorded by the sender). */
  customerIdByMessageId(messageId: string): Promise<string | null>;
  /** When the customer was purged (their latest purge), null if never: older events are dropped, not tracked. */
  erasedAt(customerId: string): Promise<string | null>;
  /**
   * One read before an event is tracked: whether its timeline entry (the commit point) exists, and the customer as
   * stored (null when nothing is), with their latest purge.
   */
  lookup(customerId: string, eventKey: string): Promise<{ tracked: boolean; customer: TrackedCustomer | null }>;
  /** The customer as stored now (strongly consistent: after this event's own writes); null when nothing is. */
  customer(customerId: string): Promise<TrackedCustomer | null>;
  /** Applies one idempotent effect; one that wrote the profile returns the customer as written, else null. */
  apply(op: TrackingOp): Promise<TrackedCustomer | null>;
}
