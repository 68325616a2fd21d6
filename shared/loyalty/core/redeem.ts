import { createHash } from 'node:crypto';
import { balanceAt } from './balance.js';
import { closeDraft, type Draft, eventBase } from './draft.js';
import { spendableKeys, take } from './lots.js';
import type { LoyaltyCommand, PostingOutcome, RedemptionState } from './model.js';
import type { LoyaltyProgram } from './program.js';
import { plus } from './time.js';

type Redeem = Extract<LoyaltyCommand, { kind: 'redeem' }>;
type Refusal = Extract<PostingOutcome, { status: 'refused' }>;

const base32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** `RK-` + 10 base-32 characters (50 bits) of sha256(customer, key): the same request always gets the same code. */
export function couponCode(program: LoyaltyProgram, customerId: string, key: string): string {
  const digest = createHash('sha256').update(`${customerId}\n${key}`).digest();
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of digest) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5 && out.length < 10) {
      out += base32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
    if (out.length === 10) break;
  }
  return `${program.redemption.couponPrefix}-${out}`;
}

/** Why a redemption of `points` cannot be made at `at`, or null when it can. */
function refusal(d: Draft, points: number, at: string): Refusal | null {
  const { minimum, step } = d.program.redemption;
  const refuse = (reason: Refusal['reason'], message: string): Refusal => ({ status: 'refused', reason, message });
  if (!Number.isSafeInteger(points) || points <= 0) {
    return refuse('invalid-points', `points must be a positive whole number, got ${points}`);
  }
  if (points < minimum)
    return refuse('below-minimum', `needs at least ${minimum} points per redemption, got ${points}`);
  if (points % step !== 0) return refuse('not-a-step', `points must be a multiple of ${step}, got ${points}`);
  const { available } = balanceAt(closeDraft(d), at);
  if (points > available) return refuse('insufficient-points', `needs ${points} points, ${available} available`);
  return null;
}

/** Spends points, soonest-expiring lots first, for a coupon worth points x pointValue. */
export function redeem(d: Draft, command: Redeem): { outcome: PostingOutcome; redemption?: RedemptionState } {
  const refused = refusal(d, command.points, command.at);
  if (refused) return { outcome: refused };
  take(d, spendableKeys(d, command.at), command.points);
  const { pointValue, couponExpiry } = d.program.redemption;
  const redemption: RedemptionState = {
    key: command.key,
    at: command.at,
    points: command.points,
    code: couponCode(d.program, d.customerId, command.key),
    value: Math.round(command.points * pointValue * 100) / 100,
    currency: d.program.currency,
    expiresAt: plus(command.at, couponExpiry),
  };
  const key = `redeem:${command.key}`;
  d.entries.push({ key, at: command.at, type: 'redeem', points: -command.points, redemptionKey: command.key });
  const { code, value, currency, expiresAt } = redemption;
  d.events.push({
    type: 'Points Redeemed',
    key,
    detail: { ...eventBase(d, key, command.at), points: command.points, code, value, currency, expiresAt },
  });
  return { outcome: { status: 'applied' }, redemption };
}
