import type { HeldMessages } from '../../shared/domain/messaging/ports.js';

/**
 * One run of the held-message sweep: sends (or skips, saying why) every message quiet hours held until now, found
 * on the `byDue` index. A failure leaves its message as it was; the run fails so that it shows in the errors.
 */
export async function runMessageSweep(
  held: HeldMessages,
  now: Date,
): Promise<{ due: number; sent: number; skipped: number }> {
  const { due, sent, skipped, failed } = await held.sendDue(now.toISOString());
  const first = failed[0];
  if (first) {
    const reason = first.error instanceof Error ? first.error.message : String(first.error);
    throw new Error(`${failed.length} of ${due} held messages failed; first ${first.key}: ${reason}`, {
      cause: first.error,
    });
  }
  return { due, sent, skipped };
}
