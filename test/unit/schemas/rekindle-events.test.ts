import { describe, expect, it } from 'vitest';
import { type Book, openBook, postToBook, written } from '../../../shared/loyalty/core/book.js';
import { eventId } from '../../../shared/loyalty/core/draft.js';
import type { LoyaltyCommand, LoyaltyEvent } from '../../../shared/loyalty/core/model.js';
import { emptyAccount } from '../../../shared/loyalty/core/post.js';
import { type LoyaltyProgram, parseLoyaltyProgram } from '../../../shared/loyalty/core/program.js';
import { rekindleExamples } from '../../../shared/schemas/examples.js';
import { kebab } from '../../../shared/schemas/generate.js';
import { type RekindleDetailType, rekindleEventSchemas } from '../../../shared/schemas/rekindle-events.js';
import shippedProgram from '../../../workflows/loyalty.json' with { type: 'json' };
import { index, published, validator } from '../../helpers/published-schemas.js';

const loyaltyTypes: readonly LoyaltyEvent['type'][] = [
  'Points Awarded',
  'Points Redeemed',
  'Points Reversed',
  'Points Expiring',
  'Points Expired',
  'Tier Changed',
];
const examples = Object.entries(rekindleExamples);

/** Parses `detail` with the zod schema of `detailType`; the strict schemas reject fields they don't list. */
const parse = (detailType: RekindleDetailType, detail: unknown) => rekindleEventSchemas[detailType].safeParse(detail);

/** What a consumer receives: the detail as the publisher serialises it (shared/platform/eventbridge/publisher.ts). */
const onTheWire = (detail: unknown): unknown => JSON.parse(JSON.stringify(detail));

const program: LoyaltyProgram = parseLoyaltyProgram(shippedProgram);
const customerId = 'cus_1001';

interface Posted {
  /** The account and the records beside it, as the service would have stored them. */
  readonly book: Book;
  readonly events: LoyaltyEvent[];
}

/**
 * Posts the commands in turn on a book (each reading the records it needs, as the service would); `next` may build a
 * command from what was posted so far (e.g. the coupon code).
 */
function history(
  commands: readonly (LoyaltyCommand | ((so: Posted) => LoyaltyCommand))[],
  start = emptyAccount(customerId, program, '2026-03-01T12:04:37Z'),
): Posted {
  let posted: Posted = { book: openBook(start), events: [] };
  for (const next of commands) {
    const command = typeof next === 'function' ? next(posted) : next;
    const result = postToBook(program, posted.book, command);
    expect(result.outcome.status, `${command.kind}: ${JSON.stringify(result.outcome)}`).toBe('applied');
    posted = { book: written(posted.book, result), events: [...posted.events, ...result.events] };
  }
  return posted;
}

describe("Rekindle's own events: schemas and examples", () => {
  it('has a schema and an example for every loyalty event type, and no other', () => {
    expect(Object.keys(rekindleEventSchemas).sort()).toEqual([...loyaltyTypes].sort());
    expect(Object.keys(rekindleExamples).sort()).toEqual([...loyaltyTypes].sort());
  });

  it('index.json lists them with source rekindle on the rekindle bus', () => {
    const own = index.events.filter((entry) => entry.detailType in rekindleEventSchemas);
    expect(own).toEqual(
      Object.keys(rekindleEventSchemas).map((detailType) => ({
        detailType,
        source: ['rekindle'],
        bus: 'rekindle',
        file: `rekindle-${kebab(detailType)}.schema.json`,
      })),
    );
  });

  it.each(examples)('%s: the published schema is exact and carries the example', (detailType, example) => {
    expect(published.get(detailType)).toMatchObject({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      $id: `urn:rekindle:schemas:events:rekindle-${kebab(detailType)}`,
      title: detailType,
      description: expect.stringContaining('dedupe on it'),
      type: 'object',
      required: expect.arrayContaining(['customerId', 'eventId', 'occurredAt']),
      additionalProperties: false,
      examples: [example],
    });
  });

  it.each(examples)('%s: the example parses unchanged with zod', (detailType, example) => {
    const result = parse(detailType as RekindleDetailType, example);
    expect(result.error).toBeUndefined();
    expect(result.data).toEqual(example);
  });

  it.each(examples)('%s: the example validates against the published JSON Schema', (detailType, example) => {
    const validate = validator(detailType);
    expect(validate(onTheWire(example)), JSON.stringify(validate.errors)).toBe(true);
  });

  it('tells the story of the storefront examples, for customer cus_1001 in SAR', () => {
    for (const [, example] of examples) expect(example.customerId).toBe('cus_1001');
    expect(rekindleExamples['Points Redeemed']).toMatchObject({ currency: 'SAR', code: expect.stringMatching(/^RK-/) });
    expect(rekindleExamples['Points Reversed']).toMatchObject({ orderId: 'ord_5001', refundId: 'ref_9001' });
    expect(rekindleExamples['Points Awarded']).toMatchObject({ reason: 'order', orderId: 'ord_5001' });
  });

  it('the examples are exactly what the loyalty engine emits for that story', () => {
    // The story told in shared/schemas/examples.ts, with the storefront examples' order and refund.
    const { events } = history([
      { kind: 'signup', at: '2026-03-01T12:04:37Z' },
      {
        kind: 'order',
        orderId: 'ord_5001',
        at: '2026-03-14T16:25:47Z',
        total: 527,
        currency: 'SAR',
        items: [
          { price: 349, quantity: 1, category: 'Fragrance' },
          { price: 89, quantity: 2, category: 'Incense' },
        ],
      },
      { kind: 'refund', refundId: 'ref_9001', orderId: 'ord_5001', amount: 89, at: '2026-03-20T10:05:00Z' },
      { kind: 'tick', now: '2026-03-28T16:30:00Z' },
      { kind: 'redeem', key: 'rdm_4c1e9a7b', points: 500, at: '2026-04-02T09:15:12Z' },
      {
        kind: 'order',
        orderId: 'ord_5002',
        at: '2026-06-02T20:11:09Z',
        total: 640,
        currency: 'SAR',
        items: [{ price: 320, quantity: 2, category: 'Fragrance' }],
      },
      // ord_5001's points (and the sign-up's, and the first-order bonus) turn 12 months old in March 2027 and expire
      // at the start of the next month, 2027-04-01: the sweep reminds of them on the first day of the 30-day window,
      // 2027-03-02, and records their expiry on 2027-04-01 (at the lot's date, whenever the sweep runs that day).
      { kind: 'tick', now: '2027-03-02T16:30:00Z' },
      { kind: 'tick', now: '2027-04-01T16:30:00Z' },
    ]);
    for (const [detailType, example] of examples) {
      const emitted = events.find((e) => e.detail.eventId === example.eventId);
      expect(emitted, `${detailType}: no emitted event has the example's eventId`).toBeDefined();
      expect(emitted?.type).toBe(detailType);
      expect(emitted?.detail).toEqual(example);
      expect(example.eventId).toBe(eventId(customerId, emitted?.key ?? ''));
    }
  });
});

describe('the loyalty engine keeps the contract', () => {
  // A realistic history under the shipped program (workflows/loyalty.json: signup 100, birthday 200, first order 50,
  // 14 days pending, expiry at the start of the month after points turn 12 months old reminded 30 days ahead, silver
  // from 1000 SAR spent (net of refunds) in 12 months kept at least 12 months, redemptions from 500 points in steps of
  // 100 at 0.05 SAR a point).
  const lifetime = (): LoyaltyEvent[] =>
    history([
      { kind: 'signup', at: '2026-03-01T12:04:37Z' },
      { kind: 'profile', birthday: '--09-23', timezone: 'Asia/Riyadh', at: '2026-03-01T12:04:37Z' },
      {
        kind: 'order',
        orderId: 'ord_5001',
        at: '2026-03-14T16:25:47Z',
        total: 600,
        currency: 'SAR',
        items: [{ price: 300, quantity: 2, category: 'Incense' }],
      },
      // Part of the first order comes back: points reversed.
      { kind: 'refund', refundId: 'ref_9001', orderId: 'ord_5001', amount: 100, at: '2026-03-20T10:05:00Z' },
      // The return window ends: the order's points become spendable.
      { kind: 'tick', now: '2026-03-28T17:00:00Z' },
      { kind: 'redeem', key: 'rdm_1', points: 500, at: '2026-04-02T09:15:12Z' },
      // The coupon pays for part of the second order, which takes her to silver (500 + 700 SAR)...
      ({ events: sofar }) => {
        const redeemed = sofar.find((e) => e.type === 'Points Redeemed');
        const coupon = redeemed?.type === 'Points Redeemed' ? redeemed.detail.code : undefined;
        expect(coupon).toMatch(/^RK-/);
        return {
          kind: 'order',
          orderId: 'ord_5002',
          at: '2026-04-10T18:00:00Z',
          total: 700,
          currency: 'SAR',
          items: [{ price: 700, quantity: 1, category: 'Fragrance' }],
          coupon: coupon?.toLowerCase(),
        };
      },
      // ...and is refunded in full: its points reversed, the coupon's points restored.
      { kind: 'refund', refundId: 'ref_9002', orderId: 'ord_5002', amount: 700, at: '2026-04-20T10:00:00Z' },
      // The sweep the day after her birthday (23 September in Riyadh): the birthday bonus.
      { kind: 'tick', now: '2026-09-24T00:00:00Z' },
      // The sign-up's and the first order's points turn 12 months old in March 2027 and expire at the start of the
      // next month, 2027-04-01; the 30-day reminder window opens 2027-03-02: reminded.
      { kind: 'tick', now: '2027-03-05T00:00:00Z' },
      // After 2027-04-01: they expired.
      { kind: 'tick', now: '2027-04-02T00:00:00Z' },
      // Silver held 12 months, no spend left in the window: down to bronze.
      { kind: 'tick', now: '2027-04-11T00:00:00Z' },
    ]).events;

  it('emits every loyalty event type, every award reason and both tier directions', () => {
    const events = lifetime();
    expect(new Set(events.map((e) => e.type))).toEqual(new Set(loyaltyTypes));
    const reasons = events.flatMap((e) => (e.type === 'Points Awarded' ? [e.detail.reason] : []));
    expect(new Set(reasons)).toEqual(new Set(['signup', 'order', 'nthOrder', 'restore', 'birthday']));
    const tiers = events.flatMap((e) => (e.type === 'Tier Changed' ? [`${e.detail.from}->${e.detail.to}`] : []));
    expect(tiers).toEqual(['bronze->silver', 'silver->bronze']);
  });

  it('every emitted detail parses, unchanged, with the schema of its type', () => {
    const events = lifetime();
    for (const event of events) {
      const result = parse(event.type, event.detail);
      expect(result.error, `${event.type} ${event.key}`).toBeUndefined();
      expect(result.data).toEqual(event.detail);
    }
  });

  it('every emitted detail, as published, validates against the published JSON Schema', () => {
    const events = lifetime();
    for (const event of events) {
      const validate = validator(event.type);
      expect(validate(onTheWire(event.detail)), `${event.type} ${event.key}: ${JSON.stringify(validate.errors)}`).toBe(
        true,
      );
    }
  });

  it('gives every event its own eventId, derived from customer and posting', () => {
    const events = lifetime();
    expect(new Set(events.map((e) => e.detail.eventId)).size).toBe(events.length);
    for (const event of events) expect(event.detail.eventId).toBe(eventId(customerId, event.key));
  });
});

describe('malformed details are rejected by zod and by the JSON Schema', () => {
  const awarded = rekindleExamples['Points Awarded'];
  const redeemed = rekindleExamples['Points Redeemed'];
  const changed = rekindleExamples['Tier Changed'];
  const { eventId: _id, ...noEventId } = rekindleExamples['Points Expired'];

  it.each([
    ['Points Awarded', 'zero points', { ...awarded, points: 0 }],
    ['Points Awarded', 'fractional points', { ...awarded, points: 1.5 }],
    ['Points Awarded', 'an unknown reason', { ...awarded, reason: 'gift' }],
    ['Points Awarded', 'no expiresAt (null is the way to say "never")', { ...awarded, expiresAt: undefined }],
    ['Points Awarded', 'a field the contract does not list', { ...awarded, tier: 'silver' }],
    ['Points Redeemed', 'a lower-case coupon code', { ...redeemed, code: redeemed.code.toLowerCase() }],
    ['Points Redeemed', 'a lower-case currency', { ...redeemed, currency: 'sar' }],
    ['Points Expired', 'no eventId', noEventId],
    ['Tier Changed', 'an unknown direction', { ...changed, direction: 'sideways' }],
    ['Tier Changed', 'a date without time', { ...changed, occurredAt: '2026-06-02' }],
  ] as const)('%s with %s', (detailType, _why, detail) => {
    const sent = onTheWire(detail);
    expect(validator(detailType)(sent)).toBe(false);
    expect(parse(detailType, sent).success).toBe(false);
  });

  it('accepts a null expiresAt (a program without expiry)', () => {
    const never = { ...awarded, expiresAt: null };
    expect(validator('Points Awarded')(never)).toBe(true);
    expect(parse('Points Awarded', never).success).toBe(true);
  });
});
