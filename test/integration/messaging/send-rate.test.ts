import { describe, expect, it } from 'vitest';
import { defaultSendPolicy } from '../../../shared/messaging/adapters/policy-config.js';
import type { SendRequest } from '../../../shared/messaging/core/ports.js';
import { maxThrottledAttempts } from '../../../shared/messaging/core/send-rate.js';
import { DynamoSendSlots } from '../../../shared/messaging/store/send-slots.js';
import { registerCustomer, sendRequest, useMessaging } from './harness.js';

// The provider refuses texts to numbers in these sets: throttling (the SDK retries it first), or a quota.
const throttled = new Set<string>();
const overQuota = new Set<string>();
const messaging = useMessaging({
  // 2 texts a second; no quiet hours or caps, so that only the rate holds anything back.
  policy: { ...defaultSendPolicy, quietHours: {}, frequencyCaps: {}, sendRates: { sms: 2 } },
  refuseSms: ({ to }) =>
    throttled.has(to)
      ? { status: 400, type: 'ThrottlingException', message: 'Rate exceeded' }
      : overQuota.has(to)
        ? { status: 400, type: 'ServiceQuotaExceededException', message: 'Too many requests' }
        : undefined,
});

const t0 = '2026-03-14T10:00:00.000Z';
const second = (n: number) => new Date(Date.parse(t0) + n * 1000).toISOString();
const phoneOf = (i: number) => `+9665000009${String(i).padStart(2, '0')}`;

/** Customer `i` with SMS consent, and their send step at `at` in a workflow of `priority`. */
async function customer(fixture: Parameters<typeof registerCustomer>[0], i: number) {
  await registerCustomer(fixture, { customerId: `cus_rate_${i}`, phone: phoneOf(i), consents: { sms: true } });
}
const step = (i: number, priority: number, at: string): SendRequest =>
  sendRequest({
    customerId: `cus_rate_${i}`,
    enrollmentId: `w${i}#cus_rate_${i}#-`,
    workflow: { id: `w${i}`, version: 1, priority },
    channel: 'sms',
    key: null,
    at,
  });

describe('the send-rate quota', () => {
  it('sends 2 of 5 texts due in one second, holds 3 and drains them in the next seconds, highest priority first, each once', async () => {
    const { dynamo, messaging: m, sms } = messaging();
    const priorities = [5, 5, 1, 9, 5];
    for (const i of priorities.keys()) await customer(dynamo, i);

    const outcomes = [];
    for (const [i, priority] of priorities.entries()) outcomes.push(await m.messenger.submit(step(i, priority, t0)));
    expect(outcomes.map((o) => o.status)).toEqual(['sent', 'sent', 'scheduled', 'scheduled', 'scheduled']);
    const [held] = (await m.messages.messages('cus_rate_2', 1)).items;
    expect(held?.history).toEqual([{ status: 'scheduled', at: t0, detail: 'send rate: 2/s reached, held' }]);
    expect(await m.messenger.submit(step(2, 1, t0))).toEqual({ status: 'duplicate' });

    // The clock moves a second at a time; the sweep takes the two slots of each second, priority 9 and 5 first.
    expect(await m.held.earliestDueAt(t0)).toBe(second(1));
    expect(await m.held.sendDue(second(1))).toEqual({ due: 3, sent: 2, skipped: 0, failed: [] });
    const phones = priorities.map((_, i) => phoneOf(i));
    const sentTo = () => sms.messages().flatMap((t) => (phones.includes(t.to) ? [t.to] : []));
    expect(sentTo()).toEqual([phoneOf(0), phoneOf(1), phoneOf(3), phoneOf(4)]);
    expect(await m.held.earliestDueAt(second(1))).toBe(second(2));
    expect(await m.held.sendDue(second(2))).toEqual({ due: 1, sent: 1, skipped: 0, failed: [] });
    expect(await m.held.earliestDueAt(second(2))).toBeNull();

    expect(sentTo().sort()).toEqual(phones.sort());
    const [late] = (await m.messages.messages('cus_rate_2', 1)).items;
    expect(late?.history.map((h) => [h.status, h.at])).toEqual([
      ['scheduled', t0],
      ['scheduled', second(1)],
      ['sent', second(2)],
    ]);
  });

  it('lets racing senders take no more than the limit in a second', async () => {
    const { dynamo, messaging: m, sms } = messaging();
    const racers = [...Array(8).keys()];
    for (const i of racers) await customer(dynamo, 10 + i);

    const outcomes = await Promise.all(racers.map((i) => m.messenger.submit(step(10 + i, 5, t0))));
    expect(outcomes.filter((o) => o.status === 'sent')).toHaveLength(2);
    expect(outcomes.filter((o) => o.status === 'scheduled')).toHaveLength(6);
    const phones = racers.map((i) => phoneOf(10 + i));
    expect(sms.messages().filter((t) => phones.includes(t.to))).toHaveLength(2);

    // Slots taken directly by 20 racers, then 10 in the next second: the limit in each.
    const slots = new DynamoSendSlots(dynamo.db, dynamo.table);
    const race = async (n: number, second: number) =>
      (await Promise.all([...Array(n).keys()].map(() => slots.take('whatsapp', second, 3)))).filter(Boolean);
    expect(await race(20, 2_000_000_000)).toHaveLength(3);
    expect(await race(10, 2_000_000_001)).toHaveLength(3);
  });

  it('holds a text the provider throttles and sends it on the third attempt, at 1 s and then 2 s more', async () => {
    const { dynamo, messaging: m, sms } = messaging();
    await customer(dynamo, 20);
    const phone = phoneOf(20);

    throttled.add(phone);
    expect(await m.messenger.submit(step(20, 5, t0))).toEqual({ status: 'scheduled', channel: 'sms', messageId: null });
    expect(await m.held.earliestDueAt(t0)).toBe(second(1));
    expect(await m.held.sendDue(second(1))).toEqual({ due: 1, sent: 0, skipped: 0, failed: [] });
    expect(await m.held.earliestDueAt(second(1))).toBe(second(3));
    throttled.delete(phone);

    expect(await m.held.sendDue(second(2))).toMatchObject({ due: 0, sent: 0 });
    expect(await m.held.sendDue(second(3))).toMatchObject({ due: 1, sent: 1 });
    expect(await m.held.sendDue(second(4))).toMatchObject({ due: 0, sent: 0 });
    expect(sms.messages().filter((t) => t.to === phone)).toHaveLength(1);
    const [record] = (await m.messages.messages('cus_rate_20', 1)).items;
    expect(record?.history.map((h) => [h.status, h.at])).toEqual([
      ['scheduled', t0],
      ['scheduled', second(1)],
      ['sent', second(3)],
    ]);
    expect(record?.history[1]?.detail).toMatch(/^throttled \(attempt 2\), tried again at .*: .*ThrottlingException/);
  });

  it('skips a text the provider keeps refusing, after its last attempt: provider kept throttling', async () => {
    const { dynamo, messaging: m, sms } = messaging();
    await customer(dynamo, 30);
    overQuota.add(phoneOf(30));

    expect(await m.messenger.submit(step(30, 5, t0))).toMatchObject({ status: 'scheduled' });
    const tried: string[] = [t0];
    for (let due = await m.held.earliestDueAt(t0); due; due = await m.held.earliestDueAt(due)) {
      tried.push(due);
      await m.held.sendDue(due);
    }
    overQuota.delete(phoneOf(30));

    // 1 s, 2 s, 4 s ... apart, at most 5 minutes.
    const gaps = tried.slice(1).map((at, i) => (Date.parse(at) - Date.parse(tried[i] ?? at)) / 1000);
    expect(gaps).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300, 300, 300, 300]);
    expect(tried).toHaveLength(maxThrottledAttempts);
    const [record] = (await m.messages.messages('cus_rate_30', 1)).items;
    expect(record?.status).toBe('skipped');
    expect(record?.history.at(-1)?.detail).toMatch(/^provider kept throttling: /);
    expect(sms.messages().filter((t) => t.to === phoneOf(30))).toEqual([]);
  });
});
