/**
 * Any JSON that PutEvents accepts is survivable: hostile values sent between valid events, through the real SDK,
 * are refused per entry, parked with the field or limit they broke, or processed safely, and never take the
 * engine or the valid events of the same call down with them. (A call holds at most 10 entries and 256 KiB, so
 * the values are spread over four calls, each mixing them with valid events.)
 */
import type { PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EngineHarness, startHarness } from './local-engine.js';

let h: EngineHarness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.stop();
});

/** An entry whose Detail is sent as written, so it can hold text JSON.stringify never writes (`1e999`). */
const raw = (detailType: string, detail: string): PutEventsRequestEntry => ({
  Source: 'shop.example',
  DetailType: detailType,
  Detail: detail,
  EventBusName: 'rekindle',
});

const valid = (customerId: string) =>
  raw('Customer Registered', JSON.stringify({ customerId, email: `${customerId}@example.com` }));

const order = (customerId: string, total: string, extra = '') =>
  raw(
    'Order Completed',
    `{"customerId":"${customerId}","orderId":"o-${customerId}","currency":"EUR","items":[],"total":${total}${extra}}`,
  );

/** `{"customerId":…,"deep":{"a":{"a":…}}}`, nested `levels` objects deep in all. */
const deep = (customerId: string, levels: number) =>
  raw(
    'Customer Registered',
    `{"customerId":"${customerId}","deep":${'{"a":'.repeat(levels - 2)}{}${'}'.repeat(levels - 2)}}`,
  );

interface ParkedView {
  route: string;
  eventId: string;
  reason: string;
  event: { detail?: Record<string, unknown> };
}

/** Sends one call; returns each entry's EventId or error, in order. */
async function send(entries: PutEventsRequestEntry[]) {
  const { Entries } = await h.put(entries);
  return Entries as { EventId?: string; ErrorCode?: string; ErrorMessage?: string }[];
}

describe('hostile values between valid events', () => {
  const results: Record<string, { EventId?: string; ErrorCode?: string; ErrorMessage?: string } | undefined> = {};
  const names = (list: string[], got: Awaited<ReturnType<typeof send>>) => {
    list.forEach((name, i) => {
      results[name] = got[i];
    });
  };

  beforeAll(async () => {
    names(
      ['v1', 'total 1e16', 'total 2^53', 'v2', 'total 1e-131', 'total 1e999', 'v3', 'price 1e13', 'no orderId', 'o1'],
      await send([
        valid('v1'),
        order('h-1e16', '1e16'),
        order('h-2p53', String(2 ** 53)),
        valid('v2'),
        order('h-tiny', '1e-131'),
        order('h-inf', '1e999'),
        valid('v3'),
        raw(
          'Order Completed',
          '{"customerId":"h-price","orderId":"o-p","currency":"EUR","total":1,' +
            '"items":[{"productId":"p","name":"P","price":1e13,"quantity":1}]}',
        ),
        raw('Order Completed', '{"customerId":"h-unknown","currency":"EUR","items":[],"total":5,"debug":1e300}'),
        order('v1', '999999999999.99'),
      ]),
    );
    names(
      ['v4', 'consents __proto__', 'consents constructor', 'v5', 'attributes __proto__', 'attributes constructor'],
      await send([
        valid('v4'),
        raw('Customer Updated', '{"customerId":"h-pc","consents":{"__proto__":{"email":true}}}'),
        raw('Customer Updated', '{"customerId":"h-cc","consents":{"constructor":true}}'),
        valid('v5'),
        raw('Customer Updated', '{"customerId":"h-pa","attributes":{"__proto__":"x","tier":"gold"}}'),
        raw('Customer Updated', '{"customerId":"h-ca","attributes":{"constructor":"x","toString":1}}'),
      ]),
    );
    names(
      ['v6', 'nested 10,000', 'nested 1,000', 'integer 2^64', 'v7'],
      await send([
        valid('v6'),
        deep('h-deep', 10_000),
        deep('h-deep-ok', 1_000),
        raw('Customer Registered', '{"customerId":"h-int","n":18446744073709551616}'),
        valid('v7'),
      ]),
    );
    const notes = 'n'.repeat(250_000);
    names(
      ['v8', '250 KB valid', 'v9'],
      await send([
        valid('v8'),
        raw('Customer Updated', JSON.stringify({ customerId: 'h-big', firstName: 'Big', notes })),
        valid('v9'),
      ]),
    );
    names(
      ['250 KB invalid', 'v10'],
      await send([raw('Order Completed', JSON.stringify({ customerId: 'h-big-bad', notes })), valid('v10')]),
    );
    await h.settle();
  });

  it('leaves the engine up', async () => {
    expect((await h.get('/health')).status).toBe(200);
    expect((await fetch(`${h.engine.endpoints.eventBridge}/health`)).status).toBe(200);
  });

  it('processes every valid event of every call', async () => {
    for (const id of ['v1', 'v2', 'v3', 'v4', 'v5', 'v6', 'v7', 'v8', 'v9', 'v10']) {
      expect((await h.get(`/customers/${id}`)).status, id).toBe(200);
    }
    const v1 = (await h.get('/customers/v1')).body as { stats: { orders: number; revenue: number } };
    expect(v1.stats).toMatchObject({ orders: 1, revenue: 999999999999.99 });
  });

  it('refuses Detail beyond the limits PutEvents documents, per entry, naming the limit', () => {
    expect(results['nested 10,000']).toEqual({
      ErrorCode: 'MalformedDetail',
      ErrorMessage: 'Detail is malformed: it is nested deeper than 1000 levels, the most PutEvents processes.',
    });
    expect(results['integer 2^64']?.ErrorCode).toBe('MalformedDetail');
    expect(results['integer 2^64']?.ErrorMessage).toContain('-2^63 to 2^63-1');
  });

  it('processes what is hostile only in form: deep but allowed, constructor as a name, a large unknown field', async () => {
    expect((await h.get('/customers/h-deep-ok')).status).toBe(200);
    const ca = (await h.get('/customers/h-ca')).body as { attributes: Record<string, unknown> };
    expect(ca.attributes).toEqual({ constructor: 'x', toString: 1 });
    expect(((await h.get('/customers/h-big')).body as { firstName: string }).firstName).toBe('Big');
    expect(Object.hasOwn(Object.prototype, 'email')).toBe(false);
  });

  it('parks every other hostile event with the field it broke, and keeps it', async () => {
    const { body } = await h.get('/dlq?limit=1000');
    const parked = (body as { items: ParkedView[] }).items;
    const parkedFor = (name: string) => {
      const eventId = results[name]?.EventId;
      expect(eventId, `${name} was accepted`).toBeDefined();
      return parked.find((p) => p.eventId === eventId && p.route === 'track');
    };
    const expectations: [string, RegExp][] = [
      ['total 1e16', /detail\.total: must be at most 1000000000000/],
      ['total 2^53', /detail\.total: must be at most 1000000000000/],
      ['total 1e-131', /detail\.total: must be 0 or at least 0\.000001/],
      ['total 1e999', /detail\.total: .*Infinity/],
      ['price 1e13', /detail\.items\[0\]\.price: must be at most/],
      ['no orderId', /detail\.orderId/],
      ['consents __proto__', /detail\.consents: .*__proto__/],
      ['consents constructor', /detail\.consents: .*constructor/],
      ['attributes __proto__', /detail\.attributes\.__proto__: "__proto__" is not allowed/],
      ['250 KB invalid', /detail\.orderId/],
    ];
    for (const [name, reason] of expectations) expect(parkedFor(name)?.reason, name).toMatch(reason);

    expect(parkedFor('total 1e16')?.event.detail?.total).toBe(1e16);
    expect(parkedFor('total 1e999')?.event.detail?.total).toBe('Infinity');
    expect(parkedFor('no orderId')?.event.detail?.debug).toBe(1e300);
    expect(parkedFor('250 KB invalid')?.event.detail?.notes).toHaveLength(250_000);
    for (const id of ['h-1e16', 'h-2p53', 'h-tiny', 'h-inf', 'h-pc', 'h-cc', 'h-pa']) {
      expect((await h.get(`/customers/${id}`)).status, id).toBe(404);
    }
  });
});
