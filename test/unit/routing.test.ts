import { existsSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { matchesPattern, validatePattern } from '../../shared/platform/eventbridge/pattern.js';
import { entryPoints, routes, sesEngagementDetailTypes, storefrontDetailTypes } from '../../shared/platform/routing.js';
import { exampleEnvelope, sesExamples, storefrontExamples } from '../../shared/schemas/examples.js';

/** Which functions an event on `bus` reaches: the same decision the CDK rules and the local bus make. */
const targetsOf = (bus: string, event: unknown): string[] =>
  routes.filter((r) => r.bus === bus && matchesPattern(r.pattern, event)).map((r) => r.target);

describe('entry-point table', () => {
  it('names every functions/<name>/handler.ts once, under its folder name, and nothing else', () => {
    const folders = readdirSync('functions', { withFileTypes: true })
      .filter((d) => d.isDirectory() && existsSync(`functions/${d.name}/handler.ts`))
      .map((d) => d.name)
      .sort();
    expect(Object.keys(entryPoints).sort()).toEqual(folders);
    for (const [name, { entry }] of Object.entries(entryPoints)) expect(entry).toBe(`functions/${name}/handler.ts`);
  });
});

describe('routing table', () => {
  it('has only valid EventBridge patterns and unique route ids', () => {
    for (const route of routes) expect(() => validatePattern(route.pattern), route.id).not.toThrow();
    expect(new Set(routes.map((r) => r.id)).size).toBe(routes.length);
  });

  const loyaltyTypes: readonly string[] = [
    'Customer Registered',
    'Customer Updated',
    'Order Completed',
    'Order Refunded',
  ];
  it.each(storefrontDetailTypes)(
    'routes a storefront %s only to track (the one door), and its tracked fact to workflow (and loyalty)',
    (type) => {
      const event = exampleEnvelope('shop.example', type, storefrontExamples[type]);
      expect(targetsOf('rekindle', event)).toEqual(['track']);
      // Put without a bus name (the default bus): tracked all the same, not lost.
      expect(targetsOf('default', event)).toEqual(['track']);
      const fact = exampleEnvelope('rekindle', type, storefrontExamples[type]);
      expect(targetsOf('rekindle', fact)).toEqual(loyaltyTypes.includes(type) ? ['loyalty', 'workflow'] : ['workflow']);
    },
  );

  it.each(sesEngagementDetailTypes)('routes SES %s on the default bus to engagement', (type) => {
    expect(targetsOf('default', exampleEnvelope('aws.ses', type, sesExamples[type]))).toEqual(['engagement']);
  });

  it("does not track Rekindle's own events or AWS sources posing as a storefront; workflows hear Rekindle's", () => {
    const order = storefrontExamples['Order Completed'];
    expect(targetsOf('rekindle', exampleEnvelope('aws.partner', 'Order Completed', order))).toEqual([]);
    expect(targetsOf('rekindle', exampleEnvelope('rekindle', 'Cart Abandoned', {}))).toEqual(['workflow']);
    expect(targetsOf('default', exampleEnvelope('rekindle', 'Tier Changed', {}))).toEqual([]);
  });

  it('ignores SES sending events that carry no engagement', () => {
    expect(targetsOf('default', exampleEnvelope('aws.ses', 'Email Sent', sesExamples['Email Sent']))).toEqual([]);
  });
});
