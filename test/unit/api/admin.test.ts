import { describe, expect, it } from 'vitest';
import { type AdminDeps, createAdminApi, handleAdminRequest } from '../../../shared/admin/admin.js';
import type { CustomerView, TimelinePage, TimelineQuery } from '../../../shared/customer/core/views.js';
import { CustomerReader } from '../../../shared/customer/store/customer-reader.js';
import { ControllableClock } from '../../../shared/platform/clock.js';
import { createDocumentClient } from '../../../shared/platform/dynamodb/client.js';
import { type ParkedEvent, ParkedEventStore } from '../../../shared/platform/dynamodb/parked-events.js';
import type { ApiResponse } from '../../../shared/platform/http/http.js';

/**
 * The admin API over tiny in-memory fakes: subclasses of the real reader and DLQ store whose methods never
 * touch DynamoDB (the client points at a closed port and is never used). The real reader is exercised
 * against dynalite in test/integration/tracking.
 */
const unusedDb = createDocumentClient('http://127.0.0.1:9');

const known: CustomerView = {
  customerId: 'cus_1',
  email: 'layla@example.com',
  phone: null,
  firstName: 'Layla',
  lastName: null,
  locale: null,
  timezone: null,
  birthday: null,
  registeredAt: '2026-03-01T12:00:00.000Z',
  lastActiveAt: '2026-03-14T16:00:00.000Z',
  consents: { email: { granted: true, at: '2026-03-01T12:00:00.000Z' }, sms: null, whatsapp: null },
  attributes: {},
  stats: {
    orders: 0,
    revenue: 0,
    refunded: 0,
    netRevenue: 0,
    averageOrderValue: 0,
    firstOrderAt: null,
    lastOrderAt: null,
    lastActiveAt: '2026-03-14T16:00:00.000Z',
  },
  carts: [],
  segments: { rfm: null, abc: null },
  revenueByCurrency: {},
};

class FakeCustomers extends CustomerReader {
  readonly timelineQueries: TimelineQuery[] = [];
  constructor() {
    super(unusedDb, 'unused');
  }
  override async customer(customerId: string): Promise<CustomerView | null> {
    return customerId === known.customerId ? known : null;
  }
  override async timeline(_customerId: string, query: TimelineQuery): Promise<TimelinePage> {
    this.timelineQueries.push(query);
    return { items: [], nextCursor: null };
  }
}

class FakeParked extends ParkedEventStore {
  readonly limits: number[] = [];
  constructor() {
    super(unusedDb, 'unused');
  }
  override async page(limit = 100): Promise<{ items: ParkedEvent[]; nextCursor: string | null }> {
    this.limits.push(limit);
    return { items: [], nextCursor: null };
  }
}

const start = new Date('2026-03-14T10:00:00.000Z');

function setup(withClock = true) {
  const customers = new FakeCustomers();
  const parked = new FakeParked();
  const clock = new ControllableClock({ start, frozen: true });
  const deps: AdminDeps = withClock ? { customers, parked, clock } : { customers, parked };
  const router = createAdminApi(deps);
  const send = (method: string, target: string, body?: unknown): Promise<ApiResponse> => {
    const url = new URL(target, 'http://admin.local');
    return handleAdminRequest(router, { method, path: url.pathname, query: url.searchParams, body });
  };
  return { customers, parked, clock, send };
}

/** The field paths of a 400 ValidationError problem. */
function pathsOf(response: ApiResponse): string[] {
  expect(response.status).toBe(400);
  expect(response.body).toMatchObject({ error: 'ValidationError' });
  const body = response.body;
  const details = typeof body === 'object' && body !== null && 'details' in body ? body.details : undefined;
  if (!Array.isArray(details)) throw new Error(`no details in ${JSON.stringify(body)}`);
  return details.map((d: unknown) => (typeof d === 'object' && d !== null && 'path' in d ? String(d.path) : ''));
}

describe('admin API: customers', () => {
  it('returns a known customer as JSON', async () => {
    expect(await setup().send('GET', '/customers/cus_1')).toEqual({ status: 200, body: known });
  });

  it('answers an unknown customer with a 404 JSON problem naming the id', async () => {
    const { send } = setup();
    for (const path of ['/customers/nobody', '/customers/nobody/timeline']) {
      expect(await send('GET', path)).toEqual({
        status: 404,
        body: { error: 'CustomerNotFound', message: "no customer with id 'nobody'" },
      });
    }
  });

  it('answers a method the path does not allow with 405', async () => {
    const { send } = setup();
    expect((await send('DELETE', '/customers/cus_1')).status).toBe(405);
    expect((await send('POST', '/customers/cus_1/timeline')).status).toBe(405);
  });

  it('answers an unknown route with a 404 JSON problem', async () => {
    expect((await setup().send('GET', '/customer/cus_1')).body).toMatchObject({ error: 'NotFound' });
  });
});

describe('admin API: timeline query', () => {
  it('passes the parsed filters, limit and cursor to the reader', async () => {
    const { customers, send } = setup();
    const response = await send(
      'GET',
      '/customers/cus_1/timeline?channel=email&type=Email%20Clicked&limit=7&cursor=abc',
    );
    expect(response).toEqual({ status: 200, body: { items: [], nextCursor: null } });
    expect(customers.timelineQueries).toEqual([{ channel: 'email', type: 'Email Clicked', limit: 7, cursor: 'abc' }]);
  });

  it('reads 50 entries by default', async () => {
    const { customers, send } = setup();
    await send('GET', '/customers/cus_1/timeline');
    expect(customers.timelineQueries).toEqual([{ limit: 50 }]);
  });

  it.each([
    ['limit=0', 'query.limit'],
    ['limit=501', 'query.limit'],
    ['limit=ten', 'query.limit'],
    ['limit=2.5', 'query.limit'],
    ['channel=fax', 'query.channel'],
    ['type=', 'query.type'],
    ['cursor=', 'query.cursor'],
  ])('rejects ?%s with a 400 naming %s', async (query, path) => {
    const { customers, send } = setup();
    expect(pathsOf(await send('GET', `/customers/cus_1/timeline?${query}`))).toEqual([path]);
    expect(customers.timelineQueries).toEqual([]);
  });
});

describe('admin API: DLQ', () => {
  it('lists 100 parked events by default, or the limit asked for', async () => {
    const { parked, send } = setup();
    expect(await send('GET', '/dlq')).toEqual({ status: 200, body: { items: [], nextCursor: null } });
    await send('GET', '/dlq?limit=5');
    expect(parked.limits).toEqual([100, 5]);
  });

  it('rejects a bad limit with a 400 naming it', async () => {
    const { parked, send } = setup();
    expect(pathsOf(await send('GET', '/dlq?limit=0'))).toEqual(['limit']);
    expect(pathsOf(await send('GET', '/dlq?limit=lots'))).toEqual(['limit']);
    expect(parked.limits).toEqual([]);
  });
});

describe('admin API: clock', () => {
  it('shows the time', async () => {
    expect(await setup().send('GET', '/clock')).toEqual({ status: 200, body: { now: start.toISOString() } });
  });

  it('advances the clock by an ISO-8601 duration', async () => {
    const { clock, send } = setup();
    expect(await send('POST', '/clock', { advance: 'PT4H' })).toEqual({
      status: 200,
      body: { now: '2026-03-14T14:00:00.000Z' },
    });
    await send('POST', '/clock', { advance: 'P2W' });
    expect(clock.now().toISOString()).toBe('2026-03-28T14:00:00.000Z');
  });

  it('sets the clock to a later instant, given with any offset', async () => {
    const { clock, send } = setup();
    expect(await send('POST', '/clock', { set: '2026-04-01T12:00:00+03:30' })).toEqual({
      status: 200,
      body: { now: '2026-04-01T08:30:00.000Z' },
    });
    expect(clock.now().toISOString()).toBe('2026-04-01T08:30:00.000Z');
  });

  it('refuses to set the clock into the past with a 409 and leaves it alone', async () => {
    const { clock, send } = setup();
    const response = await send('POST', '/clock', { set: '2026-03-14T09:00:00Z' });
    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({ error: 'ClockConflict' });
    expect(clock.now().toISOString()).toBe(start.toISOString());
  });

  it('rejects a duration that is not ISO-8601 with a 400 naming body.advance', async () => {
    const { clock, send } = setup();
    expect(pathsOf(await send('POST', '/clock', { advance: '4 hours' }))).toContain('body.advance');
    expect(clock.now().toISOString()).toBe(start.toISOString());
  });

  it('rejects a time that is not ISO-8601 with a 400 naming body.set', async () => {
    expect(pathsOf(await setup().send('POST', '/clock', { set: 'tomorrow' }))).toContain('body.set');
  });

  it('rejects a body that is missing, empty, or asks for both at once', async () => {
    const { clock, send } = setup();
    for (const body of [undefined, {}, { advance: 'PT1H', set: '2027-01-01T00:00:00Z' }]) {
      expect((await send('POST', '/clock', body)).status, JSON.stringify(body)).toBe(400);
    }
    expect(clock.now().toISOString()).toBe(start.toISOString());
  });

  it('has no clock routes when no clock is given (on AWS)', async () => {
    const { send } = setup(false);
    expect((await send('GET', '/clock')).status).toBe(404);
    expect((await send('POST', '/clock', { advance: 'PT1H' })).status).toBe(404);
  });
});
