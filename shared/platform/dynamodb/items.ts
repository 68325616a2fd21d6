import type { CartSnapshot, Channel, TimelineEntry } from '../../tracking/core/model.js';

/** Items read back from our own table: shapes we wrote, re-checked field by field instead of cast. */
export type Item = Record<string, unknown>;

export const strOrNull = (v: unknown): string | null => (typeof v === 'string' ? v : null);
export const numOrZero = (v: unknown): number => (typeof v === 'number' ? v : 0);
export const objectOf = (v: unknown): Item =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? Object.fromEntries(Object.entries(v)) : {};

/**
 * A purged customer's profile item: `purgedAt` and nothing tracked since (no field, activity or order). A customer who
 * registers again after a purge has a live profile on the same item.
 */
export function isTombstone(profile: Item): boolean {
  const fieldTimes = objectOf(profile.fieldTimes);
  return (
    typeof profile.purgedAt === 'string' &&
    Object.keys(fieldTimes).length === 0 &&
    profile.lastActiveAt === undefined &&
    profile.orderCount === undefined
  );
}

const channels: readonly Channel[] = ['web', 'email', 'sms', 'whatsapp'];

export function toTimelineEntry(e: Item): TimelineEntry {
  const data = Object.fromEntries(
    Object.entries(objectOf(e.data)).filter((kv): kv is [string, string | number | boolean] =>
      ['string', 'number', 'boolean'].includes(typeof kv[1]),
    ),
  );
  return {
    key: strOrNull(e.key) ?? '',
    occurredAt: strOrNull(e.occurredAt) ?? '',
    type: strOrNull(e.type) ?? '',
    channel: channels.find((c) => c === e.channel) ?? 'web',
    source: strOrNull(e.source) ?? '',
    data,
  };
}

/** A cart item (`CART#<cartId>`) as the snapshot tracking wrote. */
export function toCart(e: Item): CartSnapshot {
  const items = Array.isArray(e.items) ? e.items : [];
  return {
    cartId: strOrNull(e.cartId) ?? '',
    at: strOrNull(e.updatedAt) ?? '',
    currency: strOrNull(e.currency) ?? '',
    total: numOrZero(e.total),
    items,
    email: strOrNull(e.email) ?? undefined,
  };
}
