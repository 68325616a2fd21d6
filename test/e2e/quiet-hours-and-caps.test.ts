import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyShippedWorkflows } from '../helpers/shipped-workflows.js';
import { type EngineHarness, startHarness } from './local-engine.js';
import { type MessageView, observe, registered, shop } from './observe.js';

// Issue 5's done-whens on the whole local engine, with its shipped defaults (SMS quiet 20:00–08:00 local, at most
// 1 SMS a day): three workflows each text a customer in Riyadh (UTC+3) when a checkout starts at 23:00 local.
const start = '2026-11-02T10:00:00.000Z';
const night = '2026-11-02T20:00:00.000Z'; // 23:00 in Riyadh
const eight = '2026-11-03T05:00:00.000Z'; // 08:00 in Riyadh
const customerId = 'cus_night_owl';
const phone = '+966501234567';
const workflows = [
  { id: 'late-checkout-low', priority: 1 },
  { id: 'late-checkout-high', priority: 9 },
  { id: 'late-checkout-mid', priority: 5 },
];

interface Text {
  messageId: string;
  to: string;
  body: string;
  receivedAt: string;
}

describe('quiet hours, frequency caps and STOP on the local engine', () => {
  let dir: string;
  let h: EngineHarness;
  let o: ReturnType<typeof observe>;
  const texts = async (): Promise<Text[]> =>
    ((await (await fetch(`${h.engine.endpoints.sms}/messages`)).json()) as { items: Text[] }).items.filter(
      (t) => t.to === phone,
    );
  const messages = async (): Promise<Record<string, MessageView[]>> =>
    Object.fromEntries(await Promise.all(workflows.map(async (w) => [w.id, await o.messages(customerId, w.id)])));
  const checkout = (cartId: string, occurredAt: string) =>
    shop('Checkout Started', { customerId, cartId, occurredAt, total: 120, currency: 'SAR' });

  beforeAll(async () => {
    // Only these test workflows, with the shipped template they send.
    dir = copyShippedWorkflows({ ids: [], templates: ['cart-coupon'] });
    for (const { id, priority } of workflows) {
      const workflow = {
        id,
        version: 1,
        name: `Late checkout (${id})`,
        priority,
        trigger: { event: { detailType: 'Checkout Started' } },
        reentry: { policy: 'always' },
        start: 'text',
        steps: {
          text: {
            type: 'send',
            channel: 'sms',
            template: 'cart-coupon',
            offer: { coupon: { percent: 10, expiresIn: 'P3D' } },
            next: 'done',
          },
          done: { type: 'exit' },
        },
      };
      writeFileSync(join(dir, `${id}.workflow.json`), JSON.stringify(workflow));
    }
    h = await startHarness(new Date(start), { workflowsDir: dir });
    o = observe(h);
    await o.send(registered(customerId, start, { phone, consents: { sms: true } }));
  });
  afterAll(async () => {
    await h?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('an SMS due at 23:00 in the customer’s time zone is held, not sent, and not dropped', async () => {
    await o.clockTo(night);
    await o.send(checkout('cart_late', night));
    const held = await messages();
    for (const { id } of workflows) {
      expect(held[id]).toEqual([
        expect.objectContaining({
          status: 'scheduled',
          channel: 'sms',
          at: night,
          history: [
            { status: 'scheduled', at: night, detail: 'quiet hours 20:00–08:00 in Asia/Riyadh: held until 08:00' },
          ],
        }),
      ]);
    }
    await o.clockTo('2026-11-03T04:59:00.000Z'); // 07:59
    expect(await texts()).toEqual([]);
  });

  it('goes out at 08:00 local by the local clock; of three workflows at once, the cap lets one through', async () => {
    await o.clockTo('2026-11-03T07:00:00.000Z'); // 10:00: the clock stops at 08:00 on the way
    const sent = await texts();
    expect(sent).toHaveLength(1);
    expect(sent[0]?.receivedAt).toBe(eight);
    const records = await messages();
    // The highest priority wins the one SMS a day; the skips say why.
    expect(records['late-checkout-high']?.[0]).toMatchObject({ status: 'sent', providerMessageId: sent[0]?.messageId });
    expect(records['late-checkout-high']?.[0]?.history.map((e) => `${e.status} ${e.at}`)).toEqual([
      `scheduled ${night}`,
      `sent ${eight}`,
    ]);
    expect(sent[0]?.body).toContain(records['late-checkout-high']?.[0]?.coupon?.code);
    for (const id of ['late-checkout-mid', 'late-checkout-low']) {
      expect(records[id]?.[0]).toMatchObject({ status: 'skipped' });
      expect(records[id]?.[0]?.history.at(-1)).toEqual({
        status: 'skipped',
        at: eight,
        detail: 'capped: 1 SMS in 24 hours',
      });
    }
  });

  it('a STOP reply revokes SMS consent: the next day’s texts are skipped, saying why', async () => {
    const stop = await fetch(`${h.engine.endpoints.sms}/inbound`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ from: phone, body: 'STOP' }),
    });
    expect(await stop.json()).toEqual({ replies: 1, optedOut: 1 });
    expect((await h.get(`/customers/${customerId}`)).body).toMatchObject({ consents: { sms: { granted: false } } });

    const noon = '2026-11-04T09:00:00.000Z'; // 12:00 in Riyadh: no quiet hours, the cap has room again
    await o.clockTo(noon);
    await o.send(checkout('cart_next', noon));
    for (const { id } of workflows) {
      expect((await o.messages(customerId, id))[1]).toMatchObject({
        status: 'skipped',
        at: noon,
        history: [{ status: 'skipped', at: noon, detail: 'no consent for sms' }],
      });
    }
    expect(await texts()).toHaveLength(1);
  });
});
