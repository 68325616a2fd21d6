import { parseDuration } from '../../platform/duration.js';
import { retryOnConflict } from '../../platform/retry-on-conflict.js';
import type { MessageChannel } from '../../workflow/core/schema/workflow.js';

/** At most `count` marketing messages on a channel to one customer in any `period` (ISO-8601: PT12H, P1D, P7D). */
export interface FrequencyCap {
  readonly count: number;
  readonly period: string;
}

/** Per channel, across all workflows; a channel left out (or with no caps) is not capped. */
export type FrequencyCapsByChannel = Readonly<Partial<Record<MessageChannel, readonly FrequencyCap[]>>>;

/** Email: 3 a day, 10 a week. SMS and WhatsApp: 1 a day, 3 a week. */
export const defaultFrequencyCaps: FrequencyCapsByChannel = {
  email: [
    { count: 3, period: 'P1D' },
    { count: 10, period: 'P7D' },
  ],
  sms: [
    { count: 1, period: 'P1D' },
    { count: 3, period: 'P7D' },
  ],
  whatsapp: [
    { count: 1, period: 'P1D' },
    { count: 3, period: 'P7D' },
  ],
};

/** A message counted against its channel's caps (sent, or about to be). */
export interface CountedSend {
  /** The message's idempotency key: counting it again changes nothing. */
  readonly key: string;
  readonly at: string;
  readonly workflowId: string;
}

const hourMs = 3_600_000;
const dayMs = 24 * hourMs;

/** A period's length; null for years and months (their length varies) or nothing at all. */
export function periodMs(period: string): number | null {
  const d = parseDuration(period);
  if (d === null || d.years !== 0 || d.months !== 0) return null;
  const ms = ((((d.weeks * 7 + d.days) * 24 + d.hours) * 60 + d.minutes) * 60 + d.seconds) * 1000;
  return ms > 0 ? ms : null;
}

/**
 * The first cap a message at `at` would break. Counted both ways (`|send - at| < period`), so that a send whose
 * time is earlier than ones already counted (an outbox completed late) cannot put N+1 in any period either.
 */
export function capReached(
  sends: readonly CountedSend[],
  at: string,
  caps: readonly FrequencyCap[],
): FrequencyCap | null {
  const t = Date.parse(at);
  for (const cap of caps) {
    const period = periodMs(cap.period) ?? 0;
    const count = sends.filter((s) => Math.abs(Date.parse(s.at) - t) < period).length;
    if (count >= cap.count) return cap;
  }
  return null;
}

const nouns: Readonly<Record<MessageChannel, readonly [string, string]>> = {
  email: ['email', 'emails'],
  sms: ['SMS', 'SMS'],
  whatsapp: ['WhatsApp message', 'WhatsApp messages'],
};

/** `capped: 2 emails in 24 hours`, `capped: 3 SMS in 7 days`. */
export function capReason(channel: MessageChannel, cap: FrequencyCap): string {
  const ms = periodMs(cap.period) ?? 0;
  const [n, unit] =
    ms % dayMs === 0 && ms > dayMs
      ? [ms / dayMs, 'day']
      : ms % hourMs === 0
        ? [ms / hourMs, 'hour']
        : [Math.round(ms / 60_000), 'minute'];
  return `capped: ${cap.count} ${nouns[channel][cap.count === 1 ? 0 : 1]} in ${n} ${unit}${n === 1 ? '' : 's'}`;
}

/** Storage of the sends counted per customer and channel, written with optimistic concurrency. */
export interface SendCounts {
  /** The sends counted so far and the version to write against (0: none yet). */
  read(customerId: string, channel: MessageChannel): Promise<{ sends: readonly CountedSend[]; version: number }>;
  /** Replaces them if still at `version`; false when someone wrote in between. */
  write(customerId: string, channel: MessageChannel, sends: readonly CountedSend[], version: number): Promise<boolean>;
}

export type Reservation =
  /** `added`: counted by this call (a caller that then does not send takes it back). */
  { readonly ok: true; readonly added: boolean } | { readonly ok: false; readonly reason: string };

/**
 * Frequency caps across all workflows. A send is counted before it goes, in one conditional write per customer and
 * channel, so concurrent sends from several workflows cannot pass the cap together; the count forgets what is
 * older than the longest period.
 */
export class SendAllowance {
  constructor(
    private readonly counts: SendCounts,
    private readonly caps: FrequencyCapsByChannel,
  ) {}

  async reserve(customerId: string, channel: MessageChannel, send: CountedSend): Promise<Reservation> {
    const caps = this.caps[channel] ?? [];
    if (caps.length === 0) return { ok: true, added: false };
    const horizon = Date.parse(send.at) - Math.max(...caps.map((c) => periodMs(c.period) ?? 0));
    return retryOnConflict<Reservation>(`frequency caps of ${customerId} on ${channel}`, async () => {
      const { sends, version } = await this.counts.read(customerId, channel);
      if (sends.some((s) => s.key === send.key)) return { done: { ok: true, added: false } };
      const cap = capReached(sends, send.at, caps);
      if (cap) return { done: { ok: false, reason: capReason(channel, cap) } };
      const kept = sends.filter((s) => Date.parse(s.at) > horizon);
      const written = await this.counts.write(customerId, channel, [...kept, send], version);
      return written ? { done: { ok: true, added: true } } : undefined;
    });
  }

  /** Takes back a send that provably did not go (the provider refused it, a template was missing). */
  async release(customerId: string, channel: MessageChannel, key: string): Promise<void> {
    // Throws after too many lost races rather than giving up silently: a send counted that never went would cap the
    // customer wrongly for the whole period.
    await retryOnConflict(`frequency caps of ${customerId} on ${channel}`, async () => {
      const { sends, version } = await this.counts.read(customerId, channel);
      if (!sends.some((s) => s.key === key)) return { done: undefined };
      const rest = sends.filter((s) => s.key !== key);
      return (await this.counts.write(customerId, channel, rest, version)) ? { done: undefined } : undefined;
    });
  }
}
