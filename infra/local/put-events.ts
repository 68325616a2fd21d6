import * as z from 'zod';
import type { EventEnvelope } from '../../shared/schemas/envelope.js';
import { detailLimitError } from './detail-limits.js';

/**
 * EventBridge `PutEvents`, as a pure function of (request body, context): validation, entry results and the events
 * that reach each bus. Error codes and messages are the ones AWS returns (see the notes on each).
 */

/** An accepted event and the bus it was put on. */
export interface BusEvent {
  bus: string;
  event: EventEnvelope;
}

export interface PutEventsContext {
  buses: ReadonlySet<string>;
  now: Date;
  account: string;
  region: string;
  /** AWS refuses customer events whose source starts with `aws.`; the local stack emulates SES that way. */
  allowAwsSources: boolean;
  /** Limit on the summed size of a request's entries, as AWS calculates it. */
  maxRequestBytes: number;
  newId: () => string;
}

/** A whole-request error, sent in the AWS JSON 1.1 error shape `{"__type", "message"}` with status 400. */
export interface RequestError {
  type: 'ValidationException' | 'SerializationException';
  message: string;
}

export type ResultEntry = { EventId: string } | { ErrorCode: string; ErrorMessage: string };

export interface PutEventsResponse {
  FailedEntryCount: number;
  Entries: ResultEntry[];
}

export type PutEventsOutcome =
  | { ok: true; response: PutEventsResponse; events: BusEvent[] }
  | { ok: false; error: RequestError };

const entrySchema = z.object({
  Source: z.string().optional(),
  DetailType: z.string().optional(),
  Detail: z.string().optional(),
  EventBusName: z.string().optional(),
  Resources: z.array(z.string()).optional(),
  // The SDK (AWS JSON 1.1) sends timestamps as epoch seconds, possibly fractional.
  Time: z.number().finite().optional(),
  TraceHeader: z.string().optional(),
});
type Entry = z.infer<typeof entrySchema>;

const requestSchema = z.object({
  Entries: z.array(entrySchema).nullish(),
  EndpointId: z.string().optional(),
});

const maxEntries = 10;
const busArn = /^arn:aws[a-z-]*:events:[^:]*:[^:]*:event-bus\/(.+)$/;

/** Runs one PutEvents request. `body` is the parsed JSON request body. */
export function putEvents(body: unknown, ctx: PutEventsContext): PutEventsOutcome {
  const parsed = requestSchema.safeParse(body);
  if (!parsed.success) {
    return fail(
      'SerializationException',
      `Request does not match the PutEvents shape: ${z.prettifyError(parsed.error)}`,
    );
  }
  const entries = parsed.data.Entries;
  // Messages follow AWS's (recorded against AWS in localstack's tests/aws/services/events/test_events.snapshot.json).
  if (entries == null) {
    return fail('ValidationException', validation('Value null', 'Member must not be null'));
  }
  if (entries.length < 1) {
    return fail('ValidationException', validation('Value []', 'Member must have length greater than or equal to 1'));
  }
  if (entries.length > maxEntries) {
    return fail(
      'ValidationException',
      validation(`Value of ${entries.length} entries`, 'Member must have length less than or equal to 10'),
    );
  }
  const totalBytes = entries.reduce((sum, entry) => sum + entrySize(entry), 0);
  if (totalBytes > ctx.maxRequestBytes) {
    return fail('ValidationException', 'Total size of the entries in the request is over the limit.');
  }

  const events: BusEvent[] = [];
  const results = entries.map((entry): ResultEntry => {
    const accepted = acceptEntry(entry, ctx);
    if ('ErrorCode' in accepted) return accepted;
    events.push(accepted);
    return { EventId: accepted.event.id };
  });
  const failed = results.filter((result) => 'ErrorCode' in result).length;
  return { ok: true, response: { FailedEntryCount: failed, Entries: results }, events };
}

/** Entry size as documented in "Calculating PutEvents event entry size" (EventBridge User Guide). */
export function entrySize(entry: Entry): number {
  const bytes = (text: string | undefined): number => (text === undefined ? 0 : Buffer.byteLength(text, 'utf8'));
  let size = entry.Time === undefined ? 0 : 14;
  size += bytes(entry.Source) + bytes(entry.DetailType) + bytes(entry.Detail);
  for (const resource of entry.Resources ?? []) size += bytes(resource);
  return size;
}

/** The bus name an `EventBusName` refers to: a name, or the ARN `arn:aws:events:region:account:event-bus/NAME`. */
export function busName(eventBusName: string | undefined): string {
  if (eventBusName === undefined || eventBusName === '') return 'default';
  return busArn.exec(eventBusName)?.[1] ?? eventBusName;
}

function acceptEntry(entry: Entry, ctx: PutEventsContext): BusEvent | { ErrorCode: string; ErrorMessage: string } {
  // Empty strings count as missing, as on AWS.
  if (!entry.Source) return required('Source');
  if (!entry.DetailType) return required('DetailType');
  if (!entry.Detail) return required('Detail');
  const detail = parseObject(entry.Detail);
  if (detail === undefined) return malformed('Detail is malformed.');
  const beyondLimits = detailLimitError(entry.Detail);
  if (beyondLimits !== undefined) return malformed(beyondLimits);
  if (!ctx.allowAwsSources && entry.Source.startsWith('aws.')) {
    return { ErrorCode: 'NotAuthorizedForSourceException', ErrorMessage: 'Not authorized for the source.' };
  }
  const bus = busName(entry.EventBusName);
  if (!ctx.buses.has(bus)) {
    // AWS documents no code for this (and has been reported to accept such events silently); failing loudly
    // locally catches a mistyped bus name. The code mirrors the API's ResourceNotFoundException.
    return { ErrorCode: 'ResourceNotFoundException', ErrorMessage: `Event bus ${bus} does not exist.` };
  }
  const time = entry.Time === undefined ? ctx.now : new Date(entry.Time * 1000);
  if (Number.isNaN(time.getTime())) {
    // Undocumented on AWS: a Time outside JavaScript's date range; reported in the shape of the other argument errors.
    return { ErrorCode: 'InvalidArgument', ErrorMessage: 'Parameter Time is not valid. Reason: Time is out of range.' };
  }
  return {
    bus,
    event: {
      version: '0',
      id: ctx.newId(),
      'detail-type': entry.DetailType,
      source: entry.Source,
      account: ctx.account,
      time: isoSeconds(time),
      region: ctx.region,
      resources: entry.Resources ?? [],
      detail,
    },
  };
}

function malformed(message: string): { ErrorCode: string; ErrorMessage: string } {
  return { ErrorCode: 'MalformedDetail', ErrorMessage: message };
}

function parseObject(text: string): Record<string, unknown> | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  return isObject(value) ? value : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** EventBridge event times have second precision: `2024-01-01T00:00:00Z`. */
function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function required(field: 'Source' | 'DetailType' | 'Detail'): { ErrorCode: string; ErrorMessage: string } {
  return {
    ErrorCode: 'InvalidArgument',
    ErrorMessage: `Parameter ${field} is not valid. Reason: ${field} is a required argument.`,
  };
}

function validation(value: string, constraint: string): string {
  return `1 validation error detected: ${value} at 'entries' failed to satisfy constraint: ${constraint}`;
}

function fail(type: RequestError['type'], message: string): PutEventsOutcome {
  return { ok: false, error: { type, message } };
}
