import { describe, expect, it } from 'vitest';
import { decodeUnsubscribeKeys, loadUnsubscribeConfig } from '../../../shared/messaging/adapters/unsubscribe-config.js';
import { signedUnsubscribeLinks, UnsubscribeTokens } from '../../../shared/messaging/core/unsubscribe.js';
import { parseDuration } from '../../../shared/platform/duration.js';

const current = Buffer.alloc(32, 1);
const previous = Buffer.alloc(48, 2);
const sentAt = new Date('2026-11-01T09:00:00.000Z');
const claims = { customerId: 'cus_1', channel: 'email', messageKey: 'welcome-series#cus_1:welcome:1' } as const;
const tokens = new UnsubscribeTokens([current, previous]);
const token = tokens.sign(claims, sentAt);
const dayAfter = new Date('2026-11-02T09:00:00.000Z');

/** The token with one character of `part` (0 version, 1 payload, 2 signature) changed. */
function flip(text: string, part: number, at = 5): string {
  const parts = text.split('.');
  const target = parts[part] ?? '';
  parts[part] = target.slice(0, at) + (target[at] === 'A' ? 'B' : 'A') + target.slice(at + 1);
  return parts.join('.');
}

/** The same signature bytes spelled differently: unused low bits of the last base64url character set. */
function nonCanonical(text: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const last = alphabet.indexOf(text.slice(-1));
  const spelled = `${text.slice(0, -1)}${alphabet[(last & ~3) | 1]}`;
  expect(Buffer.from(spelled.split('.')[2] ?? '', 'base64url')).toEqual(
    Buffer.from(text.split('.')[2] ?? '', 'base64url'),
  );
  return spelled;
}

describe('unsubscribe tokens', () => {
  it('are URL-safe, versioned v1, and carry no personal data in clear beyond the customer id', () => {
    expect(token).toMatch(/^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    const payload = Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8');
    expect(JSON.parse(payload)).toEqual({
      c: 'cus_1',
      ch: 'email',
      k: claims.messageKey,
      iat: sentAt.getTime() / 1000,
      exp: Date.parse('2027-11-01T09:00:00.000Z') / 1000,
    });
  });

  it('ok: verifies with the claims, issued when the message was sent, expiring a year later', () => {
    expect(tokens.verify(token, dayAfter)).toEqual({
      status: 'ok',
      claims: { ...claims, issuedAt: '2026-11-01T09:00:00.000Z', expiresAt: '2027-11-01T09:00:00.000Z' },
    });
  });

  it('ok: a token signed with an older key that is still listed verifies', () => {
    const before = new UnsubscribeTokens([previous]).sign(claims, sentAt);
    expect(tokens.verify(before, dayAfter)).toMatchObject({ status: 'ok', claims });
    // Once the old key is dropped from the list, its tokens are no longer honoured.
    expect(new UnsubscribeTokens([current]).verify(before, dayAfter)).toEqual({ status: 'tampered' });
  });

  it('the first key signs: a list with a new key first signs with the new key', () => {
    const rotated = new UnsubscribeTokens([Buffer.alloc(32, 9), current]).sign(claims, sentAt);
    expect(new UnsubscribeTokens([current]).verify(rotated, dayAfter)).toEqual({ status: 'tampered' });
    expect(new UnsubscribeTokens([Buffer.alloc(32, 9)]).verify(rotated, dayAfter).status).toBe('ok');
  });

  it('tampered: a changed payload (another customer or channel) or a changed signature', () => {
    const forged = Buffer.from(JSON.stringify({ c: 'cus_2', ch: 'email', k: 'x', iat: 1, exp: 9e9 })).toString(
      'base64url',
    );
    const [version, , signature] = token.split('.');
    expect(tokens.verify(`${version}.${forged}.${signature}`, dayAfter)).toEqual({ status: 'tampered' });
    expect(tokens.verify(flip(token, 1), dayAfter)).toEqual({ status: 'tampered' });
    expect(tokens.verify(flip(token, 2), dayAfter)).toEqual({ status: 'tampered' });
    expect(new UnsubscribeTokens([Buffer.alloc(32, 3)]).verify(token, dayAfter)).toEqual({ status: 'tampered' });
  });

  it('expired: authentic, at or after its expiry; the claims say when', () => {
    expect(tokens.verify(token, new Date('2027-11-01T09:00:00.000Z'))).toMatchObject({
      status: 'expired',
      claims: { ...claims, expiresAt: '2027-11-01T09:00:00.000Z' },
    });
    expect(tokens.verify(token, new Date('2027-11-01T08:59:59.000Z')).status).toBe('ok');
  });

  it('expired: the lifetime is configurable', () => {
    const short = new UnsubscribeTokens([current], parseDuration('PT1H') ?? undefined);
    const brief = short.sign(claims, sentAt);
    expect(short.verify(brief, new Date('2026-11-01T09:59:59.000Z')).status).toBe('ok');
    expect(short.verify(brief, new Date('2026-11-01T10:00:00.000Z')).status).toBe('expired');
  });

  it.each([
    ['empty', ''],
    ['no parts', 'garbage'],
    ['two parts', 'v1.abc'],
    ['four parts', `${token}.x`],
    ['another version', `v2${token.slice(2)}`],
    ['not base64url', token.replace(/\.[^.]+$/, '.not+base64/==')],
    ['a short signature', token.slice(0, -4)],
    ['a non-canonical signature (same bytes, other spelling)', nonCanonical(token)],
    ['too long', `v1.${'A'.repeat(3000)}.${token.split('.')[2]}`],
  ])('malformed: %s', (_name, text) => {
    const check = tokens.verify(text, dayAfter);
    expect(check.status).toBe('malformed');
  });

  it('refuses keys shorter than 32 bytes and an empty key list', () => {
    expect(() => new UnsubscribeTokens([Buffer.alloc(31)])).toThrow(/at least 32 bytes/);
    expect(() => new UnsubscribeTokens([])).toThrow(/at least one key/);
  });
});

describe('unsubscribe links', () => {
  it('put the same token in the https link and the mailto subject', () => {
    const links = signedUnsubscribeLinks(tokens, 'https://shop.example/', 'unsubscribe@shop.example');
    const link = links.linkFor('cus_1', 'email', claims.messageKey, sentAt.toISOString());
    const signed = link.url.slice('https://shop.example/u/'.length);
    expect(tokens.verify(signed, dayAfter)).toMatchObject({ status: 'ok', claims });
    expect(link.mailto).toBe(`mailto:unsubscribe@shop.example?subject=unsubscribe-${signed}`);
    expect(
      signedUnsubscribeLinks(tokens, 'https://shop.example', null).linkFor('c', 'sms', 'k', '2026-01-01T00:00:00Z')
        .mailto,
    ).toBeNull();
  });
});

describe('UNSUBSCRIBE_SECRET', () => {
  const b64 = (bytes: number, fill = 1) => Buffer.alloc(bytes, fill).toString('base64');

  it('takes one or more comma-separated base64 keys, the first signing', () => {
    const config = loadUnsubscribeConfig({ UNSUBSCRIBE_SECRET: `${b64(32)}, ${b64(48, 2)}` });
    expect(config.keys.map((k) => Buffer.from(k).toString('base64'))).toEqual([b64(32), b64(48, 2)]);
    expect(config.lifetime).toMatchObject({ years: 1 });
    expect(
      loadUnsubscribeConfig({ UNSUBSCRIBE_SECRET: b64(32), UNSUBSCRIBE_LINK_LIFETIME: 'P90D' }).lifetime,
    ).toMatchObject({ days: 90 });
  });

  it('fails naming the variable when missing, short, not base64, or the lifetime is not a duration', () => {
    expect(() => loadUnsubscribeConfig({})).toThrow(/UNSUBSCRIBE_SECRET: required: comma-separated base64 keys/);
    expect(() => loadUnsubscribeConfig({ UNSUBSCRIBE_SECRET: b64(16) })).toThrow(
      /UNSUBSCRIBE_SECRET: the key is 16 bytes; expected comma-separated base64 keys of at least 32 bytes/,
    );
    expect(() => loadUnsubscribeConfig({ UNSUBSCRIBE_SECRET: `${b64(32)},${b64(8)}` })).toThrow(
      /UNSUBSCRIBE_SECRET: key 2 of 2 is 8 bytes/,
    );
    expect(() => loadUnsubscribeConfig({ UNSUBSCRIBE_SECRET: 'not base64!' })).toThrow(/the key is not base64/);
    expect(() => loadUnsubscribeConfig({ UNSUBSCRIBE_SECRET: b64(32), UNSUBSCRIBE_LINK_LIFETIME: 'a year' })).toThrow(
      /UNSUBSCRIBE_LINK_LIFETIME: must be a positive ISO-8601 duration/,
    );
  });

  it('an error never shows the key', () => {
    const secret = Buffer.from('sixteen byte key').toString('base64');
    expect(() => loadUnsubscribeConfig({ UNSUBSCRIBE_SECRET: secret })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining(secret) }),
    );
    expect(decodeUnsubscribeKeys(secret)).toEqual({ error: expect.not.stringContaining(secret) });
  });
});
