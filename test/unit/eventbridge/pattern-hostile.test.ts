/**
 * Events built to break a matcher: nesting far deeper than a call stack, arrays larger than an argument list,
 * keys that name prototype members, numbers JSON parses to Infinity. Matching answers, and answers right.
 */
import { describe, expect, it } from 'vitest';
import { matchesPattern, validatePattern } from '../../../shared/platform/eventbridge/pattern.js';

const matches = (pattern: unknown, event: unknown): boolean => matchesPattern(validatePattern(pattern), event);

/** `{"a":{"a":…{"a":leaf}…}}`, `levels` objects deep, built by JSON.parse (which does not recurse). */
const nestedObject = (levels: number, leaf: string): unknown =>
  JSON.parse(`${'{"a":'.repeat(levels)}${leaf}${'}'.repeat(levels)}`);

const orderEvent = (detail: unknown) => ({ source: 'shop.example', 'detail-type': 'Order Completed', detail });

describe('deep events', () => {
  it('matches around a detail nested 100,000 objects deep without overflowing the stack', () => {
    const event = orderEvent({ ...(nestedObject(100_000, '1') as object), orderId: 'o-1' });
    expect(matches({ source: ['shop.example'], detail: { orderId: ['o-1'] } }, event)).toBe(true);
    expect(matches({ detail: { orderId: ['o-2'] } }, event)).toBe(false);
    expect(matches({ detail: { missing: [{ exists: false }] } }, event)).toBe(true);
  });

  it('finds a leaf at the bottom of 1,000 levels, the most PutEvents accepts, by its dotted name', () => {
    const event = { detail: nestedObject(1_000, '"deep"') };
    expect(matches({ detail: nestedObject(1_000, '["deep"]') }, event)).toBe(true);
    expect(matches({ detail: nestedObject(1_000, '["shallow"]') }, event)).toBe(false);
  });

  it('matches inside arrays nested 100,000 deep', () => {
    const event = { detail: JSON.parse(`{"n":${'['.repeat(100_000)}7${']'.repeat(100_000)}}`) };
    expect(matches({ detail: { n: [7] } }, event)).toBe(true);
    expect(matches({ detail: { n: [8] } }, event)).toBe(false);
  });

  it('walks an array of 300,000 elements, more than a call can take as arguments', () => {
    const skus = Array.from({ length: 300_000 }, (_, i) => i);
    expect(matches({ detail: { skus: [299_999] } }, { detail: { skus } })).toBe(true);
    expect(matches({ detail: { skus: [300_000] } }, { detail: { skus } })).toBe(false);
  });
});

describe('array consistency survives the iterative search', () => {
  it('needs both conditions met by the same element, among many', () => {
    const items = Array.from({ length: 2_000 }, (_, i) => ({ category: i === 1_999 ? 'shoes' : 'hats', price: i }));
    const pattern = { detail: { items: { category: ['shoes'], price: [{ numeric: ['>=', 1_999] }] } } };
    expect(matches(pattern, { detail: { items } })).toBe(true);
    const cheap = { detail: { items: { category: ['shoes'], price: [{ numeric: ['<', 10] }] } } };
    expect(matches(cheap, { detail: { items } })).toBe(false);
  });
});

describe('hostile keys and values', () => {
  it('treats __proto__ and constructor keys as ordinary field names', () => {
    const event = JSON.parse('{"detail":{"__proto__":{"x":"p"},"constructor":"c"}}');
    expect(matches(JSON.parse('{"detail":{"__proto__":{"x":["p"]}}}'), event)).toBe(true);
    expect(matches({ detail: { constructor: ['c'] } }, event)).toBe(true);
    expect(matches({ detail: { constructor: [{ exists: true }] } }, { detail: {} })).toBe(false);
  });

  it('treats Infinity (what JSON.parse makes of 1e999) as any number beyond ±5e9: no numeric filter matches it', () => {
    const event = JSON.parse('{"detail":{"total":1e999}}');
    expect(matches({ detail: { total: [{ numeric: ['>', 0] }] } }, event)).toBe(false);
    expect(matches({ detail: { total: [{ numeric: ['<', 5e9] }] } }, event)).toBe(false);
    expect(matches({ detail: { total: [{ exists: true }] } }, event)).toBe(true);
    expect(matches({ detail: { total: [{ 'anything-but': 0 }] } }, event)).toBe(true);
  });
});
