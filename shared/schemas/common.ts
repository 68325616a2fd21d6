import * as z from 'zod';

const timeZones = new Set(Intl.supportedValuesOf('timeZone'));

/** Years an event, a birthday or a purge can name: a typo such as 9999 or 0202 is refused, not stored. */
export const minYear = 1900;
export const maxYear = 2200;
const inYears = (iso: string): boolean => {
  const year = Number(iso.slice(0, 4));
  // Not a year at all: the date-time format's own message says what is wrong.
  return Number.isNaN(year) || (year >= minYear && year <= maxYear);
};
const zodDateTime = z.iso.datetime({ offset: true });
/** zod's date-time pattern (real calendar days) led by the year bound, for the published JSON Schemas. */
const dateTimePattern = `^(?=(19\\d\\d|2[01]\\d\\d|2200)-)${zodDateTime._zod.def.pattern?.source.slice(1) ?? '.*$'}`;

/** A real calendar date and time with its offset (zod checks the day exists: no 2026-02-31), in 1900-2200. */
export const isoDateTime = zodDateTime
  .refine(inYears, `must be in the years ${minYear} to ${maxYear}`)
  .meta({ pattern: dateTimePattern })
  .describe('ISO-8601 date and time, e.g. 2026-11-23T10:15:00Z, in the years 1900 to 2200');
export const currency = z
  .string()
  .regex(/^[A-Z]{3}$/, 'must be an ISO-4217 currency code such as EUR')
  .describe('ISO-4217 currency code');
/**
 * The largest amount Rekindle accepts: a trillion in the shop's currency, far above any real order even in
 * currencies of small unit value (a trillion rupiah is some 60 million dollars), yet small enough that what is
 * derived from it stays a whole number JavaScript holds exactly and the DynamoDB marshaller accepts (below
 * 2^53, about 9e15): the amount in minor units (x1,000 at most), points at up to some thousands per unit, or
 * the revenue of thousands of such orders.
 */
export const maxMoney = 1e12;
/**
 * The smallest non-zero amount: a millionth of a major unit. No currency has more than 4 minor digits (ISO 4217),
 * and DynamoDB refuses numbers below 1e-130, so a non-zero amount under this is a sender's bug, not a price.
 */
export const minNonZeroMoney = 1e-6;

export const money = z
  .number()
  .min(0, 'must be 0 or more')
  .max(maxMoney, 'must be at most 1000000000000 (a trillion in the currency)')
  .refine((v) => v <= 0 || v >= minNonZeroMoney, 'must be 0 or at least 0.000001')
  // What the refinement checks, for the published JSON Schemas.
  .meta({ not: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: minNonZeroMoney } })
  .describe(
    'An amount in major units of the currency, e.g. 19.99: 0, or from 0.000001 up to 1000000000000 (a trillion)',
  );

/**
 * A free number (an attribute) that JavaScript and DynamoDB both hold as sent: a safe integer's magnitude at most
 * (the DynamoDB marshaller refuses larger numbers), and 0 or at least 1e-130 in magnitude (DynamoDB's smallest).
 */
export const storableNumber = z
  .number()
  .min(-Number.MAX_SAFE_INTEGER, 'must be at least -9007199254740991 (-(2^53-1))')
  .max(Number.MAX_SAFE_INTEGER, 'must be at most 9007199254740991 (2^53-1)')
  .refine((v) => v === 0 || Math.abs(v) >= 1e-130, 'must be 0 or at least 1e-130 in magnitude')
  .meta({
    not: { type: 'number', exclusiveMinimum: -1e-130, exclusiveMaximum: 1e-130, not: { const: 0 } },
  });
export const email = z.email().max(254);
export const phone = z
  .string()
  .regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 phone number such as +31612345678')
  .describe('E.164 phone number');
export const locale = z
  .string()
  .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a BCP-47 language tag such as fa-IR')
  .describe('BCP-47 language tag, e.g. en-GB, ar-SA, fa-IR');
export const timezone = z
  .string()
  .refine((tz) => timeZones.has(tz) || tz === 'UTC', 'must be an IANA time zone such as Asia/Tehran')
  .describe('IANA time zone, e.g. Europe/Amsterdam');
/** Whether a birthday names a day that exists: --02-29 does (a leap year's), --02-31 and 2027-02-29 do not. */
function isRealBirthday(value: string): boolean {
  const parts = /^(\d{4}|-)-(\d\d)-(\d\d)$/.exec(value);
  if (!parts) return true; // the format's own message says what is wrong
  const [, year = '-', month = '', day = ''] = parts;
  // Without a year, a leap year (2000) lets 29 February through.
  const y = year === '-' ? 2000 : Number(year);
  if (y < minYear || y > maxYear) return false;
  const date = new Date(Date.UTC(y, Number(month) - 1, Number(day)));
  return date.getUTCMonth() === Number(month) - 1 && date.getUTCDate() === Number(day);
}

export const birthday = z
  .string()
  .regex(/^(\d{4}|-)-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'must be YYYY-MM-DD, or --MM-DD without the year')
  .refine(isRealBirthday, `must be a day of the calendar (no 31 February), in the years ${minYear} to ${maxYear}`)
  .describe('Birthday as YYYY-MM-DD, or --MM-DD when the year is unknown; a real day, in the years 1900 to 2200');

/** The longest id Rekindle accepts (a DynamoDB key holds 1 KB; ids are part of several keys). */
export const maxIdLength = 128;
/**
 * An id: 1 to 128 characters, none of them white space or control characters. Shops' own ids (numbers, UUIDs,
 * `gid://shopify/Customer/1`, an email used as an id) fit; a pasted name with spaces or a line break does not.
 */
export const id = z
  .string()
  .min(1)
  .max(maxIdLength, `must be at most ${maxIdLength} characters`)
  .regex(/^[^\s\p{Cc}]+$/u, 'must not contain white space or control characters');

/** A link a customer may be sent to or shown: http or https only (never javascript:, data: or vbscript:). */
export const webUrl = z
  .url({ protocol: /^https?$/, error: 'must be an http or https URL' })
  .max(2048)
  .meta({ pattern: '^[Hh][Tt][Tt][Pp][Ss]?://' })
  .describe('An http(s) URL');

/** True when A and B are the same type: same keys, same optionality, same value types (compile-time drift checks). */
export type Same<A, B> = (<V>() => V extends A ? 1 : 2) extends <V>() => V extends B ? 1 : 2 ? true : false;
/** Compiles only for `true`: `type Check = True<Same<SchemaOutput, DomainType>>`. */
export type True<T extends true> = T;
