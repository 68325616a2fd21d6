import { z } from 'zod';
import { advance, enrollmentIdFor } from './interpreter/advance.js';
import { enteredByEvents, matchesTrigger } from './interpreter/events.js';
import { mayEnter } from './interpreter/reentry.js';
import { after } from './interpreter/timing.js';
import type {
  Action,
  Context,
  Enrollment,
  EnrollmentStatus,
  ExitReason,
  HistoryEntry,
  Input,
  Offer,
  Wake,
} from './interpreter/types.js';
import type { Workflow } from './schema/workflow.js';
import { scalar } from './schema/workflow-conditions.js';
import { channels, type MessageChannel } from './schema/workflow-steps.js';

/**
 * `rekindle simulate`: replays recorded events through the interpreter on a virtual clock and reports, per customer,
 * the path taken and every effect that would be carried out. Pure: the caller reads the files; nothing is sent.
 *
 * The clock: events are taken in time order (file order for equal times); before each one, every wake due by its
 * time fires, earliest first, each at its own due time. An event that matches the trigger enters the enrollment of
 * its correlation key unless that one is active (or the re-entry policy forbids it); any other event is delivered to
 * each of the customer's enrollments. After the last event, wakes keep firing until none is pending or the horizon.
 * Caps: `maxMessagesPerDay` skips a send as the messenger would (`skipped` says why). Not modelled: `maxActive`,
 * consent and quiet hours (facts of the live engine), and date triggers (such workflows enrol nobody here); segment
 * triggers enrol on the event that announces the segment (e.g. `Customer Became Inactive` {basis, days}).
 */

/** One line of a recorded history: an EventBridge envelope, the customer it is about, and their facts. */
export interface RecordedEvent {
  readonly detailType: string;
  readonly source: string;
  readonly time: string;
  readonly detail: Readonly<Record<string, unknown>>;
  /** `detail.customerId`. */
  readonly customerId: string;
  /** The customer's facts from this event on (until a later line gives new ones); none: an empty profile. */
  readonly context?: Context | undefined;
  /** 1-based line in the file, for messages and to keep file order among equal times. */
  readonly line: number;
}

export interface LineError {
  readonly line: number;
  readonly message: string;
}

export type ParsedEvents =
  | { readonly ok: true; readonly events: readonly RecordedEvent[] }
  | { readonly ok: false; readonly errors: readonly LineError[] };

const isoTime = z.string().refine((s) => !Number.isNaN(Date.parse(s)), { message: 'must be an ISO-8601 time' });
const nullableString = z.string().nullable().optional();

const contextSchema = z.strictObject({
  profile: z
    .strictObject({
      email: nullableString,
      phone: nullableString,
      firstName: nullableString,
      lastName: nullableString,
      locale: nullableString,
      tier: nullableString,
      birthday: nullableString,
      registeredAt: nullableString,
      lastActiveAt: nullableString,
      timezone: nullableString,
      consents: z.partialRecord(z.enum(channels), z.boolean()).optional(),
      attributes: z.record(z.string(), scalar).optional(),
    })
    .default({}),
  points: z.partialRecord(z.enum(['available', 'pending', 'lifetime']), z.number()).optional(),
  stats: z
    .strictObject({
      orders: z.number().optional(),
      revenue: z.number().optional(),
      refunded: z.number().optional(),
      netRevenue: z.number().optional(),
      averageOrderValue: z.number().optional(),
      firstOrderAt: nullableString,
      lastOrderAt: nullableString,
      lastActiveAt: nullableString,
    })
    .optional(),
  engagement: z
    .record(z.string(), z.strictObject({ delivered: z.boolean(), opened: z.boolean(), clicked: z.boolean() }))
    .optional(),
});

const lineSchema = z.object({
  'detail-type': z.string().min(1),
  source: z.string().min(1),
  time: isoTime,
  detail: z.looseObject({ customerId: z.string().min(1) }),
  context: contextSchema.optional(),
});

/** Parses JSON Lines (blank lines skipped); every bad line is reported with its 1-based number. */
export function parseEventLines(text: string): ParsedEvents {
  const events: RecordedEvent[] = [];
  const errors: LineError[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '') return;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (error) {
      errors.push({ line, message: `not valid JSON: ${error instanceof Error ? error.message : String(error)}` });
      return;
    }
    const parsed = lineSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
      errors.push({ line, message: `${where}${issue?.message ?? 'invalid event'}` });
      return;
    }
    const { 'detail-type': detailType, source, time, detail, context } = parsed.data;
    events.push({
      detailType,
      source,
      time: new Date(time).toISOString(),
      detail,
      customerId: detail.customerId,
      context,
      line,
    });
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, events };
}

export interface SimulateOptions {
  /** Stop the clock here (events after it are not replayed); default: the last event + `horizonDays`. */
  readonly until?: string | undefined;
}

/** Days the clock runs on after the last event when no `until` is given. */
export const horizonDays = 400;

export interface PathStep {
  readonly at: string;
  readonly step: string;
  readonly outcome: string;
}

export interface Message {
  readonly at: string;
  readonly step: string;
  readonly channel: MessageChannel;
  readonly template: string;
  readonly fallback: MessageChannel | null;
  readonly offer: Offer | null;
  readonly idempotencyKey: string;
  /** Why it would not go out (e.g. the workflow's daily cap); absent when it would be sent. */
  readonly skipped?: string | undefined;
}

/** Points, attributes, tags, emitted events and purges, as the interpreter asked for them. */
export type Effect = { readonly at: string } & Exclude<
  Action,
  { readonly type: 'send' } | { readonly type: 'exit' } | { readonly type: 'convert' }
>;

export interface Conversion {
  readonly at: string;
  readonly event: string;
  readonly revenue: number | null;
  /** The converting event's key: one order ending two enrollments counts its revenue once, as live. */
  readonly key: string | null;
  /** A held-out customer converting: counts for the control group. */
  readonly control: boolean;
}

export interface EnrollmentOutcome {
  readonly status: EnrollmentStatus;
  /** Why it ended; null while active or once converted. */
  readonly reason: ExitReason | null;
  readonly step: string | null;
  readonly endedAt: string | null;
  /** The pending wake when the horizon stopped the clock. */
  readonly wake: Wake | null;
}

export interface EnrollmentReport {
  readonly id: string;
  readonly key: string | null;
  readonly version: number;
  readonly enrolledAt: string;
  readonly path: readonly PathStep[];
  readonly messages: readonly Message[];
  readonly effects: readonly Effect[];
  readonly conversions: readonly Conversion[];
  readonly outcome: EnrollmentOutcome;
}

export interface CustomerReport {
  readonly customerId: string;
  readonly events: number;
  /** In order of entry; empty when no event enrolled the customer. */
  readonly enrollments: readonly EnrollmentReport[];
}

export interface SimulationSummary {
  readonly customers: number;
  /** Customers with at least one enrollment. */
  readonly enrolled: number;
  /** Customers with at least one conversion counted for the workflow (not the control group). */
  readonly converted: number;
  readonly controlConverted: number;
  readonly revenue: number;
  readonly messages: number;
  /** Events after the horizon, not replayed. */
  readonly skippedEvents: number;
}

export interface SimulationReport {
  readonly workflow: { readonly id: string; readonly version: number };
  readonly from: string | null;
  readonly until: string | null;
  readonly customers: readonly CustomerReport[];
  readonly summary: SimulationSummary;
}

interface Run {
  enrollment: Enrollment;
  readonly path: PathStep[];
  readonly messages: Message[];
  readonly effects: Effect[];
  readonly conversions: Conversion[];
}

const byTimeThenLine = (a: RecordedEvent, b: RecordedEvent): number =>
  Date.parse(a.time) - Date.parse(b.time) || a.line - b.line;

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function simulate(
  workflow: Workflow,
  recorded: readonly RecordedEvent[],
  options: SimulateOptions = {},
): SimulationReport {
  const events = [...recorded].sort(byTimeThenLine);
  const last = events.at(-1);
  const until =
    options.until !== undefined
      ? new Date(options.until).toISOString()
      : last
        ? after(last.time, `P${horizonDays}D`)
        : null;
  const horizon = until === null ? Number.NEGATIVE_INFINITY : Date.parse(until);

  /** The virtual clock: the time of the last event delivered or wake fired. */
  let clock = events[0]?.time ?? '';
  /** Every run in order of entry; `current` is the latest run per enrollment id. */
  const runs: Run[] = [];
  const current = new Map<string, Run>();
  const contexts = new Map<string, Context>();
  const eventCounts = new Map<string, number>();
  const contextOf = (customerId: string): Context => contexts.get(customerId) ?? { profile: {} };
  /** `caps.maxMessagesPerDay`, as the messenger applies it: sends (not skipped) to the customer in the last 24 hours. */
  const capReason = (customerId: string, at: string): string | null => {
    const cap = workflow.caps?.maxMessagesPerDay;
    if (cap === undefined) return null;
    const since = Date.parse(at) - 86_400_000;
    const sent = runs
      .filter((r) => r.enrollment.customerId === customerId)
      .flatMap((r) => r.messages)
      .filter((m) => m.skipped === undefined && Date.parse(m.at) >= since).length;
    return sent >= cap ? `capped: ${workflow.id} sends at most ${cap} a day` : null;
  };

  /** Advances one enrollment; false when nothing changed. */
  const apply = (run: Run | undefined, input: Input, at: string, customerId: string): boolean => {
    const previous = run?.enrollment ?? null;
    const result = advance(workflow, previous, input, contextOf(customerId));
    const next = result.enrollment;
    if (next === null || next === previous) return false; // not enrolled, or nothing changed
    let target = run;
    if (input.kind === 'enter' || !target) {
      target = { enrollment: next, path: [], messages: [], effects: [], conversions: [] };
      runs.push(target);
      current.set(next.id, target);
    }
    target.path.push(...newEntries(input.kind === 'enter' || !previous ? [] : previous.history, next.history));
    target.enrollment = next;
    for (const action of result.actions) record(target, action, at, capReason(next.customerId, at));
    return true;
  };

  /** The run whose wake is due first (by time, then enrollment id), if any is due by `time`. */
  const nextDue = (time: number): { run: Run; wake: Wake } | undefined => {
    let due: { run: Run; wake: Wake } | undefined;
    for (const run of current.values()) {
      const wake = run.enrollment.status === 'active' ? run.enrollment.wake : null;
      if (!wake || Date.parse(wake.at) > time) continue;
      const first =
        !due ||
        Date.parse(wake.at) < Date.parse(due.wake.at) ||
        (Date.parse(wake.at) === Date.parse(due.wake.at) && run.enrollment.id < due.run.enrollment.id);
      if (first) due = { run, wake };
    }
    return due;
  };

  const fireWakesUntil = (time: number): void => {
    for (let due = nextDue(time); due; due = nextDue(time)) {
      const { run, wake } = due;
      // A wake set in the past (e.g. waiting until a date gone by) fires now; the clock never runs backwards.
      const now = clock !== '' && Date.parse(wake.at) < Date.parse(clock) ? clock : wake.at;
      clock = now;
      if (!apply(run, { kind: 'wake', now, token: wake.token }, now, run.enrollment.customerId)) return;
    }
  };

  let skippedEvents = 0;
  for (const event of events) {
    eventCounts.set(event.customerId, (eventCounts.get(event.customerId) ?? 0) + 1);
    const at = Date.parse(event.time);
    if (at > horizon) {
      skippedEvents++;
      continue;
    }
    fireWakesUntil(at);
    clock = event.time;
    if (event.context) contexts.set(event.customerId, event.context);
    const trigger = { detailType: event.detailType, source: event.source, detail: event.detail };
    const id = enrollmentIdFor(workflow, event.customerId, event.detail);
    const existing = current.get(id);
    if (
      enteredByEvents(workflow) &&
      matchesTrigger(workflow, trigger) &&
      mayEnter(workflow, existing?.enrollment, event.time)
    ) {
      apply(
        existing,
        { kind: 'enter', at: event.time, customerId: event.customerId, trigger },
        event.time,
        event.customerId,
      );
      continue;
    }
    const incoming = { ...trigger, occurredAt: event.time };
    for (const run of [...current.values()].filter((r) => r.enrollment.customerId === event.customerId)) {
      apply(run, { kind: 'event', event: incoming }, event.time, event.customerId);
    }
  }
  fireWakesUntil(horizon);

  const customers = [...eventCounts.keys()].sort(compare).map(
    (customerId): CustomerReport => ({
      customerId,
      events: eventCounts.get(customerId) ?? 0,
      enrollments: runs.filter((r) => r.enrollment.customerId === customerId).map(report),
    }),
  );
  const conversions = customers.flatMap((c) => c.enrollments.flatMap((e) => e.conversions));
  const hasConversion = (c: CustomerReport, control: boolean) =>
    c.enrollments.some((e) => e.conversions.some((v) => v.control === control));
  return {
    workflow: { id: workflow.id, version: workflow.version },
    from: events[0]?.time ?? null,
    until,
    customers,
    summary: {
      customers: customers.length,
      enrolled: customers.filter((c) => c.enrollments.length > 0).length,
      converted: customers.filter((c) => hasConversion(c, false)).length,
      controlConverted: customers.filter((c) => hasConversion(c, true)).length,
      revenue: revenueOf(conversions),
      messages: customers.reduce(
        (n, c) => n + c.enrollments.reduce((m, e) => m + e.messages.filter((s) => s.skipped === undefined).length, 0),
        0,
      ),
      skippedEvents,
    },
  };
}

/**
 * History entries `next` added to `previous`: `advance` copies the kept entries (the same objects) and appends new
 * ones, dropping the oldest past its limit, so the new ones are those not already there.
 */
function newEntries(previous: readonly HistoryEntry[], next: readonly HistoryEntry[]): HistoryEntry[] {
  const seen = new Set(previous);
  return next.filter((entry) => !seen.has(entry));
}

function record(run: Run, action: Action, at: string, capped: string | null): void {
  switch (action.type) {
    case 'send':
      run.messages.push({
        ...(capped === null ? {} : { skipped: capped }),
        at,
        step: action.step,
        channel: action.channel,
        template: action.template,
        fallback: action.fallback,
        offer: action.offer,
        idempotencyKey: action.idempotencyKey,
      });
      return;
    case 'convert':
      run.conversions.push({
        at: action.occurredAt,
        event: action.event,
        revenue: action.revenue,
        key: action.key,
        control: action.control,
      });
      return;
    case 'exit':
      return;
    default:
      run.effects.push({ at, ...action });
  }
}

function report(run: Run): EnrollmentReport {
  const { enrollment: e } = run;
  return {
    id: e.id,
    key: e.key,
    version: e.version,
    enrolledAt: e.enrolledAt,
    path: run.path.map((h) => ({ at: h.at, step: h.step, outcome: h.outcome })),
    messages: run.messages,
    effects: run.effects,
    conversions: run.conversions,
    outcome: { status: e.status, reason: e.exitReason, step: e.step, endedAt: e.endedAt, wake: e.wake },
  };
}

/** The revenue of the conversions (not the control group's), each converting event counted once. */
function revenueOf(conversions: readonly Conversion[]): number {
  const counted = new Set<string>();
  let sum = 0;
  for (const c of conversions) {
    if (c.control || c.revenue === null) continue;
    if (c.key !== null && counted.has(c.key)) continue;
    if (c.key !== null) counted.add(c.key);
    sum += c.revenue;
  }
  return sum;
}
