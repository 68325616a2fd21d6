import type { Offer } from '../../../workflow/core/interpreter/types.js';
import type { MessageChannel, Workflow } from '../../../workflow/core/schema/workflow.js';
import { couponFor } from '../coupon.js';
import { TemplateError } from '../errors.js';
import type { Recipient } from '../model.js';
import { templateVariables } from '../variables.js';
import { channelSuffix, chooseFile, languageOf } from './locale.js';
import { renderMessage, type TemplateFolder } from './render.js';

/**
 * What `rekindle validate` and the local engine's reload check before a template can reach a customer: every file
 * a workflow's send steps can use (their channel and fallback, in every locale the folder has) rendered as a send
 * would (Liquid's parser, MJML's strict validation) for a sample customer; and every locale the workflow speaks
 * somewhere that one of its steps would answer in English. Pure: the folders are given.
 */

export interface TemplateIssue {
  /** The template file, e.g. `cart-reminder/ar.mjml`. */
  readonly file: string;
  readonly line: number | null;
  readonly message: string;
  readonly severity: 'error' | 'warning';
}

const sampleAt = '2026-01-15T10:00:00.000Z';

function sampleCustomer(locale: string): Recipient {
  return {
    customerId: 'sample-customer',
    email: 'sample@example.com',
    phone: '+15555550100',
    firstName: 'Sam',
    lastName: 'Sample',
    locale,
    timezone: 'UTC',
    birthday: '1990-05-17',
    consents: { email: true, sms: true, whatsapp: true },
    attributes: {},
  };
}

const sampleCart = {
  cartId: 'sample-cart',
  items: [
    { productId: 'p-1', name: 'Sample shirt', price: 25, quantity: 2, url: 'https://shop.example/p-1', image: null },
    { productId: 'p-2', name: 'Sample mug', price: 9.5, quantity: 1, url: null, image: null },
  ],
  total: 59.5,
  currency: 'USD',
  url: 'https://shop.example/cart',
};

/** The event a sample enrollment started with: an order's fields, which most event-triggered messages speak of. */
function sampleEvents(workflow: Workflow) {
  const type = 'event' in workflow.trigger ? workflow.trigger.event.detailType : 'Order Completed';
  const detail = {
    orderId: 'sample-order',
    cartId: sampleCart.cartId,
    total: sampleCart.total,
    currency: sampleCart.currency,
    coupon: 'WELCOME10',
    items: sampleCart.items,
  };
  const trigger = { type, occurredAt: sampleAt, detail };
  return { trigger, waited: trigger };
}

interface SendStep {
  readonly id: string;
  readonly template: string;
  readonly channels: readonly MessageChannel[];
  readonly primary: MessageChannel;
  readonly offer: Offer | null;
}

function sendSteps(workflow: Workflow): SendStep[] {
  return Object.entries(workflow.steps).flatMap(([id, step]) =>
    step.type === 'send'
      ? [
          {
            id,
            template: step.template,
            primary: step.channel,
            channels: step.fallback ? [step.channel, step.fallback] : [step.channel],
            offer: step.offer ?? null,
          },
        ]
      : [],
  );
}

/** The locales of a folder's files for `channel`, as written in the file names (`ar`, `ar-SA`, `en`). */
function localesOf(folder: TemplateFolder, channel: MessageChannel): string[] {
  const suffix = channelSuffix[channel];
  return [...folder.files.keys()].filter((f) => f.endsWith(suffix)).map((f) => f.slice(0, -suffix.length));
}

/** Renders one file (chosen by its own locale) for the sample customer; its problems, or none. */
async function compile(
  folder: TemplateFolder,
  channel: MessageChannel,
  locale: string,
  step: SendStep,
  workflow: Workflow,
) {
  const at = sampleAt;
  try {
    await renderMessage({
      folder,
      channel,
      locale,
      timeZone: 'UTC',
      currency: 'USD',
      variables: templateVariables({
        recipient: sampleCustomer(locale),
        cart: sampleCart,
        loyalty: { points: { available: 1200, pending: 150, lifetime: 4000 }, tier: 'gold' },
        coupon: couponFor(`sample:${step.id}`, step.offer, at, 'USD'),
        unsubscribeUrl: 'https://shop.example/unsubscribe?token=sample',
        events: sampleEvents(workflow),
      }),
    });
    return [];
  } catch (error) {
    if (!(error instanceof TemplateError)) throw error;
    return error.problems;
  }
}

const languageName = (language: string): string =>
  new Intl.DisplayNames(['en'], { type: 'language' }).of(language) ?? language;

/** Every problem in the templates `workflow` can send, and its steps that fall back to another language. */
export async function checkWorkflowTemplates(
  workflow: Workflow,
  folder: (name: string) => TemplateFolder | null,
): Promise<TemplateIssue[]> {
  const issues: TemplateIssue[] = [];
  const steps = sendSteps(workflow);
  const spoken = new Set<string>();
  for (const step of steps) {
    const files = folder(step.template);
    if (!files) continue; // the workflow's own validation names a missing folder
    for (const channel of step.channels) {
      for (const locale of localesOf(files, channel)) {
        const file = `${files.name}/${locale}${channelSuffix[channel]}`;
        for (const problem of await compile(files, channel, locale, step, workflow)) {
          // The message may start with the file name already (the renderer's own wording): keep it once.
          const message = problem.message.startsWith(file)
            ? problem.message.slice(file.length).replace(/^:\s*/, '').trim()
            : problem.message;
          issues.push({ file, line: problem.line, message, severity: 'error' });
        }
      }
    }
    const primaryLocales = localesOf(files, step.primary);
    for (const locale of primaryLocales) spoken.add(languageOf(locale));
    if (primaryLocales.length === 0) {
      issues.push({
        file: `${files.name}/`,
        line: null,
        message: `no ${step.primary} template (${channelSuffix[step.primary]}) in any language: step "${step.id}" of ${workflow.id} skips its ${step.primary}`,
        severity: 'warning',
      });
    }
  }
  for (const step of steps) {
    const files = folder(step.template);
    if (!files) continue;
    for (const language of [...spoken].sort()) {
      const chosen = chooseFile(files.files.keys(), step.primary, language);
      if (!chosen || languageOf(chosen.locale) === language) continue;
      issues.push({
        file: `${files.name}/${language}${channelSuffix[step.primary]}`,
        line: null,
        message:
          `missing: ${languageName(language)} customers get ${chosen.file} (${languageName(languageOf(chosen.locale))}) ` +
          `at step "${step.id}" of ${workflow.id}, though its other steps write to them in ${languageName(language)}`,
        severity: 'warning',
      });
    }
  }
  return issues;
}
