/**
 * Replies by SMS or WhatsApp that opt out: STOP and its kin (carriers' and CTIA's list, French ARRET, Arabic
 * إيقاف / إلغاء). A reply opts out when it is one of them and nothing else: trimmed, any case, accents and a
 * trailing full stop or exclamation mark ignored ("Stop.", "arrêt", "الغاء").
 */
const keywords = new Set(
  ['STOP', 'STOPALL', 'CANCEL', 'END', 'OPTOUT', 'QUIT', 'REMOVE', 'UNSUBSCRIBE', 'ARRET', 'إيقاف', 'إلغاء'].map(fold),
);

/** Upper case without accents or Arabic hamza marks, so `Arrêt` is `ARRET` and `إلغاء` is `الغاء`. */
function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toUpperCase().normalize('NFC');
}

/** The opt-out keyword the reply is, folded; null when it is anything else. */
export function stopKeyword(body: string): string | null {
  const word = fold(body.trim().replace(/[\s.!؟?]+$/u, ''));
  return keywords.has(word) ? word : null;
}

/** A text a customer sent to the shop's number. */
export interface InboundReply {
  readonly channel: 'sms' | 'whatsapp';
  /** The customer's number, E.164. */
  readonly from: string;
  readonly body: string;
  /** When the provider received it (ISO). */
  readonly at: string;
  /** The provider's id of the inbound message. */
  readonly id: string;
}

/** What an opt-out changes. Each write is idempotent, so a redelivered reply changes nothing more. */
export interface OptOutStore {
  /** The customer who has this phone number (by its hash), null when none. */
  customerByPhone(phone: string): Promise<string | null>;
  /** Consent for the channel withdrawn as of `at` (an older consent given later in time still loses). */
  revokeConsent(
    customerId: string,
    channel: InboundReply['channel'],
    reply: InboundReply,
    keyword: string,
  ): Promise<void>;
  /** The number suppressed on that channel (by hash; kept after a purge). */
  suppress(phone: string, channel: InboundReply['channel'], reason: string, at: string): Promise<void>;
}

export type ReplyOutcome =
  | { readonly optedOut: false }
  | { readonly optedOut: true; readonly keyword: string; readonly customerId: string | null };

/**
 * An inbound reply: STOP and its kin revoke consent for the channel it came on and suppress the number there, for
 * the customer who has it, and for anyone who later registers it; any other reply is left alone.
 */
export async function handleReply(store: OptOutStore, reply: InboundReply): Promise<ReplyOutcome> {
  const keyword = stopKeyword(reply.body);
  if (keyword === null) return { optedOut: false };
  // Suppression first: it holds even before the customer is known, and whatever a profile says later.
  await store.suppress(reply.from, reply.channel, `replied ${keyword} by ${reply.channel}`, reply.at);
  const customerId = await store.customerByPhone(reply.from);
  if (customerId !== null) await store.revokeConsent(customerId, reply.channel, reply, keyword);
  return { optedOut: true, keyword, customerId };
}
