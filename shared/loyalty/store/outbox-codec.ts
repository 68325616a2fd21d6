import { pack, unpack } from '../../platform/dynamodb/packed.js';
import { eventId } from '../core/draft.js';
import type { Outbox } from '../core/ports.js';

/**
 * The outbox as stored in the account item: gzipped JSON, like the account, without what each event's detail can be
 * rebuilt from (the customer, and the event id derived from it and the event's key): the item stays within 1 KB.
 */
export function packOutbox(outbox: Outbox): Uint8Array {
  const events = outbox.events.map(({ type, key, detail: { customerId: _c, eventId: _e, ...detail } }) => ({
    type,
    key,
    detail,
  }));
  return pack({ ...outbox, events });
}

export function unpackOutbox(customerId: string, value: unknown): Outbox {
  const outbox = unpack<Partial<Outbox>>(value);
  const events = outbox.events ?? [];
  // Freshly parsed: completed in place.
  for (const event of events) Object.assign(event.detail, { customerId, eventId: eventId(customerId, event.key) });
  return { version: outbox.version ?? 0, entries: outbox.entries ?? [], events, records: outbox.records ?? [] };
}
