import type { HeldMessages } from '../../shared/messaging/core/ports.js';

export interface SweepTotals {
  readonly due: number;
  readonly sent: number;
  readonly skipped: number;
  /** Passes over the due messages within this run. */
  readonly passes: number;
}

/**
 * One run of the held-message sweep: sends (or skips, saying why) every message held until now (quiet hours, the
 * send rate, a throttling provider), found on the `byDue` index. Messages held by the send rate come due a second
 * later, so the run keeps passing over what comes due while it still has `budgetMs` (the schedule fires once a
 * minute): the queue drains at the allowed rate per second, not per minute. A failure leaves its message as it
 * was; the run then fails so that it shows in the errors.
 */
export async function runMessageSweep(
  held: HeldMessages,
  now: () => Date,
  budgetMs = 0,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
): Promise<SweepTotals> {
  const ends = now().getTime() + budgetMs;
  let totals: SweepTotals = { due: 0, sent: 0, skipped: 0, passes: 0 };
  for (;;) {
    const at = now();
    const { due, sent, skipped, failed } = await held.sendDue(at.toISOString());
    totals = {
      due: totals.due + due,
      sent: totals.sent + sent,
      skipped: totals.skipped + skipped,
      passes: totals.passes + 1,
    };
    const first = failed[0];
    if (first) {
      const reason = first.error instanceof Error ? first.error.message : String(first.error);
      throw new Error(`${failed.length} of ${due} held messages failed; first ${first.key}: ${reason}`, {
        cause: first.error,
      });
    }
    const next = await held.earliestDueAt(at.toISOString());
    const wait = next === null ? Number.POSITIVE_INFINITY : Date.parse(next) - now().getTime();
    if (now().getTime() + Math.max(0, wait) > ends) return totals;
    if (wait > 0) await sleep(wait);
  }
}
