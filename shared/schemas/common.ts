import * as z from 'zod';

const timeZones = new Set(Intl.supportedValuesOf('timeZone'));

export const isoDateTime = z.iso
  .datetime({ offset: true })
  .describe('ISO-8601 date and time, e.g. 2026-11-23T10:15:00Z');
export const currency = z
  .string()
  .regex(/^[A-Z]{3}$/, 'must be an ISO-4217 currency code such as EUR')
  .describe('ISO-4217 currency code');
export const money = z.number().finite().nonnegative().describe('An amount in major units of the currency, e.g. 19.99');
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
export const birthday = z
  .string()
  .regex(/^(\d{4}|-)-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'must be YYYY-MM-DD, or --MM-DD without the year')
  .describe('Birthday as YYYY-MM-DD, or --MM-DD when the year is unknown');
export const id = z.string().min(1).max(128);

/** True when A and B are the same type: same keys, same optionality, same value types (compile-time drift checks). */
export type Same<A, B> = (<V>() => V extends A ? 1 : 2) extends <V>() => V extends B ? 1 : 2 ? true : false;
/** Compiles only for `true`: `type Check = True<Same<SchemaOutput, DomainType>>`. */
export type True<T extends true> = T;
