import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { LoyaltyService } from '../../../shared/loyalty/core/loyalty-service.js';
import type { LoyaltyCommand } from '../../../shared/loyalty/core/model.js';
import { sweepLoyalty } from '../../../shared/loyalty/core/sweep.js';
import { DynamoLoyaltyStore } from '../../../shared/loyalty/store/loyalty-store.js';
import { createDocumentClient } from '../../../shared/platform/dynamodb/client.js';
import { loyaltyKeys } from '../../../shared/platform/dynamodb/keys.js';
import { type Capacity, capacityMeter, itemBytes } from './capacity.js';
import { shippedProgram, useLoyaltyServers } from './harness.js';

// The shipped program without its 1st- and 5th-order bonuses (each adds a ledger row): every order here is the
// common case, so the first and the last are the same posting.
const program = shippedProgram((p) => {
  p.bonuses = { signup: 100, birthday: 200, nthOrder: [] };
});
const servers = useLoyaltyServers();
const orders = 200;
const hour = 3_600_000;
const start = Date.parse('2027-01-01T09:00:00.000Z');
const order = (n: number): LoyaltyCommand => ({
  kind: 'order',
  orderId: `ord_01HZX3K9Q8V7T6S5R4P${String(n).padStart(7, '0')}`,
  // One every 72 hours: 200 orders over 20 months, so lots expire and tier months leave the window on the way.
  at: new Date(start + n * 72 * hour).toISOString(),
  total: 250,
  currency: 'SAR',
  items: [{ price: 250, quantity: 1, category: 'Makeup' }],
});

interface Figures {
  readonly at: string;
  readonly posting: Capacity;
  /** The account item after it, by DynamoDB's size rule. */
  readonly itemBytes: number;
}

describe("a customer's 200th order costs what their first did", () => {
  it('the same write units per posting, an account item of bounded size, a redelivery of one read', async () => {
    const { dynamoUrl, publisher } = servers();
    const meter = capacityMeter(dynamoUrl);
    const service = new LoyaltyService(new DynamoLoyaltyStore(meter.db, 'loyalty'), publisher, program);
    const reader = createDocumentClient(dynamoUrl);
    const customerId = 'cus_constant';
    const accountItem = async () =>
      (await reader.send(new GetCommand({ TableName: 'loyalty', Key: loyaltyKeys.account(customerId) }))).Item ?? {};

    const figures: Figures[] = [];
    let month = '';
    for (let n = 1; n <= orders; n++) {
      const command = order(n);
      if (command.kind !== 'order') throw new Error('an order');
      // The sweep, once a month: it expires lots and drops tier months that left the window (not measured).
      if (command.at.slice(0, 7) !== month) {
        month = command.at.slice(0, 7);
        const swept = await sweepLoyalty(new DynamoLoyaltyStore(reader, 'loyalty'), service, command.at);
        expect(swept.failed).toEqual([]);
      }
      meter.take();
      expect((await service.apply(customerId, command)).outcome).toEqual({ status: 'applied' });
      figures.push({ at: command.at, posting: meter.take(), itemBytes: itemBytes(await accountItem()) });
    }
    const first = figures[0];
    const last = figures.at(-1);
    if (!first || !last) throw new Error('no postings');

    // Every posting: the account's commit, the ledger row, the order's record; 1 WCU each.
    for (const { posting } of figures) {
      expect({ writes: posting.writes, units: posting.writeUnits, refused: posting.failedWrites }).toEqual({
        writes: 3,
        units: 3,
        refused: 0,
      });
    }
    expect(last.posting.writeUnits).toBe(first.posting.writeUnits);
    // The item never grows past 1 KB, however long the history: lots by expiry month and release day, tier amounts
    // by month. Once the first lots expire (13 months on) it is as big as it gets, longer numbers aside.
    const bytes = figures.map((f) => f.itemBytes);
    expect(Math.max(...bytes)).toBeLessThanOrEqual(1024);
    const full = figures.filter((f) => f.at >= '2028-02-01' && f.at < '2028-04-01').map((f) => f.itemBytes);
    const later = figures.filter((f) => f.at >= '2028-04-01').map((f) => f.itemBytes);
    expect(later.length).toBeGreaterThan(30);
    expect(Math.max(...later)).toBeLessThanOrEqual(Math.max(...full) + 16);
    console.log(
      `loyalty posting: order 1 ${first.posting.writeUnits} WCU ${first.posting.readUnits} RCU, item ${first.itemBytes} B;` +
        ` order ${orders} ${last.posting.writeUnits} WCU ${last.posting.readUnits} RCU, item ${last.itemBytes} B;` +
        ` largest item ${Math.max(...bytes)} B`,
    );

    // Redelivered, the first and the last order cost one read each (the order's record), and no write.
    for (const n of [1, orders]) {
      meter.take();
      expect((await service.apply(customerId, order(n))).outcome).toEqual({ status: 'duplicate' });
      expect(meter.take()).toMatchObject({ reads: 1, writes: 0, writeUnits: 0 });
    }
  });
});
