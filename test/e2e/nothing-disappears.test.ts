import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EngineHarness, startHarness } from './local-engine.js';
import { registered, shop } from './observe.js';

// Nothing a storefront sends vanishes: a bad event is parked once, with its reason, and counted where a script
// waits for the engine (POST /settle); a detail-type outside the contract is parked naming the type meant; an
// unknown bus is refused like EventBridge refuses it.
const start = '2026-11-01T09:00:00.000Z';

interface Parked {
  eventId: string;
  route: string;
  detailType: string;
  reason: string;
}

describe('nothing a storefront sends disappears', () => {
  let h: EngineHarness;
  const dlq = async (): Promise<Parked[]> => ((await h.get('/dlq')).body as { items: Parked[] }).items;
  const settle = async () => (await h.post('/settle', {})).body as { parked: number };

  beforeAll(async () => {
    h = await startHarness(new Date(start));
  });
  afterAll(async () => h?.stop());

  it('four invalid events: four DLQ rows, one per event, and POST /settle counts the four it parked', async () => {
    const before = await settle();
    const bad = [
      shop('Order Completed', { customerId: 'cus_bad_1', occurredAt: start, total: 10, currency: 'SAR' }),
      shop('Order Completed', { customerId: 'cus_bad_2', orderId: 'o2', occurredAt: start, total: -1 }),
      shop('Customer Registered', { occurredAt: start }),
      shop('Cart Updated', { customerId: 'cus_bad_4', occurredAt: 'yesterday' }),
    ];
    expect((await h.put(bad)).FailedEntryCount).toBe(0);
    const after = await settle();
    expect(after.parked - before.parked).toBe(4);
    const rows = await dlq();
    expect(rows).toHaveLength(4);
    expect(new Set(rows.map((r) => r.eventId)).size).toBe(4);
    expect(rows.every((r) => r.route === 'track')).toBe(true);
  });

  it('a detail-type outside the contract is parked with the type it resembles', async () => {
    const before = await settle();
    const typo = { ...registered('cus_typo', start), DetailType: 'Order Complete' };
    const far = { ...registered('cus_far', start), DetailType: 'Newsletter Signup' };
    expect((await h.put([typo, far])).FailedEntryCount).toBe(0);
    expect((await settle()).parked - before.parked).toBe(2);
    const reasons = Object.fromEntries((await dlq()).map((r) => [r.detailType, r.reason]));
    expect(reasons['Order Complete']).toBe('unknown event type "Order Complete", did you mean "Order Completed"?');
    expect(reasons['Newsletter Signup']).toMatch(
      /^unknown event type "Newsletter Signup", the storefront event types are: "Customer Registered", /,
    );
  });

  it('an event put on a bus that does not exist is refused, as EventBridge refuses it', async () => {
    const out = await h.put([{ ...registered('cus_nobus', start), EventBusName: 'rekindel' }]);
    expect(out.FailedEntryCount).toBe(1);
    expect(out.Entries).toEqual([
      { ErrorCode: 'ResourceNotFoundException', ErrorMessage: 'Event bus rekindel does not exist.' },
    ]);
  });

  it('an event put without a bus name (the default bus) is tracked all the same', async () => {
    const { EventBusName: _rekindle, ...withoutBus } = registered('cus_defaultbus', start);
    expect((await h.put([withoutBus])).FailedEntryCount).toBe(0);
    await h.settle();
    expect((await h.get('/customers/cus_defaultbus')).status).toBe(200);
  });
});
