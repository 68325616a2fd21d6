import type { Logger } from '@aws-lambda-powertools/logger';
import type { MiddlewareObj } from '@middy/core';
import type { ParkedEventStore } from '../dynamodb/parked-events.js';
import { ValidationError } from '../errors.js';
import { isStorefrontDetailType, unknownDetailTypeReason } from '../eventbridge/unknown-detail-type.js';

export interface ParkOptions {
  readonly route: string;
  readonly parked: ParkedEventStore;
  readonly now: () => Date;
  readonly logger: Logger;
}

/** The result of a handler that parked its input instead of processing it. */
export interface ParkedResult {
  readonly parked: true;
  readonly reason: string;
}

/**
 * Input that can never succeed is parked with its per-field reasons at once, instead of burning retries:
 * the invocation succeeds, so the events after it flow on. Any other error propagates and is retried.
 */
export function parkInvalidEvents(options: ParkOptions): MiddlewareObj<unknown, unknown> {
  return {
    onError: async (request) => {
      const { error } = request;
      if (!(error instanceof ValidationError)) return;
      const event = request.event;
      const envelope = typeof event === 'object' && event !== null ? event : {};
      const field = (name: string): string => {
        const value: unknown = name in envelope ? Reflect.get(envelope, name) : undefined;
        return typeof value === 'string' ? value : '';
      };
      // A detail-type outside the contract is most often a typo: say which type was meant.
      const detailType = field('detail-type');
      const source = field('source');
      const fromStorefront = source !== 'rekindle' && !source.startsWith('aws.');
      const unknownType =
        fromStorefront && !isStorefrontDetailType(detailType) && error.issues.some((i) => i.path === 'detail-type');
      const reason = unknownType ? unknownDetailTypeReason(detailType) : error.message;
      await options.parked.park({
        route: options.route,
        eventId: field('id') || `unidentified-${options.now().getTime()}`,
        detailType: field('detail-type'),
        source: field('source'),
        parkedAt: options.now().toISOString(),
        reason,
        issues: error.issues,
        attempts: 1,
        event,
      });
      // Field paths only: values may be personal data and stay out of the logs.
      options.logger.warn('event parked', {
        route: options.route,
        eventId: field('id'),
        fields: error.issues.map((i) => i.path),
      });
      const result: ParkedResult = { parked: true, reason };
      request.response = result;
      request.error = null;
    },
  };
}
