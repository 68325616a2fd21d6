import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { balanceAt } from '../../../shared/loyalty/core/balance.js';
import { LoyaltyService } from '../../../shared/loyalty/core/loyalty-service.js';
import type { LoyaltyCommand } from '../../../shared/loyalty/core/model.js';
import { loyaltyForTrackedFact } from '../../../shared/loyalty/core/track-loyalty.js';
import { parseCurrencyTable } from '../../../shared/platform/currency.js';
import { ValidationError } from '../../../shared/platform/errors.js';
import type { TrackedFact } from '../../../shared/tracking/core/fact.js';
import { shippedProgram, useLoyaltyServers } from './harness.js';

// The shipped program (SAR) and the shipped rate table: 1 USD = 3.75 SAR; 1 EUR = 4.05 SAR, 4.30 from 2026-07-01.
const program = shippedProgram();
const rates = parseCurrencyTable(JSON.parse(readFileSync('workflows/currencies.json', 'utf8')));
const servers = useLoyaltyServers();

const order = (orderId: string, total: number, currency: string, at: string): LoyaltyCommand => ({
  kind: 'order',
  orderId,
  at,
  total,
  currency,
  items: [],
});

describe('orders in another currency than the program', () => {
  it('earn on the amount converted at the rate of their date, and refunds take back at that rate', async () => {
    const { store, publisher } = servers();
    const service = new LoyaltyService(store, publisher, program, rates);
    await service.apply('cus_eur', order('o1', 100, 'EUR', '2026-06-30T12:00:00Z'));
    await service.apply('cus_eur', order('o2', 100, 'EUR', '2026-07-01T12:00:00Z'));
    await service.apply('cus_eur', {
      kind: 'refund',
      refundId: 'r1',
      orderId: 'o1',
      amount: 50,
      at: '2026-07-02T00:00:00Z',
    });
    const ledger = (await store.ledger('cus_eur', 100)).items.map((e) => [e.key, e.points]);
    expect(ledger).toEqual(
      expect.arrayContaining([
        ['earn:order:o1', 405],
        ['bonus:nth:1:o1', 50],
        ['earn:order:o2', 430],
        ['reverse:o1/r1', -203],
      ]),
    );
    const stored = await store.records('cus_eur', [{ kind: 'order', orderId: 'o1' }]);
    expect(stored[0]?.record).toMatchObject({ record: { order: { total: 100, currency: 'EUR', rate: 4.05 } } });
  });

  it('without a rate are parked with the reason, not given 0 points, and post once replayed with a rate', async () => {
    const { store, publisher } = servers();
    const fact = {
      event: {
        type: 'Order Completed',
        detail: { customerId: 'cus_jpy', orderId: 'o1', total: 10000, currency: 'JPY', items: [] },
      },
      key: 'evt-1',
      origin: 'shop.example',
      occurredAt: '2026-11-01T10:00:00.000Z',
      customerId: 'cus_jpy',
    } as unknown as TrackedFact;
    const parked = loyaltyForTrackedFact(new LoyaltyService(store, publisher, program, rates), fact);
    await expect(parked).rejects.toThrow(ValidationError);
    await expect(parked).rejects.toThrow(
      'detail.currency: no exchange rate from JPY to SAR on 2026-11-01 in workflows/currencies.json',
    );
    expect(await store.load('cus_jpy')).toBeNull();
    // The shop adds the rate and replays the parked event: the order earns on its converted total.
    const withYen = { ...rates, rates: { ...rates.rates, JPY: [{ from: '2026-01-01', rate: 0.025 }] } };
    const replayed = await loyaltyForTrackedFact(new LoyaltyService(store, publisher, program, withYen), fact);
    expect(replayed).toMatchObject({ status: 'applied' });
    const account = (await store.load('cus_jpy'))?.account;
    expect(account && balanceAt(account, '2026-12-01T00:00:00Z')).toMatchObject({ available: 250 + 50 });
  });
});
