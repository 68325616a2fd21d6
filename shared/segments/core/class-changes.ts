import type { OutgoingEvent } from '../../platform/events.js';

/** A customer's class as last written to their profile, and as the nightly run computed it now. */
export interface ClassChange<C extends string> {
  readonly customerId: string;
  readonly from: C | null;
  readonly to: C | null;
}

/**
 * Only what changed: the nightly run writes back and announces these, never the unchanged (most customers, most
 * nights). A customer who left the window (no order in it any more) goes to null.
 */
export function classChanges<C extends string>(
  previous: ReadonlyMap<string, C>,
  next: ReadonlyMap<string, C>,
): ClassChange<C>[] {
  const ids = [...new Set([...previous.keys(), ...next.keys()])].sort();
  return ids.flatMap((customerId) => {
    const from = previous.get(customerId) ?? null;
    const to = next.get(customerId) ?? null;
    return from === to ? [] : [{ customerId, from, to }];
  });
}

/** `RFM Class Changed` {from, to}: the workflows' `rfm` segment trigger enters on `to`. One per customer per run. */
export function rfmClassChanged(change: ClassChange<string>, runAt: string): OutgoingEvent {
  return {
    type: 'RFM Class Changed',
    detail: {
      customerId: change.customerId,
      from: change.from,
      to: change.to,
      eventId: `rfm:${change.customerId}:${runAt}`,
      occurredAt: runAt,
    },
  };
}
