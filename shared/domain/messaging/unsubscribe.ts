import { createHash } from 'node:crypto';
import type { UnsubscribeLinks } from './ports.js';

/**
 * PLACEHOLDER until the unsubscribe work lands (signed tokens, the preference page, the one-click POST): links
 * carry an opaque per-message token that holds no personal data and unlocks nothing yet. Replace this
 * implementation of `UnsubscribeLinks`; nothing else in messaging depends on the token's form.
 */
export function placeholderUnsubscribeLinks(baseUrl: string, mailbox: string | null): UnsubscribeLinks {
  const base = baseUrl.replace(/\/+$/, '');
  return {
    linkFor(customerId, channel, idempotencyKey) {
      const token = createHash('sha256')
        .update(`unsubscribe\n${customerId}\n${channel}\n${idempotencyKey}`)
        .digest('base64url')
        .slice(0, 22);
      return {
        url: `${base}/u/${token}`,
        mailto: mailbox ? `mailto:${mailbox}?subject=unsubscribe%20${token}` : null,
      };
    },
  };
}
