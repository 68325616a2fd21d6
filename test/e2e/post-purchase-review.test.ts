import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyShippedWorkflows } from '../helpers/shipped-workflows.js';
import { type EngineHarness, startHarness } from './local-engine.js';
import { observe, registered, shop } from './observe.js';

// Templates see the event that started the enrollment: the shipped post-purchase-review names the products of the
// order, seven days after it, in the customer's language. Run from a copy of that one workflow and its templates.
const start = '2026-11-02T10:00:00.000Z';
const weekLater = '2026-11-09T10:00:00.000Z';

const order = (customerId: string, orderId: string, items: { name: string; price: number }[]) =>
  shop('Order Completed', {
    customerId,
    orderId,
    occurredAt: start,
    currency: 'SAR',
    total: items.reduce((sum, item) => sum + item.price, 0),
    coupon: 'WELCOME10',
    items: items.map((item, i) => ({ productId: `p-${i}`, quantity: 1, category: 'Fragrance', ...item })),
  });

describe('post-purchase-review', () => {
  let dir: string;
  let h: EngineHarness;
  let o: ReturnType<typeof observe>;

  beforeAll(async () => {
    dir = copyShippedWorkflows({ ids: ['post-purchase-review'] });
    h = await startHarness(new Date(start), { workflowsDir: dir });
    o = observe(h);
    await o.send(
      registered('cus_review_ar', start, { locale: 'ar-SA' }),
      registered('cus_review_fa', start, { locale: 'fa-IR', firstName: 'Dara' }),
    );
    await o.send(
      order('cus_review_ar', 'ord_ar_1', [
        { name: 'عطر العود الملكي', price: 300 },
        { name: 'Rose Mist', price: 120 },
      ]),
      order('cus_review_fa', 'ord_fa_1', [{ name: 'Saffron Candle', price: 80 }]),
    );
  });
  afterAll(async () => {
    await h?.stop();
    rmSync(dirname(dir), { recursive: true, force: true });
  });

  it('waits seven days after the order before asking', async () => {
    await o.clockTo('2026-11-09T09:59:00.000Z');
    expect(await o.messages('cus_review_ar', 'post-purchase-review')).toEqual([]);
  });

  it('names every product of the order, right to left in Arabic', async () => {
    await o.clockTo(weekLater);
    const [message] = await o.messages('cus_review_ar', 'post-purchase-review');
    expect(message).toMatchObject({ step: 'ask-review', status: 'sent', locale: 'ar', localeFallback: null });
    const email = await o.email(message);
    expect(email?.subject).toBe('ما رأيك في طلبك يا Layla؟');
    expect(email?.body.html).toContain('عطر العود الملكي');
    expect(email?.body.html).toContain('Rose Mist');
    expect(email?.body.html).toMatch(/<html lang="ar-SA" dir="rtl"/);
  });

  it('writes to a Persian customer in Persian, with their order’s product', async () => {
    const [message] = await o.messages('cus_review_fa', 'post-purchase-review');
    expect(message).toMatchObject({ status: 'sent', locale: 'fa' });
    const email = await o.email(message);
    expect(email?.subject).toBe('سفارش‌تان چطور بود، Dara؟');
    expect(email?.body.html).toContain('Saffron Candle');
    expect(email?.body.html).not.toContain('Rose Mist');
  });
});
