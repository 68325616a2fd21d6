import { createHash } from 'node:crypto';
import { couponFor } from './coupon.js';
import { MissingTemplateError, NotSentError, TemplateError } from './errors.js';
import type { SendAllowance } from './frequency-caps.js';
import type { Coupon, LocaleFallback, MessageRecord, Recipient } from './model.js';
import { decide } from './policy.js';
import type {
  HeldMessage,
  HeldMessageStore,
  HeldMessages,
  HeldSweepOutcome,
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
import { type Hold, type QuietHoursByChannel, quietHold } from './quiet-hours.js';
import { retryAfterThrottling, type SendRate } from './send-rate.js';
import { canonicalLocale, languageOf } from './templates/locale.js';
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
  /** Quiet hours per channel, in the recipient's time zone (else `timeZone`, the shop's). */
  readonly quietHours: QuietHoursByChannel;
  readonly timeZone: string;
  /** Messages held through quiet hours until their window opens. */
  readonly held: HeldMessageStore;
  /** Frequency caps per channel across all workflows. */
  readonly allowance: SendAllowance;
  /** The account's send rate per channel: over it, a message is held until the next second. */
  readonly rate: SendRate;
  /**
   * Tells the workflow that a held message failed when the sweep took it up: its report counts it and the step's
   * history says so. (A message that fails at once reaches the executor as the step's outcome.)
   */
  readonly heldFailed?: (request: SendRequest, reason: string) => Promise<void>;
}

/** How a send ends, which differs for a fresh submit and a held message taken up by the sweep. */
interface SendPath {
  /** The commit point before the provider call; false: someone else has the key. */
  claim(record: MessageRecord): Promise<boolean>;
  /** Not sent and never will be (caps, no template for the locale): recorded with the reason. */
  skip(reason: string): Promise<SubmitOutcome>;
  /** Not now (the send rate is reached): held, due at `until`. */
  hold(until: string, reason: string): Promise<SubmitOutcome>;
  /**
   * Cannot be sent until someone fixes something: the template does not render (nothing claimed yet: `claimed` is
   * null), or the provider refused the claimed record for good (a throttling provider is handled before).
   */
  fail(claimed: MessageRecord | null, reason: string): Promise<SubmitOutcome>;
}

/**
 * A workflow's send step, from request to provider: who the customer is, which channel they may be reached on,
 * the rendered message, and a record of what happened. At most once per idempotency key: the record is claimed
 * (a conditional write) before the provider is called, and released only when the provider provably sent nothing.
 */
const dayMs = 86_400_000;
/** A purged customer's message: not sent, and nothing written under the erased customer. */
const erased: SubmitOutcome = { status: 'skipped', reason: 'customer purged' };

export class MessengerService implements Messenger, HeldMessages {
  constructor(private readonly deps: MessengerDeps) {}

  /** Consent, suppression, quiet hours (the message is held), then the frequency caps; each skip says why. */
  async submit(request: SendRequest): Promise<SubmitOutcome> {
    const { facts } = this.deps;
    const recipient = await facts.recipient(request.customerId);
    if (!recipient) return (await facts.erased(request.customerId)) ? erased : this.skip(request, 'unknown customer');
    const cap = request.workflow.maxMessagesPerDay;
    if (cap !== undefined) {
      const since = new Date(Date.parse(request.at) - dayMs).toISOString();
      const sent = await facts.sentSince(request.customerId, request.workflow.id, since);
      if (sent >= cap) return this.skip(request, `capped: ${request.workflow.id} sends at most ${cap} a day`);
    }
    const decision = await decide(request, recipient, (...args) => facts.isSuppressed(...args));
    if (!decision.send) return this.skip(request, decision.reason);
    const hold = this.quiet(request.at, decision.channel, recipient);
    if (hold) return this.hold(request, decision.channel, hold);
    return this.send(request, recipient, decision, request.at, {
      claim: (record) => this.deps.log.claim(record),
      skip: (reason) => this.skip(request, reason),
      hold: (until, reason) => this.hold(request, decision.channel, { until, reason }),
      fail: async (claimed, reason) => {
        const entry = { status: 'failed' as const, at: request.at, detail: reason };
        const recorded = claimed
          ? await this.deps.log.markFailed(claimed, entry)
          : await this.deps.log.claim({ ...this.unsent(request), status: 'failed', history: [entry] });
        return recorded ? this.problem(request, reason) : { status: 'duplicate' };
      },
    });
  }

  /**
   * The held messages due by `now`, each checked again (consent and suppression may have changed overnight, and
   * the caps count what went meanwhile). Messages due at the same time go highest workflow priority first, so when
   * a cap lets only some through, the lower-priority ones are the ones skipped.
   */
  async sendDue(now: string): Promise<HeldSweepOutcome> {
    const due = (await this.deps.held.due(now)).sort(
      (a, b) =>
        compare(a.dueAt, b.dueAt) ||
        b.request.workflow.priority - a.request.workflow.priority ||
        compare(a.request.at, b.request.at),
    );
    let sent = 0;
    let skipped = 0;
    const failed: { key: string; error: unknown }[] = [];
    for (const held of due) {
      try {
        const outcome = await this.sendHeld(held, now);
        if (outcome.status === 'sent') sent++;
        if (outcome.status === 'skipped') skipped++;
      } catch (error) {
        // Left as it was: still due for the next run, unless its send's outcome is unknown (never sent twice).
        failed.push({ key: held.request.idempotencyKey, error });
      }
    }
    return { due: due.length, sent, skipped, failed };
  }

  earliestDueAt(after: string): Promise<string | null> {
    return this.deps.held.earliestDueAt(after);
  }

  private async sendHeld({ request, attempts }: HeldMessage, now: string): Promise<SubmitOutcome> {
    const { facts, held } = this.deps;
    const skip = async (reason: string, from: 'scheduled' | 'sending' = 'scheduled'): Promise<SubmitOutcome> =>
      (await held.skip(request, from, { status: 'skipped', at: now, detail: reason }))
        ? { status: 'skipped', reason }
        : { status: 'duplicate' };
    const recipient = await facts.recipient(request.customerId);
    if (!recipient) return (await facts.erased(request.customerId)) ? erased : skip('unknown customer');
    const decision = await decide(request, recipient, (...args) => facts.isSuppressed(...args));
    if (!decision.send) return skip(decision.reason);
    const hold = this.quiet(now, decision.channel, recipient);
    if (hold) {
      // The customer moved to another time zone, or the sweep ran late into the next quiet hours.
      await held.reschedule(request, 'scheduled', hold.until, { status: 'scheduled', at: now, detail: hold.reason });
      return { status: 'scheduled', channel: decision.channel, messageId: null };
    }
    return this.send(
      request,
      recipient,
      decision,
      now,
      {
        claim: (rendered) => held.claim(rendered),
        skip,
        hold: async (until, reason) => {
          await held.reschedule(request, 'scheduled', until, { status: 'scheduled', at: now, detail: reason });
          return { status: 'scheduled', channel: decision.channel, messageId: null };
        },
        // A refusal that waiting cannot change ends the message, with why.
        fail: async (claimed, reason) => {
          const entry = { status: 'failed' as const, at: now, detail: reason };
          if (!(await held.fail(request, claimed ? 'sending' : 'scheduled', entry))) return { status: 'duplicate' };
          // Listed first: whatever happens next, the failure is where a marketer looks.
          const outcome = await this.problem(request, reason);
          await this.deps.heldFailed?.(request, reason);
          return outcome;
        },
      },
      attempts,
    );
  }

  private quiet(at: string, channel: OutboundMessage['channel'], recipient: Recipient): Hold | null {
    return quietHold(at, channel, this.deps.quietHours, recipient.timezone, this.deps.timeZone);
  }

  /** Recorded as scheduled, due when the recipient's window opens; the sweep sends it then (`sendDue`). */
  private async hold(request: SendRequest, channel: OutboundMessage['channel'], hold: Hold): Promise<SubmitOutcome> {
    const record: MessageRecord = {
      ...this.baseRecord(request),
      channel,
      locale: null,
      contentHash: null,
      coupon: null,
      status: 'scheduled',
      history: [{ status: 'scheduled', at: request.at, detail: hold.reason }],
    };
    return (await this.deps.held.hold(record, request, hold.until))
      ? { status: 'scheduled', channel, messageId: null }
      : { status: 'duplicate' };
  }

  /**
   * Counted against the caps, rendered, claimed, handed to the provider, at `at` (the step's time, or the sweep's
   * for a held message). At most once: the claim comes before the provider call and is given back only when the
   * provider provably sent nothing; otherwise the outcome is unknown and the claim stays, so a message is never
   * sent twice, at the price of one that may never arrive.
   */
  private async send(
    request: SendRequest,
    recipient: Recipient,
    { channel, address }: { readonly channel: OutboundMessage['channel']; readonly address: string },
    at: string,
    path: SendPath,
    throttledSoFar = 0,
  ): Promise<SubmitOutcome> {
    const { allowance } = this.deps;
    const { customerId, idempotencyKey } = request;
    // First, so that a message held for the rate costs no count and no render (a capped one costs a slot).
    const slot = await this.deps.rate.take(channel, at);
    if (!slot.ok) return path.hold(slot.until, slot.reason);
    const counted = await allowance.reserve(customerId, channel, {
      key: idempotencyKey,
      at,
      workflowId: request.workflow.id,
    });
    if (!counted.ok) return path.skip(counted.reason);
    // Given back only when this call counted it: a duplicate's count belongs to the submit that sent it.
    const uncount = () => (counted.added ? allowance.release(customerId, channel, idempotencyKey) : undefined);
    const coupon = couponFor(idempotencyKey, request.offer, at, this.deps.currency);
    const unsubscribe = this.deps.unsubscribe.linkFor(customerId, channel, idempotencyKey, at);
    let rendered: RenderedMessage;
    try {
      rendered = await this.render(request, recipient, channel, at, { coupon, unsubscribeUrl: unsubscribe.url });
    } catch (error) {
      await uncount();
      // No file for this channel and locale: a retry cannot send it, and the customer simply gets no message.
      if (error instanceof MissingTemplateError) return path.skip(error.message);
      // A template that does not render is the marketer's to fix: recorded as failed, never as sent.
      if (error instanceof TemplateError) return path.fail(null, error.message);
      throw error;
    }
    const record: MessageRecord = {
      ...this.baseRecord(request),
      channel,
      locale: rendered.locale,
      contentHash: createHash('sha256').update(renderedBody(rendered)).digest('hex'),
      coupon: coupon && { code: coupon.code, expiresAt: coupon.expiresAt },
      localeFallback: localeFallback(recipient.locale, rendered.locale),
      status: 'sending',
      history: [],
    };
    if (!(await path.claim(record))) return { status: 'duplicate' };
    let messageId: string;
    try {
      ({ messageId } = await this.deps.sender.send(outbound(rendered, address, request, unsubscribe)));
    } catch (error) {
      if (!(error instanceof NotSentError)) throw error;
      await uncount();
      if (error.retryable) return this.throttled(record, request, throttledSoFar + 1, at, error);
      return path.fail(record, error.message);
    }
    await this.deps.log.markSent(record, messageId, at);
    return { status: 'sent', channel, messageId };
  }

  /**
   * The provider asked to slow down: the claimed record is held (the claim stays, so it is never sent twice) and
   * tried again after 1 s, 2 s, 4 s... by the sweep; after `maxThrottledAttempts` it is skipped.
   */
  private async throttled(
    record: MessageRecord,
    request: SendRequest,
    attempts: number,
    at: string,
    error: NotSentError,
  ): Promise<SubmitOutcome> {
    const { held } = this.deps;
    const retryAt = retryAfterThrottling(at, attempts);
    if (retryAt === null) {
      const reason = 'provider kept throttling';
      await held.skip(record, 'sending', { status: 'skipped', at, detail: `${reason}: ${error.message}` });
      return { status: 'skipped', reason };
    }
    const detail = `throttled (attempt ${attempts}), tried again at ${retryAt}: ${error.message}`;
    await held.retry(record, request, retryAt, attempts, { status: 'scheduled', at, detail });
    return { status: 'scheduled', channel: record.channel ?? request.channel, messageId: null };
  }

  private async render(
    request: SendRequest,
    recipient: Recipient,
    channel: OutboundMessage['channel'],
    at: string,
    offer: { readonly coupon: Coupon | null; readonly unsubscribeUrl: string },
  ): Promise<RenderedMessage> {
    const { facts, templates } = this.deps;
    const [folder, cart, loyalty] = await Promise.all([
      templates.folder(request.template),
      request.key ? facts.cart(request.customerId, request.key) : null,
      facts.loyalty(request.customerId, at),
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
        events: request.events ?? null,
        ...offer,
      }),
    });
  }

  /** Skips are recorded too, once: the same key skipped again is a duplicate. */
  private async skip(request: SendRequest, reason: string): Promise<SubmitOutcome> {
    const record: MessageRecord = {
      ...this.unsent(request),
      status: 'skipped',
      history: [{ status: 'skipped', at: request.at, detail: reason }],
    };
    return (await this.deps.log.claim(record)) ? { status: 'skipped', reason } : { status: 'duplicate' };
  }

  /** A failure recorded on the message is listed among the problems, where a marketer looks. */
  private async problem(request: SendRequest, reason: string): Promise<SubmitOutcome> {
    await this.deps.log.noteProblem(request);
    return { status: 'failed', reason };
  }

  /** The record of a message that never reached a provider. */
  private unsent(request: SendRequest) {
    return { ...this.baseRecord(request), channel: null, locale: null, contentHash: null, coupon: null };
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

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The customer's locale and the template's when they are not the same language (an English fallback). */
function localeFallback(customerLocale: string | null, templateLocale: string): LocaleFallback | null {
  const customer = canonicalLocale(customerLocale);
  if (!customer || languageOf(customer) === languageOf(templateLocale)) return null;
  return { customerLocale: customer, templateLocale };
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
