import { describe, expect, it } from 'vitest';
import { runMessageSweep } from '../../../functions/message-sweep/sweep.js';
import type { HeldMessages, HeldSweepOutcome } from '../../../shared/messaging/core/ports.js';

/**
 * A queue that lets `perSecond` messages go each second, as the send-rate limit does: what the sweep drains within
 * one run of the minute schedule. Time is a virtual clock moved by the sweep's own sleeps.
 */
function queue(size: number, perSecond: number, start: number) {
  let clock = start;
  let left = size;
  let lastSecond = -1;
  const held: HeldMessages = {
    sendDue: async (now): Promise<HeldSweepOutcome> => {
      const second = Math.floor(Date.parse(now) / 1000);
      if (second === lastSecond || left === 0) return { due: left, sent: 0, skipped: 0, failed: [] };
      lastSecond = second;
      const sent = Math.min(perSecond, left);
      left -= sent;
      return { due: sent, sent, skipped: 0, failed: [] };
    },
    earliestDueAt: async (after) =>
      left === 0 ? null : new Date((Math.floor(Date.parse(after) / 1000) + 1) * 1000).toISOString(),
  };
  return {
    held,
    now: () => new Date(clock),
    sleep: async (ms: number) => {
      clock += ms;
    },
    left: () => left,
  };
}

describe('the held-message sweep drains at the allowed rate within a run', () => {
  it('keeps passing over what comes due each second while it has time', async () => {
    const q = queue(100, 14, Date.parse('2026-11-23T10:00:00.000Z'));
    const totals = await runMessageSweep(q.held, q.now, 50_000, q.sleep);
    expect(totals.sent).toBe(100);
    expect(q.left()).toBe(0);
    expect(totals.passes).toBeGreaterThanOrEqual(Math.ceil(100 / 14));
  });

  it('stops at its budget and leaves the rest for the next run; without a budget it makes one pass', async () => {
    const q = queue(1000, 14, Date.parse('2026-11-23T10:00:00.000Z'));
    const totals = await runMessageSweep(q.held, q.now, 10_000, q.sleep);
    expect(totals.sent).toBe(14 * 11); // the seconds 0..10 of the budget
    const once = queue(100, 14, Date.parse('2026-11-23T10:00:00.000Z'));
    expect((await runMessageSweep(once.held, once.now, 0, once.sleep)).sent).toBe(14);
  });
});
