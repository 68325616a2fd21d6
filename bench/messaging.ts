import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ensureTable, startDynamo } from '../infra/local/dynamodb.js';
import { startSes } from '../infra/local/ses.js';
import { TemplateFiles } from '../shared/messaging/adapters/template-files.js';
import { createMessenger } from '../shared/messaging/compose.js';
import { couponFor } from '../shared/messaging/core/coupon.js';
import type { SendRequest } from '../shared/messaging/core/ports.js';
import { renderMessage } from '../shared/messaging/core/templates/render.js';
import { defaultTokenLifetime } from '../shared/messaging/core/unsubscribe.js';
import { templateVariables } from '../shared/messaging/core/variables.js';
import { createDocumentClient } from '../shared/platform/dynamodb/client.js';
import type { EventEnvelope } from '../shared/schemas/envelope.js';
import { storefrontExamples } from '../shared/schemas/examples.js';
import { trackStorefrontEvent } from '../shared/tracking/core/track-storefront.js';
import { DynamoTrackingStore } from '../shared/tracking/store/tracking-store.js';
import { type DynamoCounters, DynamoMeter, diffCounters, emptyCounters } from './dynamo-meter.js';

/**
 * Messaging's figures: how fast each shipped template renders (the messenger's `renderMessage` and variables, on
 * an English and an Arabic customer) against a baseline in the same run, and what one email send costs the table
 * through the real messenger (dynalite, aws-ses-v2-local, the SDK clients), set against SES's default quota.
 */

export interface MessagingOptions {
  /** How long each template is rendered for, after `warmUpRenders`. */
  readonly renderMs: number;
  readonly warmUpRenders: number;
  readonly sends: number;
  readonly warmUpSends: number;
}

export interface RenderFigure {
  /** `cart-reminder/ar.mjml`; the baseline is `JSON.stringify(variables)`. */
  readonly file: string;
  readonly channel: 'email' | 'sms' | 'baseline';
  readonly renders: number;
  readonly wallMs: number;
  readonly cpuMicros: number;
  readonly bytes: number;
}

export interface SendFigures {
  readonly sends: number;
  readonly sent: number;
  readonly template: string;
  readonly wallMs: number;
  /** The whole process: messenger, SDK clients, dynalite, the SES emulator. */
  readonly cpuMicros: number;
  /** The messenger's DynamoDB client, over the measured sends. */
  readonly dynamo: DynamoCounters;
}

export interface MessagingResult {
  readonly renders: readonly RenderFigure[];
  readonly send: SendFigures;
  readonly failures: readonly string[];
}

/** SES's default sending quota in a new production account: 14 messages a second. */
export const sesDefaultRate = 14;

const templatesDir = fileURLToPath(new URL('../workflows/templates', import.meta.url));
const at = '2026-03-14T16:00:00.000Z';
const example = storefrontExamples['Customer Registered'];
const exampleCart = storefrontExamples['Cart Updated'];

/** The two customers templates are rendered for: the examples' Arabic customer and an English one. */
const customers = {
  ar: { locale: 'ar-SA', timezone: 'Asia/Riyadh', firstName: 'ليلى' },
  en: { locale: 'en-GB', timezone: 'Europe/London', firstName: 'Ada' },
} as const;

function variablesFor(language: keyof typeof customers, file: string) {
  const c = customers[language];
  return templateVariables({
    recipient: {
      customerId: `bench-${language}`,
      email: example.email ?? null,
      phone: example.phone ?? null,
      firstName: c.firstName,
      lastName: null,
      locale: c.locale,
      timezone: c.timezone,
      birthday: null,
      consents: { email: true, sms: true },
      attributes: {},
    },
    cart: {
      cartId: exampleCart.cartId,
      items: exampleCart.items.map((i) => ({ url: null, image: null, ...i })),
      total: exampleCart.total,
      currency: exampleCart.currency,
      url: `https://shop.example/cart/${exampleCart.cartId}`,
    },
    loyalty: { points: { available: 1250, pending: 300, lifetime: 4200 }, tier: 'gold' },
    coupon: couponFor(file, { coupon: { percent: 15, expiresIn: 'P7D' } }, at, 'SAR'),
    unsubscribeUrl: 'https://shop.example/u/v1.bench',
  });
}

/** Calls `work` `warmUp` times, then for `ms` (at least 5 times); CPU is the process's (this is all it does). */
async function measure(ms: number, warmUp: number, work: () => Promise<number> | number) {
  for (let i = 0; i < warmUp; i++) await work();
  let renders = 0;
  let bytes = 0;
  const cpu = process.cpuUsage();
  const start = performance.now();
  while (renders < 5 || performance.now() - start < ms) {
    bytes = await work();
    renders++;
  }
  const wallMs = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return { renders, wallMs, cpuMicros: used.user + used.system, bytes };
}

const shipped = /^(en|ar)(\.mjml|\.sms\.txt)$/;

async function runRenders(options: MessagingOptions): Promise<RenderFigure[]> {
  const templates = new TemplateFiles(templatesDir);
  const figures: RenderFigure[] = [];
  const baselineVariables = variablesFor('ar', 'baseline');
  figures.push({
    file: 'JSON.stringify(variables)',
    channel: 'baseline',
    ...(await measure(options.renderMs, options.warmUpRenders, () => JSON.stringify(baselineVariables).length)),
  });
  for (const name of readdirSync(templatesDir).sort()) {
    const folder = await templates.folder(name);
    if (!folder) continue;
    for (const file of [...folder.files.keys()].sort()) {
      const match = shipped.exec(file);
      if (!match) continue;
      const language = match[1] === 'ar' ? 'ar' : 'en';
      const channel = match[2] === '.mjml' ? 'email' : 'sms';
      const variables = variablesFor(language, `${name}/${file}`);
      const request = {
        folder,
        channel,
        locale: customers[language].locale,
        timeZone: customers[language].timezone,
        currency: 'SAR',
        variables,
      } as const;
      const figure = await measure(options.renderMs, options.warmUpRenders, async () => {
        const m = await renderMessage(request);
        return m.channel === 'email' ? Buffer.byteLength(m.html) : m.channel === 'sms' ? Buffer.byteLength(m.text) : 0;
      });
      figures.push({ file: `${name}/${file}`, channel, ...figure });
    }
  }
  return figures;
}

function registration(detailType: string, detail: Record<string, unknown>, i: number): EventEnvelope {
  return {
    version: '0',
    id: `00000000-0000-4000-b000-${String(i).padStart(12, '0')}${detailType.length}`,
    'detail-type': detailType,
    source: 'shop.example',
    account: '123456789012',
    time: '2026-03-14T12:00:00Z',
    region: 'eu-west-1',
    resources: [],
    detail,
  };
}

/** One Arabic cart reminder per customer (distinct customers: no frequency cap in the way) through the messenger. */
async function runSends(options: MessagingOptions): Promise<SendFigures & { failures: string[] }> {
  const table = 'rekindle-bench-messaging';
  const dynamo = await startDynamo({ port: 0, table });
  const ses = await startSes({ port: 0 });
  const setup = createDocumentClient(dynamo.url);
  const db = createDocumentClient(dynamo.url);
  const meter = new DynamoMeter();
  meter.instrument(db, 'messenger');
  const runtime = createMessenger({
    db,
    table,
    config: {
      emailFrom: 'Rekindle Bench <bench@shop.example>',
      sesConfigurationSet: 'rekindle',
      whatsAppMetaApiVersion: 'v20.0',
      currency: 'SAR',
      cartUrl: 'https://shop.example/cart/{cartId}',
      unsubscribeUrl: 'https://shop.example',
      unsubscribe: { keys: [Buffer.alloc(32, 7)], lifetime: defaultTokenLifetime },
      templatesDir,
      endpoints: { ses: ses.url },
    },
  });
  const failures: string[] = [];
  try {
    await ensureTable(dynamo.url, table);
    const store = new DynamoTrackingStore(setup, table);
    const total = options.warmUpSends + options.sends;
    const ids = Array.from({ length: total }, (_, i) => `bench-msg-${i}`);
    for (const [i, customerId] of ids.entries()) {
      const email = `customer${i}@shop.example`;
      const detail = { ...example, customerId, email, eventId: `evt_reg_${customerId}` };
      await trackStorefrontEvent(store, registration('Customer Registered', detail, i));
      await trackStorefrontEvent(store, registration('Cart Updated', { ...exampleCart, customerId, email }, i));
    }
    // One step time per send, 1/14 s apart: the pace of SES's default quota, so the send-rate limit never holds one.
    const stepTime = (i: number) => new Date(Date.parse(at) + Math.floor((i * 1000) / sesDefaultRate)).toISOString();
    const request = (customerId: string, i: number): SendRequest => ({
      idempotencyKey: `abandoned-cart#${customerId}#${exampleCart.cartId}:email-reminder:1`,
      customerId,
      channel: 'email',
      fallback: 'sms',
      template: 'cart-reminder',
      offer: null,
      workflow: { id: 'abandoned-cart', version: 1, priority: 10, maxMessagesPerDay: 2 },
      enrollmentId: `abandoned-cart#${customerId}#${exampleCart.cartId}`,
      step: 'email-reminder',
      key: exampleCart.cartId,
      at: stepTime(i),
    });
    const submit = async (customerId: string, i: number) => {
      const outcome = await runtime.messenger.submit(request(customerId, i));
      if (outcome.status !== 'sent') failures.push(`${customerId}: ${JSON.stringify(outcome)}`);
      return outcome.status === 'sent' ? 1 : 0;
    };
    for (const [i, id] of ids.entries()) if (i < options.warmUpSends) await submit(id, i);
    const before = meter.snapshot().messenger ?? emptyCounters();
    const cpu = process.cpuUsage();
    const start = performance.now();
    let sent = 0;
    for (const [i, id] of ids.entries()) if (i >= options.warmUpSends) sent += await submit(id, i);
    const wallMs = performance.now() - start;
    const used = process.cpuUsage(cpu);
    await meter.sizeFailedWrites(setup);
    const after = meter.snapshot().messenger ?? emptyCounters();
    return {
      sends: options.sends,
      sent,
      template: 'cart-reminder/ar.mjml',
      wallMs,
      cpuMicros: used.user + used.system,
      dynamo: diffCounters(after, before),
      failures,
    };
  } finally {
    runtime.destroy();
    db.destroy();
    setup.destroy();
    await ses.close();
    await dynamo.close();
  }
}

export async function runMessaging(options: MessagingOptions): Promise<MessagingResult> {
  const renders = await runRenders(options);
  const { failures, ...send } = await runSends(options);
  return { renders, send, failures };
}
