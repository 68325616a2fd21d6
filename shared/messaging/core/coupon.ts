import { createHash } from 'node:crypto';
import { addDuration, parseDuration } from '../../platform/duration.js';
import type { Offer } from '../../workflow/core/interpreter/types.js';
import type { Coupon } from './model.js';

/**
 * The coupon of a send step's offer: a single-use code derived from the message's idempotency key, so a retry of
 * the same send renders the same code and two customers (or two visits of a step) never share one. 48 bits of
 * SHA-256 in hex (no O/0 or I/1 to confuse), e.g. `RK-3F9A0C21B7E4`.
 */
export function couponFor(idempotencyKey: string, offer: Offer | null, at: string, currency: string): Coupon | null {
  const coupon = offer?.coupon;
  if (!coupon) return null;
  const digest = createHash('sha256').update(`coupon\n${idempotencyKey}`).digest('hex').slice(0, 12);
  const lifetime = parseDuration(coupon.expiresIn);
  // The workflow schema validated the duration; an unparsable one would be a bug, not a customer's problem.
  if (!lifetime) throw new Error(`coupon expiresIn ${coupon.expiresIn} is not an ISO-8601 duration`);
  return {
    code: `RK-${digest.toUpperCase()}`,
    percent: 'percent' in coupon ? coupon.percent : null,
    amount: 'amount' in coupon ? coupon.amount : null,
    currency,
    expiresAt: addDuration(new Date(at), lifetime).toISOString(),
  };
}
