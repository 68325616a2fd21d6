import * as z from 'zod';
import { channels, type MessageChannel } from '../../workflow/core/schema/workflow-steps.js';
import {
  defaultFrequencyCaps,
  type FrequencyCap,
  type FrequencyCapsByChannel,
  periodMs,
} from '../core/frequency-caps.js';
import { defaultQuietHours, hhmm, type QuietHours, type QuietHoursByChannel } from '../core/quiet-hours.js';
import { defaultSendRates, type SendRatesByChannel } from '../core/send-rate.js';

/** Quiet hours, frequency caps and the shop's time zone: what the messenger checks after consent and suppression. */
export interface SendPolicyConfig {
  readonly quietHours: QuietHoursByChannel;
  readonly frequencyCaps: FrequencyCapsByChannel;
  /** For customers whose profile has no time zone. */
  readonly timeZone: string;
  /** Messages a second per channel across the account; default `defaultSendRates`. */
  readonly sendRates?: SendRatesByChannel | undefined;
}

export const defaultSendPolicy: SendPolicyConfig = {
  quietHours: defaultQuietHours,
  frequencyCaps: defaultFrequencyCaps,
  timeZone: 'UTC',
  sendRates: defaultSendRates,
};

/** `20:00-08:00`: silent after 20:00 and before 08:00 local; `off`: none. */
const quietHours = z.string().transform((text, ctx): QuietHours | null => {
  if (text === 'off') return null;
  const [from = '', to = '', ...rest] = text.split('-');
  if (rest.length > 0 || !hhmm.test(from) || !hhmm.test(to)) {
    ctx.addIssue({ code: 'custom', message: 'must be HH:MM-HH:MM (quiet from-to, e.g. 20:00-08:00) or off' });
  } else if (from === to) {
    ctx.addIssue({ code: 'custom', message: 'must be two different times of day, e.g. 20:00-08:00' });
  }
  return { from, to };
});

/** `2/P1D,5/P7D`: at most 2 a day and 5 a week; `off`: none. */
const frequencyCaps = z.string().transform((text, ctx): FrequencyCap[] | null => {
  if (text === 'off') return null;
  return text.split(',').map((part) => {
    const [count = '', period = ''] = part.trim().split('/');
    if (!/^[1-9]\d*$/.test(count) || periodMs(period) === null) {
      ctx.addIssue({
        code: 'custom',
        message: `'${part.trim()}' must be <count>/<ISO duration of days, hours or weeks>, e.g. 2/P1D,5/P7D, or off`,
      });
    }
    return { count: Number(count), period };
  });
});

/** `14/s`: at most 14 messages a second; `off`: no limit. */
const sendRate = z.string().transform((text, ctx): number | null => {
  if (text === 'off') return null;
  const match = /^([1-9]\d*)\/s$/.exec(text);
  if (!match) ctx.addIssue({ code: 'custom', message: 'must be <count>/s, e.g. 14/s, or off' });
  return Number(match?.[1] ?? 0);
});

const timeZone = z.string().refine((zone) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}, 'must be an IANA time zone such as Asia/Riyadh');

const upper = (channel: MessageChannel) => channel.toUpperCase();

/**
 * QUIET_HOURS_<CHANNEL>, FREQUENCY_CAP_<CHANNEL> and SEND_RATE_<CHANNEL> (EMAIL, SMS, WHATSAPP), SHOP_TIMEZONE: a variable left unset
 * keeps its channel's default. Fails naming every bad variable, at cold start.
 */
export function sendPolicyFrom(env: Readonly<Record<string, string | undefined>>): SendPolicyConfig {
  const issues: string[] = [];
  const read = <T>(name: string, schema: z.ZodType<T>, fallback: T): T => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const parsed = schema.safeParse(raw.trim());
    if (parsed.success) return parsed.data;
    issues.push(`${name}: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
    return fallback;
  };
  const quiet: Partial<Record<MessageChannel, QuietHours>> = {};
  const caps: Partial<Record<MessageChannel, readonly FrequencyCap[]>> = {};
  const rates: Partial<Record<MessageChannel, number>> = {};
  for (const channel of channels) {
    const q = read(`QUIET_HOURS_${upper(channel)}`, quietHours, defaultQuietHours[channel] ?? null);
    if (q) quiet[channel] = q;
    const c = read(`FREQUENCY_CAP_${upper(channel)}`, frequencyCaps, defaultFrequencyCaps[channel] ?? null);
    if (c) caps[channel] = c;
    const r = read(`SEND_RATE_${upper(channel)}`, sendRate, defaultSendRates[channel] ?? null);
    if (r) rates[channel] = r;
  }
  const zone = read('SHOP_TIMEZONE', timeZone, 'UTC');
  if (issues.length > 0) throw new Error(`Invalid messaging environment: ${issues.join('; ')}`);
  return { quietHours: quiet, frequencyCaps: caps, timeZone: zone, sendRates: rates };
}
