import type { IdentityKind } from '../../tracking/core/model.js';
import { hashAddress } from '../hash.js';

/**
 * Every key in the single table, in one place. Access patterns:
 * - profile by id                 pk CUST#<id>            sk PROFILE
 * - timeline by customer, newest  pk CUST#<id>            sk EVT#<key>     (LSI `timeline` on tlSort = <time>#<key>)
 * - carts, orders by customer     pk CUST#<id>            sk CART#<cartId> | ORDER#<orderId>
 * - customer by email/phone/anon  pk ID#<kind>#<hash>     sk IDENTITY      (addresses only ever hashed)
 * - message by SES message id     pk MSG#<messageId>      sk MESSAGE       (points at the message record below)
 * - message record by send key    pk CUST#<id>            sk SEND#<idempotencyKey>  (claimed before the send: at most once)
 * - messages by customer, newest  pk CUST#<id>            sk MSG#<at>#<idempotencyKey>  (points at the record)
 * - suppression by hashed address pk SUPPRESS#<hash>      sk SUPPRESSION   (survives a purge; `channels`: only those)
 * - sends counted against caps    pk CUST#<id>            sk CAPS#<channel>   (a week or so of sends, versioned)
 * - send rate of a channel        pk RATE#<channel>       sk RATE   (the current second and the slots taken in it)
 * - held messages by due time     GSI byDue: dueShard = msg#<n> on the message record (status scheduled)
 * - parked events (DLQ)           pk DLQ                  sk <route>#<eventId>   (see parked-events.ts)
 * - customers by last-active day  GSI byActiveDay: activeDay = YYYY-MM-DD on the profile
 * - the inactivity sweep's progress pk SWEEP#inactivity  sk SWEEP   (the last day swept)
 * - a purged customer             pk CUST#<id>            sk PROFILE  (a tombstone: purgedAt and the purge record)
 * - kept accounting rows          pk PSEUDO#<pseudonym>   sk ORDER#… | LEDGER#… | LOYALTY  (no link back once done)
 * - purge audit records           pk AUDIT#purge          sk <purgedAt>#<customerId>
 * - loyalty account (commit point) pk CUST#<id>            sk LOYALTY          (bounded: lots, tier months, counters)
 * - loyalty record of an order     pk CUST#<id>            sk LOYALTY#ORDER#<orderId>   (earned, refunds, held)
 * - loyalty redemption by coupon   pk CUST#<id>            sk LOYALTY#COUPON#<code>     (the coupon, who used it)
 * - loyalty bonus or grant applied pk CUST#<id>            sk LOYALTY#POSTING#<key>     (its business key)
 * - ledger by customer, newest     pk CUST#<id>            sk LEDGER#<at>#<key>
 * - the table's own marker         pk REKINDLE             sk TABLE   (a Rekindle table; see table-marker.ts)
 */
export const keys = {
  profile: (customerId: string) => ({ pk: customerPk(customerId), sk: 'PROFILE' }),
  timeline: (customerId: string, eventKey: string) => ({ pk: customerPk(customerId), sk: `EVT#${eventKey}` }),
  cart: (customerId: string, cartId: string) => ({ pk: customerPk(customerId), sk: `CART#${cartId}` }),
  order: (customerId: string, orderId: string) => ({ pk: customerPk(customerId), sk: `ORDER#${orderId}` }),
  identity: (kind: IdentityKind, value: string) => ({ pk: `ID#${kind}#${identityHash(kind, value)}`, sk: 'IDENTITY' }),
  message: (messageId: string) => ({ pk: `MSG#${messageId}`, sk: 'MESSAGE' }),
  messageRecord: (customerId: string, idempotencyKey: string) => ({
    pk: customerPk(customerId),
    sk: `SEND#${idempotencyKey}`,
  }),
  messageByTime: (customerId: string, at: string, idempotencyKey: string) => ({
    pk: customerPk(customerId),
    sk: `MSG#${at}#${idempotencyKey}`,
  }),
  suppression: (address: string) => ({ pk: `SUPPRESS#${hashAddress(address)}`, sk: 'SUPPRESSION' }),
  sendCounts: (customerId: string, channel: string) => ({ pk: customerPk(customerId), sk: `CAPS#${channel}` }),
  sendRate: (channel: string) => ({ pk: `RATE#${channel}`, sk: 'RATE' }),
  inactivitySweep: () => ({ pk: 'SWEEP#inactivity', sk: 'SWEEP' }),
  purgeAudit: (purgedAt: string, customerId: string) => ({ pk: 'AUDIT#purge', sk: `${purgedAt}#${customerId}` }),
};

/** The loyalty feature's items: the account, the records beside it (one per order, coupon, bonus) and the ledger. */
export const loyaltyKeys = {
  account: (customerId: string) => ({ pk: customerPk(customerId), sk: 'LOYALTY' }),
  order: (customerId: string, orderId: string) => ({ pk: customerPk(customerId), sk: `LOYALTY#ORDER#${orderId}` }),
  coupon: (customerId: string, code: string) => ({ pk: customerPk(customerId), sk: `LOYALTY#COUPON#${code}` }),
  posting: (customerId: string, key: string) => ({ pk: customerPk(customerId), sk: `LOYALTY#POSTING#${key}` }),
  ledgerEntry: (customerId: string, at: string, key: string) => ({
    pk: customerPk(customerId),
    sk: `LEDGER#${at}#${key}`,
  }),
  ledgerPrefix: 'LEDGER#',
};

export const customerPk = (customerId: string): string => `CUST#${customerId}`;
export const timelineSort = (occurredAt: string, eventKey: string): string => `${occurredAt}#${eventKey}`;
export const sortPrefix = {
  timeline: 'EVT#',
  cart: 'CART#',
  order: 'ORDER#',
  messageRecord: 'SEND#',
  messageByTime: 'MSG#',
} as const;

// Anonymous ids are not personal addresses; hashing them too keeps every identity key the same shape.
const identityHash = (_kind: IdentityKind, value: string): string => hashAddress(value);
