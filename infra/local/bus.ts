import type { Context } from 'aws-lambda';
import type { ParkedEventStore } from '../../shared/platform/dynamodb/parked-events.js';
import { matchesPattern } from '../../shared/platform/eventbridge/pattern.js';
import type { EventFunctionName, Route } from '../../shared/platform/routing.js';
import type { EventEnvelope } from '../../shared/schemas/envelope.js';

export type LocalHandler = (event: unknown, context: Context) => Promise<unknown>;

export interface BusStats {
  delivered: number;
  failedAttempts: number;
  parked: number;
  pending: number;
}

export interface LocalBusOptions {
  readonly routes: readonly Route[];
  readonly handlers: Readonly<Record<EventFunctionName, LocalHandler>>;
  readonly parked: ParkedEventStore;
  readonly now: () => Date;
  /**
   * Delay before retry n (1-based). AWS waits about a minute, then two; locally a second, then two: quick enough for
   * demos, and long enough that a handler waiting on another function's write (the workflow waits until tracking
   * has saved the event) is not parked under a burst only because the retries came too fast.
   */
  readonly retryDelayMs?: (attempt: number) => number;
  readonly onError?: (route: Route, event: EventEnvelope, error: unknown, attempt: number) => void;
}

/**
 * The local stand-in for EventBridge rules + Lambda asynchronous invocation: each event goes to every route whose
 * pattern matches (the same routing table as on AWS), the handler is retried `retryAttempts` times, and an event
 * that still fails is parked in the DLQ with the last error. Delivery is asynchronous, as on AWS; `settle()` waits.
 */
export class LocalBus {
  readonly stats: BusStats = { delivered: 0, failedAttempts: 0, parked: 0, pending: 0 };
  private readonly inFlight = new Set<Promise<void>>();
  /** The latest events put on any bus, newest last (what `GET /bus/events` shows locally). */
  private readonly recentEvents: { bus: string; event: EventEnvelope }[] = [];

  constructor(private readonly options: LocalBusOptions) {}

  publish(bus: string, event: EventEnvelope): void {
    this.recentEvents.push({ bus, event });
    if (this.recentEvents.length > recentLimit) this.recentEvents.shift();
    for (const route of this.options.routes) {
      if (route.bus !== bus || !matchesPattern(route.pattern, event)) continue;
      const delivery = this.deliver(route, event).finally(() => {
        this.inFlight.delete(delivery);
        this.stats.pending--;
      });
      this.stats.pending++;
      this.inFlight.add(delivery);
    }
  }

  /** Recent events, newest first, optionally of one detail-type. */
  recent(detailType?: string): EventEnvelope[] {
    return this.recentEvents
      .filter(({ event }) => detailType === undefined || event['detail-type'] === detailType)
      .map(({ event }) => event)
      .reverse();
  }

  /** Resolves once every delivery, including the ones those deliveries cause, has finished. */
  async settle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private async deliver(route: Route, event: EventEnvelope): Promise<void> {
    const handler = this.options.handlers[route.target];
    const attempts = 1 + route.retryAttempts;
    let lastError: unknown;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      if (attempt > 1) await sleep(this.options.retryDelayMs?.(attempt - 1) ?? 1000 * 2 ** (attempt - 2));
      try {
        await handler(event, localContext(route.target, event.id));
        this.stats.delivered++;
        return;
      } catch (error) {
        lastError = error;
        this.stats.failedAttempts++;
        this.options.onError?.(route, event, error, attempt);
      }
    }
    this.stats.parked++;
    await this.options.parked.park({
      route: route.target,
      eventId: event.id,
      detailType: event['detail-type'],
      source: event.source,
      parkedAt: this.options.now().toISOString(),
      reason: `failed after ${attempts} attempts: ${lastError instanceof Error ? lastError.message : String(lastError)}`,
      issues: [],
      attempts,
      event,
    });
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
