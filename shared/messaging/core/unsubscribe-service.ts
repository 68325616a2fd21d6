import type { MessageChannel } from '../../workflow/core/schema/workflow.js';
import type { Recipient } from './model.js';
import type { TokenCheck, UnsubscribeTokens } from './unsubscribe.js';

/** What the unsubscribe endpoint reads and writes; every write is idempotent. */
export interface UnsubscribeStore {
  /** Null when nothing is known about the customer (e.g. purged). */
  recipient(customerId: string): Promise<Recipient | null>;
  /** Marketing consent for the channel becomes false as of `at` (per-field last writer wins, like `Customer Updated`). */
  revokeConsent(customerId: string, channel: MessageChannel, at: string): Promise<void>;
  /** The address joins the suppression list (by hash) with reason `unsubscribe`; the first reason is kept. */
  suppress(address: string, at: string): Promise<void>;
  /** The message that carried the link gets `unsubscribed` in its history, once. No-op without a record. */
  noteOnMessage(customerId: string, messageKey: string, channel: MessageChannel, at: string): Promise<void>;
}

export type RefusedToken = Exclude<TokenCheck, { status: 'ok' }>['status'];

/** What the page shows: the channel in question, in the customer's language when the token names a known customer. */
export type UnsubscribeView =
  | {
      /** `confirm`: the GET page (nothing done yet); `unsubscribed`: done now, or before. */
      readonly outcome: 'confirm' | 'unsubscribed';
      readonly channel: MessageChannel;
      readonly locale: string | null;
    }
  | {
      readonly outcome: 'refused';
      readonly problem: RefusedToken;
      readonly message: string;
      readonly locale: string | null;
    };

/**
 * One-click unsubscribe (RFC 8058) behind a signed link. `preview` (the GET) only reads, so link scanners and
 * prefetching never unsubscribe anyone; `unsubscribe` (the POST) acts at once and may be repeated.
 */
export class UnsubscribeService {
  constructor(
    private readonly tokens: UnsubscribeTokens,
    private readonly store: UnsubscribeStore,
    private readonly now: () => Date,
  ) {}

  async preview(token: string): Promise<UnsubscribeView> {
    const check = this.tokens.verify(token, this.now());
    if (check.status !== 'ok') return this.refuse(check);
    const recipient = await this.store.recipient(check.claims.customerId);
    return { outcome: 'confirm', channel: check.claims.channel, locale: recipient?.locale ?? null };
  }

  async unsubscribe(token: string): Promise<UnsubscribeView> {
    const at = this.now();
    const check = this.tokens.verify(token, at);
    if (check.status !== 'ok') return this.refuse(check);
    const { customerId, channel, messageKey } = check.claims;
    const recipient = await this.store.recipient(customerId);
    // A customer no longer known (purged) has no consent left to revoke, and their addresses are suppressed already:
    // writing now would bring a profile back.
    if (!recipient) return { outcome: 'unsubscribed', channel, locale: null };
    const when = at.toISOString();
    // Suppression first: it holds even if the storefront later sends its old consent again. Only an email address
    // is suppressed: a phone number serves SMS and WhatsApp, and leaving one must not end the other.
    if (channel === 'email' && recipient.email) await this.store.suppress(recipient.email, when);
    await this.store.revokeConsent(customerId, channel, when);
    await this.store.noteOnMessage(customerId, messageKey, channel, when);
    return { outcome: 'unsubscribed', channel, locale: recipient.locale };
  }

  private async refuse(check: Exclude<TokenCheck, { status: 'ok' }>): Promise<UnsubscribeView> {
    switch (check.status) {
      case 'tampered':
        return {
          outcome: 'refused',
          problem: 'tampered',
          message: 'this unsubscribe link has been altered: its signature does not match',
          locale: null,
        };
      case 'malformed':
        return {
          outcome: 'refused',
          problem: 'malformed',
          message: `this is not a valid unsubscribe link: ${check.reason}`,
          locale: null,
        };
      case 'expired': {
        const recipient = await this.store.recipient(check.claims.customerId);
        return {
          outcome: 'refused',
          problem: 'expired',
          message: `this unsubscribe link expired on ${check.claims.expiresAt.slice(0, 10)}; use the link in a more recent message`,
          locale: recipient?.locale ?? null,
        };
      }
    }
  }
}
