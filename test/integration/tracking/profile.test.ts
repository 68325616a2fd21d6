import { describe, expect, it } from 'vitest';
import type { CustomerView } from '../../../shared/customer/core/views.js';
import type { EventEnvelope } from '../../../shared/schemas/envelope.js';
import { storefrontExamples as ex } from '../../../shared/schemas/examples.js';
import { trackStorefrontEvent } from '../../../shared/tracking/core/track-storefront.js';
import { useLocalDynamo } from '../../helpers/dynamo.js';
import { storefront } from '../../helpers/events.js';

const dynamo = useLocalDynamo();

const registered = storefront('Customer Registered', ex['Customer Registered']);
const updated = storefront('Customer Updated', ex['Customer Updated']);

async function track(...events: EventEnvelope[]): Promise<void> {
  for (const event of events) await trackStorefrontEvent(dynamo().store, event);
}

async function customer(id: string): Promise<CustomerView> {
  const view = await dynamo().reader.customer(id);
  if (!view) throw new Error(`no customer ${id}`);
  return view;
}

describe('tracking profiles in DynamoDB', () => {
  it('creates the profile with consents and registration time from a registration', async () => {
    await track(registered);
    const view = await customer('cus_1001');
    expect(view).toMatchObject({
      customerId: 'cus_1001',
      email: 'layla@example.com',
      phone: '+966501234567',
      firstName: 'Layla',
      lastName: 'Al-Harbi',
      locale: 'ar-SA',
      timezone: 'Asia/Riyadh',
      birthday: '--09-23',
      registeredAt: '2026-03-01T12:04:37.000Z',
      lastActiveAt: '2026-03-01T12:04:37.000Z',
      attributes: { city: 'Riyadh', signupSource: 'checkout' },
    });
    const at = '2026-03-01T12:04:37.000Z';
    expect(view.consents).toEqual({
      email: { granted: true, at },
      sms: { granted: false, at },
      whatsapp: { granted: true, at },
    });
  });

  it('resolves the customer by email (any case) and by phone', async () => {
    await track(registered);
    const { store } = dynamo();
    expect(await store.customerIdByIdentity('email', 'layla@example.com')).toBe('cus_1001');
    expect(await store.customerIdByIdentity('email', '  Layla@Example.COM ')).toBe('cus_1001');
    expect(await store.customerIdByIdentity('phone', '+966501234567')).toBe('cus_1001');
    expect(await store.customerIdByIdentity('email', 'someone-else@example.com')).toBeNull();
  });

  it('merges a Customer Updated into the profile without losing other fields', async () => {
    await track(registered, updated);
    const view = await customer('cus_1001');
    expect(view.consents.sms).toEqual({ granted: true, at: '2026-03-10T18:22:05.000Z' });
    expect(view.consents.email).toEqual({ granted: true, at: '2026-03-01T12:04:37.000Z' });
    expect(view.attributes).toEqual({
      city: 'Riyadh',
      signupSource: 'checkout',
      loyaltyTier: 'silver',
      favouriteCategory: 'Fragrance',
    });
    expect(view.firstName).toBe('Layla');
    expect(view.lastActiveAt).toBe('2026-03-10T18:22:05.000Z');
  });

  it('removes an attribute a Customer Updated sets to null', async () => {
    await track(
      registered,
      storefront('Customer Updated', {
        customerId: 'cus_1001',
        occurredAt: '2026-03-11T00:00:00Z',
        attributes: { city: null },
      }),
    );
    expect((await customer('cus_1001')).attributes).toEqual({ signupSource: 'checkout' });
  });

  it('converges on the same profile when the update arrives before the registration', async () => {
    await track(registered, updated);
    const inOrder = await customer('cus_1001');
    const outOfOrder = ex['Customer Updated'];
    await track(
      storefront('Customer Updated', { ...outOfOrder, customerId: 'cus_1002' }),
      storefront('Customer Registered', {
        ...ex['Customer Registered'],
        customerId: 'cus_1002',
        anonymousId: undefined,
      }),
    );
    expect({ ...(await customer('cus_1002')), customerId: 'cus_1001' }).toEqual(inOrder);
  });

  it('does not let an older registration undo a newer name', async () => {
    await track(
      storefront('Customer Updated', {
        customerId: 'cus_1001',
        occurredAt: '2026-03-05T00:00:00Z',
        firstName: 'Laila',
      }),
      registered,
    );
    const view = await customer('cus_1001');
    expect(view.firstName).toBe('Laila');
    expect(view.lastName).toBe('Al-Harbi');
  });

  it('applies a redelivered update once (same profile, one timeline entry)', async () => {
    await track(registered, updated);
    const before = await customer('cus_1001');
    await track(storefront('Customer Updated', ex['Customer Updated'], { time: '2026-03-15T00:00:00Z' }));
    expect(await customer('cus_1001')).toEqual(before);
    const timeline = await dynamo().reader.timeline('cus_1001', { limit: 50 });
    expect(timeline.items.map((e) => e.type)).toEqual(['Customer Updated', 'Customer Registered']);
  });

  it('gives an email address to its latest owner whatever order the claims arrive in', async () => {
    const claim = (customerId: string, day: string, email: string) =>
      storefront('Customer Updated', { customerId, occurredAt: `2026-03-${day}T00:00:00Z`, email });
    const { store } = dynamo();
    // In time order: the last claim (cus_a, day 03) wins.
    await track(claim('cus_a', '01', 'one@example.com'), claim('cus_b', '02', 'one@example.com'));
    await track(claim('cus_a', '03', 'one@example.com'));
    expect(await store.customerIdByIdentity('email', 'one@example.com')).toBe('cus_a');
    // The same claims, cus_a's old one delivered late, after its newest: cus_a must still win.
    await track(claim('cus_a', '03', 'two@example.com'), claim('cus_a', '01', 'two@example.com'));
    await track(claim('cus_b', '02', 'two@example.com'));
    expect(await store.customerIdByIdentity('email', 'two@example.com')).toBe('cus_a');
  });

  it('returns null for a customer nothing is known about', async () => {
    expect(await dynamo().reader.customer('cus_unknown')).toBeNull();
  });
});
