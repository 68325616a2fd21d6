import type { PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { expect } from 'vitest';
import type { EngineHarness } from './local-engine.js';

/**
 * What the e2e tests of the shipped workflows send and read back: storefront events for the real SDK, and the
 * engine's answers as a user sees them (admin API, the SES emulator's `/store`, the SMS capture server's
 * `/messages`, the local bus). Every shipped workflow runs in every harness, so reads are per workflow.
 */

export const shop = (DetailType: string, detail: object): PutEventsRequestEntry => ({
  EventBusName: 'rekindle',
  Source: 'shop.example',
  DetailType,
  Detail: JSON.stringify(detail),
});

/** A `Customer Registered` event: an English-speaking customer in Riyadh who agreed to email and SMS, unless told. */
export const registered = (customerId: string, occurredAt: string, fields: object = {}): PutEventsRequestEntry =>
  shop('Customer Registered', {
    customerId,
    occurredAt,
    email: `${customerId}@example.com`,
    phone: '+966501234567',
    firstName: 'Layla',
    locale: 'en-US',
    timezone: 'Asia/Riyadh',
    consents: { email: true, sms: true },
    ...fields,
  });

/** An `Order Completed` of one item, in the loyalty program's currency. */
export const order = (customerId: string, orderId: string, occurredAt: string, total: number): PutEventsRequestEntry =>
  shop('Order Completed', {
    customerId,
    orderId,
    occurredAt,
    currency: 'SAR',
    total,
    items: [{ productId: 'p-oud', name: 'Oud Royal', price: total, quantity: 1, category: 'Fragrance' }],
  });

/** A `Product Viewed`: the customer is active. */
export const visit = (customerId: string, occurredAt: string): PutEventsRequestEntry =>
  shop('Product Viewed', { customerId, occurredAt, product: { productId: 'p-oud', name: 'Oud Royal' } });

export interface MessageView {
  idempotencyKey: string;
  at: string;
  channel: string | null;
  template: string;
  locale: string | null;
  workflow: { id: string; version: number };
  step: string;
  status: string;
  providerMessageId: string | null;
  coupon: { code: string; expiresAt: string } | null;
  history: { status: string; at: string; detail?: string }[];
}
export interface Email {
  messageId: string;
  destination: { to: string[] };
  subject: string;
  body: { html?: string; text?: string };
}
export interface Text {
  messageId: string;
  to: string;
  body: string;
}
export interface EnrollmentView {
  workflowId: string;
  status: string;
  step: string | null;
  nextWakeAt: string | null;
  exitReason: string | null;
  history: { step: string; outcome: string; at: string }[];
}
export interface WorkflowStats {
  entered: number;
  heldOut: number;
  steps: Record<string, number>;
  converted: number;
  controlConverted: number;
  revenue: number;
  exited: Record<string, number>;
  active: number;
}
export interface LedgerEntry {
  key: string;
  at: string;
  type: string;
  points: number;
  reason?: string;
}
export interface CustomerBody {
  attributes: Record<string, unknown>;
  tier: string | null;
  points: { available: number; pending: number; lifetime: number };
}

export function observe(h: EngineHarness) {
  const fetchJson = async (url: string): Promise<unknown> => (await fetch(url)).json();
  return {
    /** The workflow's message records for the customer (sent or skipped), oldest first. */
    messages: async (customerId: string, workflowId: string): Promise<MessageView[]> => {
      const { body } = await h.get(`/customers/${customerId}/messages?limit=100`);
      return (body as { items: MessageView[] }).items.filter((m) => m.workflow.id === workflowId).reverse();
    },
    /** The mail SES accepted for a message record. */
    email: async (message: MessageView | undefined): Promise<Email | undefined> => {
      const store = (await fetchJson(`${h.engine.endpoints.ses}/store`)) as { emails: Email[] };
      return store.emails.find((e) => message?.providerMessageId && e.messageId === message.providerMessageId);
    },
    /** Every mail SES accepted for this address. */
    emailsTo: async (address: string): Promise<Email[]> => {
      const store = (await fetchJson(`${h.engine.endpoints.ses}/store`)) as { emails: Email[] };
      return store.emails.filter((e) => e.destination.to.includes(address));
    },
    texts: async (): Promise<Text[]> =>
      ((await fetchJson(`${h.engine.endpoints.sms}/messages`)) as { items: Text[] }).items,
    enrollment: async (customerId: string, workflowId: string): Promise<EnrollmentView | undefined> => {
      const { body } = await h.get(`/customers/${customerId}/enrollments`);
      return (body as { items: EnrollmentView[] }).items.find((e) => e.workflowId === workflowId);
    },
    stats: async (workflowId: string): Promise<WorkflowStats> => {
      const { status, body } = await h.get(`/workflows/${workflowId}/stats`);
      expect(status).toBe(200);
      return (body as { total: WorkflowStats }).total;
    },
    customer: async (customerId: string): Promise<CustomerBody> => {
      const { status, body } = await h.get(`/customers/${customerId}`);
      expect(status).toBe(200);
      return body as CustomerBody;
    },
    ledger: async (customerId: string): Promise<LedgerEntry[]> =>
      ((await h.get(`/customers/${customerId}/ledger`)).body as { items: LedgerEntry[] }).items,
    /** Rekindle's own events of one type that went over the bus, once per eventId. */
    busEvents: async <D>(type: string): Promise<D[]> => {
      const { body } = await h.get(`/bus/events?type=${encodeURIComponent(type)}`);
      const seen = new Map<string, D>();
      for (const e of (body as { items: { detail: D & { eventId: string } }[] }).items) {
        seen.set(e.detail.eventId, e.detail);
      }
      return [...seen.values()];
    },
    /** Moves the engine's clock (what came due on the way fires at its own time) and waits for the bus. */
    clockTo: async (at: string): Promise<void> => {
      const { status, body } = await h.post('/clock', { set: at });
      expect(status).toBe(200);
      expect(body).toEqual({ now: new Date(at).toISOString() });
      await h.settle();
    },
    /**
     * Moves the clock to `at` in steps of 30 days at most, the customers viewing a product after each step: customers
     * who keep visiting are not announced inactive, so the shipped win-back does not purge them on a long jump.
     */
    clockToVisiting: async (at: string, customerIds: readonly string[]): Promise<void> => {
      const target = Date.parse(at);
      const { body } = await h.get('/clock');
      let now = Date.parse(String((body as { now: string }).now));
      while (now < target) {
        now = Math.min(now + 30 * 86_400_000, target);
        const step = new Date(now).toISOString();
        expect((await h.post('/clock', { set: step })).status).toBe(200);
        if (now < target) await h.put(customerIds.map((id) => visit(id, step)));
        await h.settle();
      }
    },
    advance: async (duration: string): Promise<void> => {
      expect((await h.post('/clock', { advance: duration })).status).toBe(200);
      await h.settle();
    },
    /** Puts events in through the real SDK and waits until the engine has handled them and what they caused. */
    send: async (...entries: PutEventsRequestEntry[]): Promise<void> => {
      expect((await h.put(entries)).FailedEntryCount).toBe(0);
      await h.settle();
    },
  };
}
