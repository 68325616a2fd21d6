import { createHmac, timingSafeEqual } from 'node:crypto';
import { addDuration, type Duration } from '../../platform/duration.js';
import type { MessageChannel } from '../../workflow/core/schema/workflow.js';
import type { UnsubscribeLinks } from './ports.js';

/**
 * Signed unsubscribe tokens: `v1.<payload>.<signature>`, both base64url. The payload is JSON holding the customer id
 * (the shop's opaque id, the only identifier in it), the channel, the idempotency key of the message that carried
 * the link, and issued-at and expiry in epoch seconds; the signature is HMAC-SHA256 over `v1.<payload>`. Keys
 * rotate: the first key signs, every listed key verifies, so an old key stays listed until its links expire.
 */

export interface UnsubscribeClaims {
  readonly customerId: string;
  readonly channel: MessageChannel;
  /** The idempotency key of the message whose link this is (its record notes the unsubscribe). */
  readonly messageKey: string;
  readonly issuedAt: string;
  readonly expiresAt: string;
}

/** What a presented token turned out to be; only `ok` may unsubscribe. */
export type TokenCheck =
  | { readonly status: 'ok'; readonly claims: UnsubscribeClaims }
  /** Authentic, but past its expiry. */
  | { readonly status: 'expired'; readonly claims: UnsubscribeClaims }
  /** Well formed, but no listed key signed it: altered, or signed with a key no longer listed. */
  | { readonly status: 'tampered' }
  /** Not a token of this form at all (truncated, wrong version, bad encoding). */
  | { readonly status: 'malformed'; readonly reason: string };

/** HMAC keys shorter than this are refused: 256 bits, the size of the SHA-256 output. */
export const minKeyBytes = 32;
export const defaultTokenLifetime: Duration = {
  years: 1,
  months: 0,
  weeks: 0,
  days: 0,
  hours: 0,
  minutes: 0,
  seconds: 0,
};

const version = 'v1';
// Longer than any token we sign (ids and keys are bounded upstream); bounds the work done on garbage input.
const maxTokenLength = 2048;
const base64url = /^[A-Za-z0-9_-]+$/;
const channels: readonly MessageChannel[] = ['email', 'sms', 'whatsapp'];

export class UnsubscribeTokens {
  private readonly keys: readonly Buffer[];

  /** `keys`: the first signs, all verify. `lifetime`: how long a link works after the message is sent. */
  constructor(
    keys: readonly Uint8Array[],
    private readonly lifetime: Duration = defaultTokenLifetime,
  ) {
    if (keys.length === 0) throw new Error('unsubscribe tokens need at least one key');
    if (keys.some((key) => key.length < minKeyBytes)) {
      throw new Error(`every unsubscribe key must be at least ${minKeyBytes} bytes`);
    }
    this.keys = keys.map((key) => Buffer.from(key));
  }

  sign(claims: Pick<UnsubscribeClaims, 'customerId' | 'channel' | 'messageKey'>, issuedAt: Date): string {
    const iat = Math.floor(issuedAt.getTime() / 1000);
    const exp = Math.floor(addDuration(issuedAt, this.lifetime).getTime() / 1000);
    const json = JSON.stringify({ c: claims.customerId, ch: claims.channel, k: claims.messageKey, iat, exp });
    const signed = `${version}.${Buffer.from(json, 'utf8').toString('base64url')}`;
    return `${signed}.${mac(this.keys[0] ?? Buffer.alloc(0), signed).toString('base64url')}`;
  }

  verify(token: string, now: Date): TokenCheck {
    if (token.length > maxTokenLength) return malformed('the token is too long');
    const parts = token.split('.');
    if (parts.length !== 3) return malformed('the token is not of the form v1.<payload>.<signature>');
    const [prefix = '', payload = '', signature = ''] = parts;
    if (prefix !== version) return malformed(`unknown token version '${prefix.slice(0, 8)}'`);
    if (!isCanonicalBase64url(payload) || !isCanonicalBase64url(signature)) {
      return malformed('the token is not base64url-encoded');
    }
    const presented = Buffer.from(signature, 'base64url');
    if (presented.length !== 32) return malformed('the signature has the wrong length');
    const signed = `${prefix}.${payload}`;
    // Every key is tried (no early exit), each compared in constant time: timing says nothing about which matched.
    let authentic = false;
    for (const key of this.keys) authentic = timingSafeEqual(mac(key, signed), presented) || authentic;
    if (!authentic) return { status: 'tampered' };
    const claims = decodeClaims(payload);
    if (!claims) return malformed('the token payload is not readable');
    return Date.parse(claims.expiresAt) <= now.getTime() ? { status: 'expired', claims } : { status: 'ok', claims };
  }
}

/**
 * Links for `List-Unsubscribe` and the visible link: `<base>/u/<token>`, and `mailto:<mailbox>?subject=
 * unsubscribe-<token>` when the shop has an unsubscribe mailbox. Issued at the step's time, so they expire a
 * lifetime after the message, by the engine's clock.
 */
export function signedUnsubscribeLinks(
  tokens: UnsubscribeTokens,
  baseUrl: string,
  mailbox: string | null,
): UnsubscribeLinks {
  const base = baseUrl.replace(/\/+$/, '');
  return {
    linkFor(customerId, channel, messageKey, at) {
      const token = tokens.sign({ customerId, channel, messageKey }, new Date(at));
      return {
        url: `${base}/u/${token}`,
        mailto: mailbox ? `mailto:${mailbox}?subject=unsubscribe-${token}` : null,
      };
    },
  };
}

const mac = (key: Buffer, data: string): Buffer => createHmac('sha256', key).update(data, 'utf8').digest();

const malformed = (reason: string): TokenCheck => ({ status: 'malformed', reason });

/** Rejects the alternative spellings base64url allows in its last character, so a token has exactly one form. */
const isCanonicalBase64url = (text: string): boolean =>
  base64url.test(text) && Buffer.from(text, 'base64url').toString('base64url') === text;

function decodeClaims(payload: string): UnsubscribeClaims | null {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const fields = new Map<string, unknown>(Object.entries(value));
  const [c, ch, k, iat, exp] = ['c', 'ch', 'k', 'iat', 'exp'].map((name) => fields.get(name));
  const channel = channels.find((known) => known === ch);
  if (typeof c !== 'string' || c === '' || !channel || typeof k !== 'string') return null;
  if (!Number.isSafeInteger(iat) || !Number.isSafeInteger(exp)) return null;
  return {
    customerId: c,
    channel,
    messageKey: k,
    issuedAt: new Date(Number(iat) * 1000).toISOString(),
    expiresAt: new Date(Number(exp) * 1000).toISOString(),
  };
}
