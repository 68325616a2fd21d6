import { describe, expect, it } from 'vitest';
import { matchesPattern } from '../../../shared/platform/eventbridge/pattern.js';
import { unknownDetailTypeReason } from '../../../shared/platform/eventbridge/unknown-detail-type.js';
import { routes, storefrontDetailTypes } from '../../../shared/platform/routing.js';

const event = (source: string, detailType: string) => ({
  version: '0',
  id: 'e1',
  'detail-type': detailType,
  source,
  account: '000000000000',
  time: '2026-11-01T09:00:00Z',
  region: 'us-east-1',
  resources: [],
  detail: {},
});
const routedTo = (source: string, detailType: string) =>
  routes.filter((r) => r.bus === 'rekindle' && matchesPattern(r.pattern, event(source, detailType))).map((r) => r.id);

describe('a storefront detail-type outside the contract', () => {
  it('is routed once, to track (which parks it), whatever the typo; known types keep their one route', () => {
    for (const typo of ['Order Complete', 'order completed', 'Newsletter Signup']) {
      expect(routedTo('shop.example', typo)).toEqual(['StorefrontUnknownTypeToTrack']);
    }
    for (const known of storefrontDetailTypes) expect(routedTo('shop.example', known)).toEqual(['StorefrontToTrack']);
    // Rekindle's own events and AWS's are not storefront events.
    expect(routedTo('rekindle', 'Points Awarded')).not.toContain('StorefrontUnknownTypeToTrack');
    expect(routedTo('aws.ses', 'Email Opened')).toEqual([]);
  });

  it('is parked naming the nearest known type, or listing them when none is near', () => {
    expect(unknownDetailTypeReason('Order Complete')).toBe(
      'unknown event type "Order Complete", did you mean "Order Completed"?',
    );
    expect(unknownDetailTypeReason('cart updated')).toBe(
      'unknown event type "cart updated", did you mean "Cart Updated"?',
    );
    expect(unknownDetailTypeReason('Refund')).toBe(
      `unknown event type "Refund", the storefront event types are: ${storefrontDetailTypes.map((t) => `"${t}"`).join(', ')}`,
    );
  });
});
