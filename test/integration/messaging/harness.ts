import { join } from 'node:path';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { CaptureServer } from '../../../infra/local/capture-server.js';
import { type LocalSes, startSes } from '../../../infra/local/ses.js';
import { type CapturedSms, type SmsRefusal, startSmsServer } from '../../../infra/local/sms-server.js';
import { type CapturedWhatsApp, startWhatsAppServer } from '../../../infra/local/whatsapp-server.js';
import type { MessagingConfig } from '../../../shared/messaging/adapters/config.js';
import type { SendPolicyConfig } from '../../../shared/messaging/adapters/policy-config.js';
import { createMessenger, type MessagingRuntime } from '../../../shared/messaging/compose.js';
import type { SendRequest } from '../../../shared/messaging/core/ports.js';
import { defaultTokenLifetime } from '../../../shared/messaging/core/unsubscribe.js';
import { trackStorefrontEvent } from '../../../shared/tracking/core/track-storefront.js';
import { type DynamoFixture, useLocalDynamo } from '../../helpers/dynamo.js';
import { storefront } from '../../helpers/events.js';
import { sampleCart } from '../../helpers/messaging.js';
import { copyShippedWorkflows } from '../../helpers/shipped-workflows.js';

/** The shipped templates, from a copy (never the marketer's folder). */
const shippedTemplates = join(copyShippedWorkflows(), 'templates');

/** An email as aws-ses-v2-local keeps it (`GET /store`). */
export interface StoredEmail {
  readonly messageId: string;
  readonly from: string;
  readonly destination: { readonly to: readonly string[] };
  readonly subject: string;
  readonly body: { readonly html?: string; readonly text?: string };
  readonly headers?: readonly { readonly name: string; readonly value: string }[];
}

export interface MessagingFixture {
  readonly dynamo: DynamoFixture;
  /** Built over this test's table on first use. */
  readonly messaging: MessagingRuntime;
  readonly sms: CaptureServer<CapturedSms>;
  readonly whatsapp: CaptureServer<CapturedWhatsApp>;
  /** The emails SES took, by message id (the emulator's store is shared by every test in the file). */
  email(messageId: string): Promise<StoredEmail | undefined>;
  emailsTo(address: string): Promise<StoredEmail[]>;
}

export const unsubscribeBase = 'https://shop.example';
/** The key the harness signs unsubscribe links with (a test may verify them). */
export const unsubscribeKey = Buffer.alloc(32, 7);

/**
 * dynalite, the SES emulator and the SMS and WhatsApp capture servers for one test file, all spoken to through the
 * real SDK clients; each test gets its own table (so its own idempotency keys and records).
 */
export function useMessaging(
  options: {
    refuseSms?: (sms: { to: string; body: string }) => SmsRefusal | undefined;
    /** Quiet hours and frequency caps; default the shipped defaults. */
    policy?: SendPolicyConfig;
    /** The template folders; default a copy of the shipped ones. */
    templatesDir?: string;
  } = {},
) {
  const dynamo = useLocalDynamo();
  let ses: LocalSes | undefined;
  let sms: CaptureServer<CapturedSms> | undefined;
  let whatsapp: CaptureServer<CapturedWhatsApp> | undefined;
  let runtime: { table: string; messaging: MessagingRuntime } | undefined;

  beforeAll(async () => {
    ses = await startSes({ port: 0 });
    sms = await startSmsServer({ port: 0, refuse: (m) => options.refuseSms?.(m) });
    whatsapp = await startWhatsAppServer({ port: 0 });
  });
  afterEach(() => {
    runtime?.messaging.destroy();
    runtime = undefined;
  });
  afterAll(async () => {
    await whatsapp?.close();
    await sms?.close();
    await ses?.close();
  });

  const emails = async (): Promise<StoredEmail[]> => {
    if (!ses) throw new Error('SES did not start');
    // The emulator's own JSON; a test may cast what it reads.
    const store = (await (await fetch(`${ses.url}/store`)).json()) as { emails: StoredEmail[] };
    return store.emails;
  };

  return (): MessagingFixture => {
    if (!ses || !sms || !whatsapp) throw new Error('servers did not start');
    const fixture = dynamo();
    if (runtime?.table !== fixture.table) {
      const config: MessagingConfig = {
        emailFrom: 'Rekindle Shop <hello@shop.example>',
        sesConfigurationSet: 'rekindle',
        smsOriginationIdentity: '+15550100',
        whatsAppPhoneNumberId: 'phone-number-id-0123456789abcdef',
        whatsAppMetaApiVersion: 'v20.0',
        currency: 'SAR',
        cartUrl: 'https://shop.example/cart/{cartId}',
        unsubscribeUrl: unsubscribeBase,
        unsubscribeMailto: 'unsubscribe@shop.example',
        unsubscribe: { keys: [unsubscribeKey], lifetime: defaultTokenLifetime },
        templatesDir: options.templatesDir ?? shippedTemplates,
        endpoints: { ses: ses.url, sms: sms.url, whatsapp: whatsapp.url },
        policy: options.policy,
      };
      runtime = { table: fixture.table, messaging: createMessenger({ db: fixture.db, table: fixture.table, config }) };
    }
    return {
      dynamo: fixture,
      messaging: runtime.messaging,
      sms,
      whatsapp,
      email: async (messageId) => (await emails()).find((e) => e.messageId === messageId),
      emailsTo: async (address) => (await emails()).filter((e) => e.destination.to.includes(address)),
    };
  };
}

export const at = '2026-03-14T16:00:00.000Z';

/** A send step's request for the abandoned-cart workflow's first email, with any field replaced. */
export function sendRequest(overrides: Partial<SendRequest> = {}): SendRequest {
  const customerId = overrides.customerId ?? 'cus_1';
  const enrollmentId = overrides.enrollmentId ?? `abandoned-cart#${customerId}#cart-7`;
  const step = overrides.step ?? 'email-1';
  return {
    idempotencyKey: `${enrollmentId}:${step}:1`,
    customerId,
    channel: 'email',
    fallback: null,
    template: 'cart-reminder',
    offer: null,
    workflow: { id: 'abandoned-cart', version: 2, priority: 10 },
    enrollmentId,
    step,
    key: 'cart-7',
    at,
    ...overrides,
  };
}

/** Registers a customer (and their cart) through tracking, as the storefront's events would. */
export async function registerCustomer(
  fixture: DynamoFixture,
  customer: {
    customerId: string;
    email?: string;
    phone?: string;
    firstName?: string;
    locale?: string;
    consents?: { email?: boolean; sms?: boolean; whatsapp?: boolean };
  },
): Promise<void> {
  await trackStorefrontEvent(
    fixture.store,
    storefront('Customer Registered', { timezone: 'Asia/Riyadh', occurredAt: '2026-03-01T00:00:00Z', ...customer }),
  );
  await trackStorefrontEvent(
    fixture.store,
    storefront('Cart Updated', { customerId: customer.customerId, occurredAt: '2026-03-14T12:00:00Z', ...sampleCart }),
  );
}
