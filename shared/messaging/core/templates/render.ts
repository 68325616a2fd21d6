import type { MessageChannel } from '../../../workflow/core/schema/workflow.js';
import { MissingTemplateError, TemplateError } from '../errors.js';
import { type RenderedEmail, renderEmail } from './email.js';
import type { FormatSettings } from './filters.js';
import { renderLiquid } from './liquid.js';
import { channelSuffix, chooseFile, directionOf, formattingLocale, localeCandidates } from './locale.js';
import { renderWhatsApp, type WhatsAppTemplate } from './whatsapp.js';

/** The files of one template folder (`workflows/templates/<name>/`): file name -> text. */
export interface TemplateFolder {
  readonly name: string;
  readonly files: ReadonlyMap<string, string>;
}

interface Rendered {
  /** The file used, e.g. `cart-reminder/ar.mjml`. */
  readonly file: string;
  /** The file's locale (`ar`); numbers are formatted in `formatLocale` (`ar-SA`). */
  readonly locale: string;
  readonly formatLocale: string;
}

export type RenderedMessage =
  | (Rendered & { readonly channel: 'email' } & RenderedEmail)
  | (Rendered & { readonly channel: 'sms'; readonly text: string })
  | (Rendered & { readonly channel: 'whatsapp'; readonly template: WhatsAppTemplate });

export interface RenderRequest {
  readonly folder: TemplateFolder;
  readonly channel: MessageChannel;
  /** The customer's locale (any case, `_` or `-`); null: English. */
  readonly locale: string | null;
  /** The customer's IANA time zone for dates; null: UTC. */
  readonly timeZone: string | null;
  /** The shop's currency, for `money` without an argument. */
  readonly currency: string;
  /** The Liquid variables (customer, cart, points, tier, coupon, unsubscribeUrl, ...). */
  readonly variables: Readonly<Record<string, unknown>>;
}

/** Renders the message of `channel` from the folder's file in the customer's best locale. Pure (no I/O). */
export async function renderMessage(request: RenderRequest): Promise<RenderedMessage> {
  const { folder, channel } = request;
  const chosen = chooseFile(folder.files.keys(), channel, request.locale);
  const source = chosen ? folder.files.get(chosen.file) : undefined;
  if (!chosen || source === undefined) {
    const tried = localeCandidates(request.locale).map((l) => `${l}${channelSuffix[channel]}`);
    throw new MissingTemplateError(`${folder.name}/: no ${channel} template; looked for ${tried.join(', ')}`);
  }
  const file = `${folder.name}/${chosen.file}`;
  const formatLocale = formattingLocale(request.locale, chosen.locale);
  const format: FormatSettings = {
    locale: formatLocale,
    timeZone: request.timeZone ?? 'UTC',
    currency: request.currency,
  };
  const dir = directionOf(chosen.locale);
  const scope = { ...request.variables, lang: formatLocale, dir };
  const base = { file, locale: chosen.locale, formatLocale };
  switch (channel) {
    case 'email':
      return { ...base, channel, ...(await renderEmail(file, source, scope, format, { lang: formatLocale, dir })) };
    case 'sms': {
      const text = renderLiquid('text', file, source, scope, format)
        .replace(/\n{3,}/g, '\n\n')
        .trim();
      if (!text) throw new TemplateError(`${file}: renders an empty SMS`);
      return { ...base, channel, text };
    }
    case 'whatsapp':
      return { ...base, channel, template: renderWhatsApp(file, source, chosen.locale, scope, format) };
  }
}

/** What the content hash covers: the body the customer sees. */
export function renderedBody(message: RenderedMessage): string {
  switch (message.channel) {
    case 'email':
      return message.html;
    case 'sms':
      return message.text;
    case 'whatsapp':
      return JSON.stringify(message.template);
  }
}
