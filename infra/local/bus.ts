import type { Context } from 'aws-lambda';
import type { ParkedEventStore } from '../../shared/platform/dynamodb/parked-events.js';
import { matchesPattern } from '../../shared/platform/eventbridge/pattern.js';
import type { EventFunctionName, Route } from '../../shared/platform/routing.js';
import type { EventEnvelope } from '../../shared/schemas/envelope.js';
import type { AcceptedEvent, UnfinishedDelivery } from './bus-journal.js';
import { Slots } from './slots.js';

export type LocalHandler = (event: unknown, context: Context) => Promise<unknown>;

export interface BusStats {
  delivered: number;
  failedAttempts: number;
  parked: number;
  /** Deliveries that failed and could not be parked either: kept in the journal, replayed on the next start. */
  parkFailed: number;
  pending: number;
}

/** Where accepted events are kept until every route has finished with them (`BusJournal`; none with `--memory`). */
export interface DeliveryJournal {
  accept(events: readonly AcceptedEvent[]): Promise<void>;
  finish(eventId: string, routeId: string): void;
  idle(): Promise<void>;
}

export interface LocalBusOptions {
  readonly routes: readonly Route[];
  readonly handlers: Readonly<Record<EventFunctionName, LocalHandler>>;
  readonly parked: ParkedEventStore;
  readonly now: () => Date;
  readonly journal?: DeliveryJournal;
  /**
   * Delay before retry n (1-based). AWS waits about a minute, then two; locally a second, then two: quick enough for
   * demos, and long enough that a handler waiting on another function's write (the workflow waits until tracking
   * has saved the event) is not parked under a burst only because the retries came too fast.
   */
  readonly retryDelayMs?: (attempt: number) => number;
  readonly onError?: (route: Route, event: EventEnvelope, error: unknown, attempt: number) => void;
  /** Invocations of one function at once (default 16); the rest wait their turn, as Lambda throttles. */
  readonly concurrency?: number;
  /** Parking failed too (after as many tries as the handler had): the delivery stays unfinished. */
  readonly onParkError?: (routeId: string, event: EventEnvelope, error: unknown) => void;
}

/**
 * The local stand-in for EventBridge rules + Lambda asynchronous invocation: each event goes to every route whose
 * pattern matches (the same routing table as on AWS), the handler is retried `retryAttempts` times, and an event
 * that still fails is parked in the DLQ with the last error. Delivery is asynchronous, as on AWS; `settle()` waits.
 * With a journal, accepted events are on disk before `publish` resolves and each delivery is marked finished once
 * handled or parked, so a killed engine replays what it had not finished.
 */
export class LocalBus {
  readonly stats: BusStats = { delivered: 0, failedAttempts: 0, parked: 0, parkFailed: 0, pending: 0 };
  private readonly inFlight = new Set<Promise<unknown>>();
  /** The latest events put on any bus, newest last (what `GET /bus/events` shows locally). */
  private readonly recentEvents: { bus: string; event: EventEnvelope }[] = [];

  private readonly slots = new Map<string, Slots>();

  constructor(private readonly options: LocalBusOptions) {}

  private slotsOf(target: string): Slots {
    let slots = this.slots.get(target);
    if (!slots) {
      slots = new Slots(this.options.concurrency ?? 16);
      this.slots.set(target, slots);
    }
    return slots;
  }

  /**
   * Accepts the events of one PutEvents call: journals them in one durable write, then starts their deliveries.
   * Resolves once they are accepted (not delivered); rejects, delivering nothing, if the journal cannot keep them.
   */
  publishAll(events: readonly { bus: string; event: EventEnvelope }[]): Promise<void> {
    const accepted = events.map(({ bus, event }) => ({ bus, event, routeIds: this.matching(bus, event) }));
    const start = (): void => {
      for (const { bus, event, routeIds } of accepted) {
        this.recentEvents.push({ bus, event });
        if (this.recentEvents.length > recentLimit) this.recentEvents.shift();
        for (const routeId of routeIds) this.start(routeId, event);
      }
    };
    const journal = this.options.journal;
    if (!journal) {
      start();
      return Promise.resolve();
    }
    const accepting = journal.accept(accepted.filter((a) => a.routeIds.length > 0)).then(start);
    this.track(accepting);
    return accepting;
  }

  publish(bus: string, event: EventEnvelope): Promise<void> {
    return this.publishAll([{ bus, event }]);
  }

  /** Delivers what an earlier run accepted but had not finished (read from the journal), once per route. */
  replay(deliveries: readonly UnfinishedDelivery[]): void {
    for (const { event, routeId } of deliveries) this.start(routeId, event);
  }

  /**
   * Counts an event a handler parked itself (input that can never succeed is parked at once, and the invocation
   * succeeds): `stats.parked` is every event parked while delivering, by the bus or by the handler.
   */
  countParkedByHandler(): void {
    this.stats.parked++;
  }

  /** Recent events, newest first, optionally of one detail-type. */
  recent(detailType?: string): EventEnvelope[] {
    return this.recentEvents
      .filter(({ event }) => detailType === undefined || event['detail-type'] === detailType)
      .map(({ event }) => event)
      .reverse();
  }

  /**
   * Resolves once every delivery, including the ones those deliveries cause, has finished: handled, parked, or
   * (parking failed too) left in the journal for the next start and counted in `stats.parkFailed`.
   */
  async settle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
    await this.options.journal?.idle();
  }

  private matching(bus: string, event: EventEnvelope): string[] {
    return this.options.routes.filter((r) => r.bus === bus && matchesPattern(r.pattern, event)).map((r) => r.id);
  }

  private track(work: Promise<unknown>): void {
    const tracked = work
      .catch(() => undefined) // the caller of publish sees the failure; settle only waits
      .finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
  }

  private start(routeId: string, event: EventEnvelope): void {
    this.stats.pending++;
    this.track(this.deliver(routeId, event).finally(() => this.stats.pending--));
  }

  /** Never rejects: every outcome is finished, parked, or counted and logged as a park failure. */
  private async deliver(routeId: string, event: EventEnvelope): Promise<void> {
    const route = this.options.routes.find((r) => r.id === routeId);
    // A journal from before a routing change can name a route that is gone: park the event rather than drop it.
    const outcome = route
      ? await this.attempt(route, event)
      : { attempts: 0, reason: `route ${routeId} no longer exists` };
    if (outcome === 'handled') {
      this.stats.delivered++;
      this.options.journal?.finish(event.id, routeId);
      return;
    }
    const tries = 1 + (route?.retryAttempts ?? 2);
    for (let attempt = 1; attempt <= tries; attempt++) {
      if (attempt > 1) await this.pause(attempt - 1);
      try {
        await this.options.parked.park({
          route: route?.target ?? routeId,
          eventId: event.id,
          detailType: event['detail-type'],
          source: event.source,
          parkedAt: this.options.now().toISOString(),
          reason: outcome.reason,
          issues: [],
          attempts: outcome.attempts,
          event,
        });
        this.stats.parked++;
        this.options.journal?.finish(event.id, routeId);
        return;
      } catch (error) {
        if (attempt === tries) {
          this.stats.parkFailed++;
          this.options.onParkError?.(routeId, event, error);
        }
      }
    }
  }

  private async attempt(route: Route, event: EventEnvelope): Promise<'handled' | { attempts: number; reason: string }> {
    const handler = this.options.handlers[route.target];
    const attempts = 1 + route.retryAttempts;
    let lastError: unknown;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      if (attempt > 1) await this.pause(attempt - 1);
      try {
        await this.slotsOf(route.target).run(() => handler(event, localContext(route.target, event.id)));
        return 'handled';
      } catch (error) {
        lastError = error;
        this.stats.failedAttempts++;
        this.options.onError?.(route, event, error, attempt);
      }
    }
    const message = lastError instanceof Error ? lastError.message : String(lastError);
    return { attempts, reason: `failed after ${attempts} attempts: ${message}` };
  }

  private pause(retry: number): Promise<void> {
    return sleep(this.options.retryDelayMs?.(retry) ?? 1000 * 2 ** (retry - 1));
  }
}

const recentLimit = 2000;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The Lambda context a local invocation gets. */
export function localContext(functionName: string, requestId: string): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '256',
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => 30_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
