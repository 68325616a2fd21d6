import { createHash } from 'node:crypto';
import { couponFor } from './coupon.js';
import { MissingTemplateError, NotSentError, TemplateError } from './errors.js';
import type { Coupon, MessageRecord, Recipient } from './model.js';
import { decide } from './policy.js';
import type {
  MessageLog,
  MessageTags,
  MessagingFacts,
  Messenger,
  OutboundMessage,
  Sender,
  SendRequest,
  SubmitOutcome,
  TemplateSource,
  UnsubscribeLink,
  UnsubscribeLinks,
} from './ports.js';
import { type RenderedMessage, renderedBody, renderMessage } from './templates/render.js';
import { templateVariables } from './variables.js';

export interface MessengerDeps {
  readonly facts: MessagingFacts;
  readonly templates: TemplateSource;
  readonly log: MessageLog;
  readonly sender: Sender;
  readonly unsubscribe: UnsubscribeLinks;
  /** The shop's currency: a coupon's `amount` is in it, and `money` without an argument uses it. */
  readonly currency: string;
  /** The storefront page of a cart (`cart.url` in templates); null when the shop has none. */
  readonly cartUrl: (cartId: string) => string | null;
}

/**
 * A workflow's send step, from request to provider: who the customer is, which channel they may be reached on,
 * the rendered message, and a record of what happened. At most once per idempotency key: the record is claimed
 * (a conditional write) before the provider is called, and released only when the provider provably sent nothing.
 */
const dayMs = 86_400_000;

export class MessengerService implements Messenger {
  constructor(private readonly deps: MessengerDeps) {}

  async submit(request: SendRequest): Promise<SubmitOutcome> {
    const { facts } = this.deps;
    const recipient = await facts.recipient(request.customerId);
    if (!recipient) return this.skip(request, 'unknown customer');
    const cap = request.workflow.maxMessagesPerDay;
    if (cap !== undefined) {
      const since = new Date(Date.parse(request.at) - dayMs).toISOString();
      const sent = await facts.sentSince(request.customerId, request.workflow.id, since);
      if (sent >= cap) return this.skip(request, `capped: ${request.workflow.id} sends at most ${cap} a day`);
    }
    const decision = await decide(request, recipient, (address) => facts.isSuppressed(address));
    if (!decision.send) return this.skip(request, decision.reason);

    const { channel, address } = decision;
    const coupon = couponFor(request.idempotencyKey, request.offer, request.at, this.deps.currency);
    const unsubscribe = this.deps.unsubscribe.linkFor(request.customerId, channel, request.idempotencyKey, request.at);
    let rendered: RenderedMessage;
    try {
      rendered = await this.render(request, recipient, channel, { coupon, unsubscribeUrl: unsubscribe.url });
    } catch (error) {
      // No file for this channel and locale: a retry cannot send it. (A template that fails to render is thrown,
      // so that once fixed, the retry sends.)
      if (error instanceof MissingTemplateError) return this.skip(request, error.message);
      throw error;
    }
    const record: MessageRecord = {
      ...this.baseRecord(request),
      channel,
      locale: rendered.locale,
      contentHash: createHash('sha256').update(renderedBody(rendered)).digest('hex'),
      coupon: coupon && { code: coupon.code, expiresAt: coupon.expiresAt },
      status: 'sending',
      history: [],
    };
    if (!(await this.deps.log.claim(record))) return { status: 'duplicate' };
    let messageId: string;
    try {
      ({ messageId } = await this.deps.sender.send(outbound(rendered, address, request, unsubscribe)));
    } catch (error) {
      // Nothing left us: free the key so the caller's retry sends. Otherwise the outcome is unknown and the claim
      // stays: a message is never sent twice, at the price of one that may never arrive.
      if (error instanceof NotSentError) await this.deps.log.release(record);
      throw error;
    }
    await this.deps.log.markSent(record, messageId, request.at);
    return { status: 'sent', channel, messageId };
  }

  private async render(
    request: SendRequest,
    recipient: Recipient,
    channel: OutboundMessage['channel'],
    offer: { readonly coupon: Coupon | null; readonly unsubscribeUrl: string },
  ): Promise<RenderedMessage> {
    const { facts, templates } = this.deps;
    const [folder, cart, loyalty] = await Promise.all([
      templates.folder(request.template),
      request.key ? facts.cart(request.customerId, request.key) : null,
      facts.loyalty(request.customerId, request.at),
    ]);
    if (!folder) throw new TemplateError(`template folder ${request.template}/ not found`);
    return renderMessage({
      folder,
      channel,
      locale: recipient.locale,
      timeZone: recipient.timezone,
      currency: this.deps.currency,
      variables: templateVariables({
        recipient,
        cart: cart && { ...cart, url: cart.url ?? this.deps.cartUrl(cart.cartId) },
        loyalty,
        ...offer,
      }),
    });
  }

  /** Skips are recorded too, once: the same key skipped again is a duplicate. */
  private async skip(request: SendRequest, reason: string): Promise<SubmitOutcome> {
    const record: MessageRecord = {
      ...this.baseRecord(request),
      channel: null,
      locale: null,
      contentHash: null,
      coupon: null,
      status: 'skipped',
      history: [{ status: 'skipped', at: request.at, detail: reason }],
    };
    return (await this.deps.log.claim(record)) ? { status: 'skipped', reason } : { status: 'duplicate' };
  }

  private baseRecord(request: SendRequest) {
    return {
      idempotencyKey: request.idempotencyKey,
      customerId: request.customerId,
      at: request.at,
      template: request.template,
      workflow: { id: request.workflow.id, version: request.workflow.version },
      step: request.step,
      enrollmentId: request.enrollmentId,
      providerMessageId: null,
    };
  }
}

function outbound(
  rendered: RenderedMessage,
  to: string,
  request: SendRequest,
  unsubscribe: UnsubscribeLink,
): OutboundMessage {
  const tags: MessageTags = { workflowId: request.workflow.id, stepId: request.step, customerId: request.customerId };
  switch (rendered.channel) {
    case 'email':
      return {
        channel: 'email',
        to,
        subject: rendered.subject,
        html: rendered.html,
        text: rendered.text,
        unsubscribe,
        tags,
      };
    case 'sms':
      return { channel: 'sms', to, text: rendered.text, tags };
    case 'whatsapp':
      return { channel: 'whatsapp', to, template: rendered.template, tags };
  }
}
