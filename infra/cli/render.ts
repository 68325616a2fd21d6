import { existsSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { TemplateFiles } from '../../shared/messaging/adapters/template-files.js';
import { couponFor } from '../../shared/messaging/core/coupon.js';
import { TemplateError } from '../../shared/messaging/core/errors.js';
import { directionOf } from '../../shared/messaging/core/templates/locale.js';
import { type RenderedMessage, renderMessage } from '../../shared/messaging/core/templates/render.js';
import { templateVariables } from '../../shared/messaging/core/variables.js';
import { DynamoMessagingFacts } from '../../shared/messaging/store/messaging-facts.js';
import type { Offer } from '../../shared/workflow/core/interpreter/types.js';
import { channels, type MessageChannel } from '../../shared/workflow/core/schema/workflow-steps.js';
import type { CliIo } from './io.js';
import { type FileCustomer, readCustomerFile } from './render-customer.js';
import { openTable, reportUnreadable, type TableFlags, tableOptions } from './table.js';

export const renderUsage = `Usage: rekindle render <template> --customer <id|file.json> [options]

Renders a template folder (workflows/templates/<template>/) for one customer exactly as a send would: the file for
the customer's locale (exact, language, then en), the same variables, filters and right-to-left layout. Prints the
subject and text of an email (the HTML with --out), an SMS's text, or a WhatsApp template message. Nothing is sent.

  --customer ID|FILE  a customer file (JSON: firstName, locale, timezone, email, phone; optional cart, points, tier;
                      e.g. test/fixtures/customers/layla-ar.json), or a customer id read from the table
  --locale TAG        render for this locale instead of the customer's (e.g. ar, ar-SA, fa)
  --channel NAME      email (default), sms or whatsapp
  --out FILE          write the email's HTML (or the SMS text, the WhatsApp JSON) to FILE
  --cart ID           the enrollment's cart (a customer id: read from the table; a file: its cart's id)
  --coupon KIND       the step's offer: percent (10% off, 3 days) or amount (5 in the shop's currency, 7 days)
  --at ISO            the send time, for coupon expiry and points (default: with a customer id, the local engine's
                      clock when it answers; else now)
  --currency CODE     the shop's currency (default: SHOP_CURRENCY, else EUR)
  --templates DIR     template folders (default: workflows/templates)
  --table NAME        with a customer id: the Rekindle table (default: the local engine's, else rekindle)
  --endpoint URL      with a customer id: DynamoDB endpoint (default: the local engine's; else
                      http://127.0.0.1:$REKINDLE_DYNAMODB_PORT, 8000 unless set, as for npm start)
  --admin URL         with a customer id: the local engine's admin API, asked for its table and clock
  --aws               with a customer id: use AWS with the usual credentials and region
  --json              print the rendered message as JSON
  -h, --help          show this help

Exit code: 0 after a render, 1 when the template, the customer or its file is at fault, 2 on a usage error.`;

/** The link a real send signs per message; a preview shows where it would go. */
const previewUnsubscribeUrl = 'https://shop.example/u/preview';
const previewCartUrl = 'https://shop.example/cart/{cartId}';
const offers: Readonly<Record<string, Offer>> = {
  percent: { coupon: { percent: 10, expiresIn: 'P3D' } },
  amount: { coupon: { amount: 5, expiresIn: 'P7D' } },
};

const isChannel = (value: string): value is MessageChannel => channels.some((c) => c === value);

export async function renderCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      customer: { type: 'string' },
      locale: { type: 'string' },
      channel: { type: 'string', default: 'email' },
      out: { type: 'string' },
      cart: { type: 'string' },
      coupon: { type: 'string' },
      at: { type: 'string' },
      currency: { type: 'string' },
      templates: { type: 'string', default: 'workflows/templates' },
      ...tableOptions,
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.out(renderUsage);
    return 0;
  }
  const usage = (message: string) => {
    io.err(`rekindle render: ${message}\n\n${renderUsage}`);
    return 2;
  };
  const [template, ...extra] = positionals;
  const { customer } = values;
  if (template === undefined || extra.length > 0 || customer === undefined)
    return usage('give one template name and --customer ID|FILE');
  const { channel, coupon: couponKind } = values;
  if (!isChannel(channel)) return usage(`--channel must be one of ${channels.join(', ')}, not "${channel}"`);
  const offer = couponKind === undefined ? null : offers[couponKind];
  if (offer === undefined) return usage(`--coupon must be percent or amount, not "${couponKind}"`);
  if (values.at !== undefined && Number.isNaN(Date.parse(values.at))) {
    return usage(`--at must be an ISO-8601 time, not "${values.at}"`);
  }
  if (values.aws && values.endpoint) return usage('give --endpoint or --aws, not both');
  const currency = values.currency ?? process.env.SHOP_CURRENCY ?? 'EUR';
  if (!/^[A-Z]{3}$/.test(currency)) return usage(`--currency must be an ISO-4217 code such as SAR, not "${currency}"`);

  const rendered = await renderFor(template, { ...values, customer, channel, offer, currency }, io, 'render');
  if (rendered === null) return 1;
  return print(rendered, values.out, values.json, io);
}

/** What rendering needs from the command line (render and send-test share it). */
export interface RenderOptions extends Source {
  readonly customer: string;
  readonly locale?: string | undefined;
  readonly channel: MessageChannel;
  readonly offer: Offer | null;
  readonly currency: string;
  readonly templates: string;
}

/** Renders `template` for the customer as a send would; null (the reason printed) when the template or customer is at fault. */
export async function renderFor(
  template: string,
  values: RenderOptions,
  io: CliIo,
  verb: string,
): Promise<RenderedMessage | null> {
  const { channel, offer, currency } = values;
  const templatesDir = resolve(io.cwd, values.templates);
  const folder = await new TemplateFiles(templatesDir).folder(template);
  if (!folder) {
    io.err(`rekindle ${verb}: no template folder ${template}/ in ${values.templates}`);
    return null;
  }
  const loaded = await loadCustomer(values.customer, values, io, verb);
  if (!loaded) return null;

  const { recipient, cart, loyalty } = loaded.customer;
  const { at } = loaded;
  try {
    return await renderMessage({
      folder,
      channel,
      locale: values.locale ?? recipient.locale,
      timeZone: recipient.timezone,
      currency,
      variables: templateVariables({
        recipient,
        cart: cart && {
          ...cart,
          url: cart.url ?? previewCartUrl.replaceAll('{cartId}', encodeURIComponent(cart.cartId)),
        },
        loyalty,
        coupon: couponFor(`preview:${template}:${recipient.customerId}`, offer, at, currency),
        unsubscribeUrl: previewUnsubscribeUrl,
      }),
    });
  } catch (error) {
    if (!(error instanceof TemplateError)) throw error;
    io.err(error.message);
    return null;
  }
}

function print(rendered: RenderedMessage, out: string | undefined, json: boolean, io: CliIo): number {
  const body =
    rendered.channel === 'email'
      ? rendered.html
      : rendered.channel === 'sms'
        ? rendered.text
        : JSON.stringify(rendered.template, null, 2);
  if (out !== undefined) {
    try {
      writeFileSync(resolve(io.cwd, out), body);
    } catch (error) {
      io.err(`rekindle render: cannot write ${out}: ${error instanceof Error ? error.message : String(error)}`);
      return 1;
    }
  }
  if (json) {
    io.out(JSON.stringify(rendered, null, 2));
    return 0;
  }
  const dir = directionOf(rendered.locale);
  io.out(`${rendered.file} (${rendered.channel}, locale ${rendered.locale}, numbers ${rendered.formatLocale}, ${dir})`);
  if (rendered.channel === 'email') io.out(`Subject: ${rendered.subject}\n\n${rendered.text}`);
  else io.out(`\n${body}`);
  if (out !== undefined) io.out(`\n${rendered.channel === 'email' ? 'HTML' : 'Message'} written to ${out}`);
  return 0;
}

export interface Source extends TableFlags {
  readonly cart?: string | undefined;
}

/**
 * A file (anything that exists, or ends in .json) or a customer id read as a real send reads it, and the send time:
 * `--at`, else for a customer of the table its engine's clock, else now.
 */
async function loadCustomer(
  arg: string,
  source: Source,
  io: CliIo,
  verb: string,
): Promise<{ customer: FileCustomer; at: string } | null> {
  const path = resolve(io.cwd, arg);
  if (arg.endsWith('.json') || existsSync(path)) {
    const read = readCustomerFile(path, arg);
    if (!read.ok) {
      for (const e of read.errors) io.err(e);
      return null;
    }
    const { cart } = read.customer;
    const customer = source.cart && cart ? { ...read.customer, cart: { ...cart, cartId: source.cart } } : read.customer;
    return { customer, at: source.at ?? new Date().toISOString() };
  }
  const target = await openTable(verb, source, io);
  const { db, where, table } = target;
  const at = target.now.toISOString();
  try {
    const facts = new DynamoMessagingFacts(db, table);
    const recipient = await facts.recipient(arg);
    if (!recipient) {
      io.err(`rekindle ${verb}: no customer "${arg}" in table "${table}" at ${where}`);
      return null;
    }
    const [cart, loyalty] = await Promise.all([
      source.cart ? facts.cart(arg, source.cart) : null,
      facts.loyalty(arg, at),
    ]);
    if (source.cart && !cart) {
      io.err(`rekindle ${verb}: customer "${arg}" has no cart "${source.cart}" in table "${table}" at ${where}`);
      return null;
    }
    return { customer: { recipient, cart, loyalty }, at };
  } catch (error) {
    reportUnreadable(verb, target, error, io);
    return null;
  } finally {
    db.destroy();
  }
}
