import type { Context } from 'liquidjs';

/**
 * Liquid filters that format for the customer through `Intl`: `{{ cart.total | money: cart.currency }}`,
 * `{{ points.available | number }}`, `{{ coupon.percent | percent }}`, `{{ coupon.expiresAt | local_date }}`.
 * The locale and time zone come from the render's globals (`format`), set per message by the renderer.
 */

export interface FormatSettings {
  readonly locale: string;
  /** IANA zone for dates; UTC when the customer has none. */
  readonly timeZone: string;
  /** Used by `money` when no currency is given (the shop's). */
  readonly currency: string;
}

type DateStyle = NonNullable<Intl.DateTimeFormatOptions['dateStyle']>;
/** What liquidjs binds `this` to in a filter (its own type is not exported). */
interface FilterImpl {
  readonly context: Context;
}

const dateStyles: Readonly<Record<string, DateStyle>> = {
  full: 'full',
  long: 'long',
  medium: 'medium',
  short: 'short',
};

function settings(impl: FilterImpl): FormatSettings {
  const format: unknown = impl.context.globals.format;
  if (typeof format !== 'object' || format === null) throw new Error('format settings missing from the render');
  const get = (key: string, fallback: string): string => {
    const value: unknown = Object.getOwnPropertyDescriptor(format, key)?.value;
    return typeof value === 'string' && value ? value : fallback;
  };
  return { locale: get('locale', 'en'), timeZone: get('timeZone', 'UTC'), currency: get('currency', 'USD') };
}

/** Numbers may arrive as strings from attributes; anything else renders as nothing, like a missing variable. */
function toNumber(value: unknown): number | null {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : null;
}

export const formatFilters = {
  money(this: FilterImpl, value: unknown, currency?: unknown): string {
    const n = toNumber(value);
    if (n === null) return '';
    const s = settings(this);
    const code = typeof currency === 'string' && currency ? currency : s.currency;
    return new Intl.NumberFormat(s.locale, { style: 'currency', currency: code }).format(n);
  },
  number(this: FilterImpl, value: unknown, maxFractionDigits?: unknown): string {
    const n = toNumber(value);
    if (n === null) return '';
    const digits = toNumber(maxFractionDigits);
    const options = digits === null ? {} : { maximumFractionDigits: digits };
    return new Intl.NumberFormat(settings(this).locale, options).format(n);
  },
  /** `10 | percent` is 10 %, written the customer's way (ar-SA: ٪١٠). */
  percent(this: FilterImpl, value: unknown): string {
    const n = toNumber(value);
    if (n === null) return '';
    return new Intl.NumberFormat(settings(this).locale, { style: 'percent', maximumFractionDigits: 2 }).format(n / 100);
  },
  /** A date in the customer's calendar, language and time zone; style full, long (default), medium or short. */
  local_date(this: FilterImpl, value: unknown, style?: unknown): string {
    if (typeof value !== 'string' && typeof value !== 'number' && !(value instanceof Date)) return '';
    const date = new Date(value);
    if (Number.isNaN(date.getTime())) return '';
    const dateStyle = style === undefined ? 'long' : typeof style === 'string' ? dateStyles[style] : undefined;
    if (!dateStyle) throw new Error(`local_date: the style must be full, long, medium or short, not ${String(style)}`);
    const s = settings(this);
    return new Intl.DateTimeFormat(s.locale, { dateStyle, timeZone: s.timeZone }).format(date);
  },
};
