import { resolve } from 'node:path';
import { PinpointSMSVoiceV2Client } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SocialMessagingClient } from '@aws-sdk/client-socialmessaging';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { failureCounts } from '../workflow/core/executor/failures.js';
import { DynamoEnrollmentStore } from '../workflow/store/enrollment-store.js';
import { DynamoWorkflowStore } from '../workflow/store/workflow-store.js';
import type { MessagingConfig } from './adapters/config.js';
import { defaultSendPolicy } from './adapters/policy-config.js';
import { type ChannelProviders, ProviderSender } from './adapters/senders.js';
import { TemplateFiles } from './adapters/template-files.js';
import { SendAllowance } from './core/frequency-caps.js';
import { MessengerService } from './core/messenger.js';
import type { EngagementReader, HeldMessages, MessageReader, Messenger, TemplateSource } from './core/ports.js';
import { defaultSendRates, SendRate } from './core/send-rate.js';
import { signedUnsubscribeLinks, UnsubscribeTokens } from './core/unsubscribe.js';
import { DynamoHeldMessages } from './store/held-messages.js';
import { DynamoMessageLog } from './store/message-log.js';
import { DynamoMessageReader } from './store/message-reader.js';
import { DynamoMessagingFacts } from './store/messaging-facts.js';
import { DynamoSendCounts } from './store/send-counts.js';
import { DynamoSendSlots } from './store/send-slots.js';

export interface MessengerOptions {
  readonly db: DynamoDBDocumentClient;
  readonly table: string;
  readonly config: MessagingConfig;
  /** Default: the files under `config.templatesDir`, read once (`cacheTemplates: false` rereads every send). */
  readonly templates?: TemplateSource;
  readonly cacheTemplates?: boolean;
}

export interface MessagingRuntime {
  /** The executor's send steps go through `messenger.submit`. */
  readonly messenger: Messenger;
  /** The sweep of messages held through quiet hours (the message-sweep function; a job on the local clock). */
  readonly held: HeldMessages;
  /** Delivered/opened/clicked per send step of an enrollment, for the executor's context. */
  readonly engagement: EngagementReader;
  /** `GET /customers/{id}/messages`. */
  readonly messages: MessageReader;
  /** Releases the SDK clients' sockets (the local engine on stop; Lambda never needs it). */
  destroy(): void;
}

/** Messaging over the table and the providers' SDK clients. Build once (module scope on Lambda). */
export function createMessenger(options: MessengerOptions): MessagingRuntime {
  const { db, table, config } = options;
  const local = (endpoint: string | undefined) =>
    endpoint ? { endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {};
  const smsFrom = config.smsOriginationIdentity;
  const whatsAppFrom = config.whatsAppPhoneNumberId;
  const providers: ChannelProviders = {
    email: {
      client: new SESv2Client(local(config.endpoints?.ses)),
      settings: { from: config.emailFrom, configurationSetName: config.sesConfigurationSet },
    },
    sms: smsFrom
      ? {
          client: new PinpointSMSVoiceV2Client(local(config.endpoints?.sms)),
          settings: { originationIdentity: smsFrom, configurationSetName: config.smsConfigurationSet },
        }
      : undefined,
    whatsapp: whatsAppFrom
      ? {
          client: new SocialMessagingClient(local(config.endpoints?.whatsapp)),
          settings: { originationPhoneNumberId: whatsAppFrom, metaApiVersion: config.whatsAppMetaApiVersion },
        }
      : undefined,
  };
  const cartUrl = config.cartUrl;
  // A held message that fails at the sweep is counted in its workflow's report and written into its step.
  const workflowCounters = new DynamoWorkflowStore(db, table);
  const enrollments = new DynamoEnrollmentStore(db, table);
  const policy = config.policy ?? defaultSendPolicy;
  const messenger = new MessengerService({
    facts: new DynamoMessagingFacts(db, table),
    templates:
      options.templates ?? new TemplateFiles(resolve(config.templatesDir), { cache: options.cacheTemplates ?? true }),
    log: new DynamoMessageLog(db, table),
    sender: new ProviderSender(providers),
    unsubscribe: signedUnsubscribeLinks(
      new UnsubscribeTokens(config.unsubscribe.keys, config.unsubscribe.lifetime),
      config.unsubscribeUrl,
      config.unsubscribeMailto ?? null,
    ),
    currency: config.currency,
    cartUrl: (cartId) => (cartUrl ? cartUrl.replaceAll('{cartId}', encodeURIComponent(cartId)) : null),
    quietHours: policy.quietHours,
    timeZone: policy.timeZone,
    held: new DynamoHeldMessages(db, table),
    allowance: new SendAllowance(new DynamoSendCounts(db, table), policy.frequencyCaps),
    rate: new SendRate(new DynamoSendSlots(db, table), policy.sendRates ?? defaultSendRates),
    heldFailed: async (request, reason) => {
      const failure = { step: request.step, reason };
      await workflowCounters.add(request.workflow.id, request.workflow.version, failureCounts([failure]));
      await enrollments.recordFailures(request, [failure]);
    },
  });
  const reader = new DynamoMessageReader(db, table);
  return {
    messenger,
    held: messenger,
    engagement: reader,
    messages: reader,
    destroy: () => {
      providers.email?.client.destroy();
      providers.sms?.client.destroy();
      providers.whatsapp?.client.destroy();
    },
  };
}
