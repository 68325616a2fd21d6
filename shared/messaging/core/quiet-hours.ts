import { wallClock } from '../../platform/calendar/local-time.js';
import { nextLocalTime, zoneOrUtc } from '../../workflow/core/interpreter/timing.js';
import type { MessageChannel } from '../../workflow/core/schema/workflow.js';

/**
 * The hours a channel stays silent in the recipient's time zone: after `from` and before `to` (`HH:MM`, wrapping
 * past midnight when `from` is later). Both ends may send: with 20:00–08:00 a message at 20:00:00 goes, one at
 * 20:00:01 waits for 08:00 (read like TCPA's "before 8 a.m. or after 9 p.m.").
 */
export interface QuietHours {
  readonly from: string;
  readonly to: string;
}

/** Per channel; a channel left out has none. */
export type QuietHoursByChannel = Readonly<Partial<Record<MessageChannel, QuietHours>>>;

/** SMS and WhatsApp send from 08:00 to 20:00 local; email any time. */
export const defaultQuietHours: QuietHoursByChannel = {
  sms: { from: '20:00', to: '08:00' },
  whatsapp: { from: '20:00', to: '08:00' },
};

export const hhmm = /^([01]\d|2[0-3]):([0-5]\d)$/;
const dayMs = 86_400_000;

/** Milliseconds since local midnight in `timeZone` at `utcMs`. */
function timeOfDay(timeZone: string, utcMs: number): number {
  // The wall clock reads as a UTC instant to the second; the milliseconds are the same everywhere.
  const wall = wallClock(timeZone, utcMs);
  return (((wall % dayMs) + dayMs) % dayMs) + (((utcMs % 1000) + 1000) % 1000);
}

const msOf = (time: string): number => {
  const m = hhmm.exec(time);
  if (!m) throw new RangeError(`not an HH:MM time: ${time}`);
  return (Number(m[1]) * 60 + Number(m[2])) * 60_000;
};

/** Whether `quiet` keeps a message at `at` (ISO) back, for a recipient in `timeZone`. */
export function isQuiet(at: string, timeZone: string, quiet: QuietHours): boolean {
  const now = timeOfDay(timeZone, Date.parse(at));
  const from = msOf(quiet.from);
  const to = msOf(quiet.to);
  return from > to ? now > from || now < to : now > from && now < to;
}

export interface Hold {
  /** When the window opens: the next `to` in the recipient's zone. */
  readonly until: string;
  /** For the message's history, e.g. `quiet hours 20:00–08:00 in Asia/Riyadh: held until 08:00`. */
  readonly reason: string;
}

/**
 * Null when a message on `channel` may go at `at`; else until when it waits. The recipient's zone, else the
 * shop's (`fallbackZone`), else UTC.
 */
export function quietHold(
  at: string,
  channel: MessageChannel,
  rules: QuietHoursByChannel,
  timeZone: string | null,
  fallbackZone = 'UTC',
): Hold | null {
  const quiet = rules[channel];
  if (!quiet) return null;
  const zone = timeZone !== null && zoneOrUtc(timeZone) === timeZone ? timeZone : zoneOrUtc(fallbackZone);
  if (!isQuiet(at, zone, quiet)) return null;
  return {
    until: nextLocalTime(at, quiet.to, zone),
    reason: `quiet hours ${quiet.from}–${quiet.to} in ${zone}: held until ${quiet.to}`,
  };
}
