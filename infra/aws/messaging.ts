import { Stack, Validations } from 'aws-cdk-lib';
import { EventBus } from 'aws-cdk-lib/aws-events';
import { PolicyStatement, type Role } from 'aws-cdk-lib/aws-iam';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import {
  ConfigurationSet,
  ConfigurationSetTlsPolicy,
  EmailSendingEvent,
  EventDestination,
  SuppressionReasons,
} from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';

/**
 * How the shop reaches its customers, from CDK context (`cdk.json` or `-c rekindle:emailFrom=...`): the verified
 * sender, the shop currency, optionally the public unsubscribe base (default: the unsubscribe function's URL; set it
 * when a domain of the shop's own forwards `/u/*` there), an SMS origination identity and a WhatsApp phone number id
 * (without them those channels are off and sends fall back or are skipped with the reason).
 */
export interface MessagingSettings {
  readonly emailFrom: string;
  readonly currency: string;
  readonly unsubscribeUrl?: string | undefined;
  readonly cartUrl?: string | undefined;
  readonly smsOriginationIdentity?: string | undefined;
  readonly whatsAppPhoneNumberId?: string | undefined;
}

export function messagingSettings(scope: Construct): MessagingSettings {
  const get = (key: string): string | undefined => {
    const value = scope.node.tryGetContext(`rekindle:${key}`);
    return typeof value === 'string' && value !== '' ? value : undefined;
  };
  return {
    emailFrom: requiredSender(get('emailFrom')),
    currency: get('shopCurrency') ?? 'SAR',
    unsubscribeUrl: get('unsubscribeUrl'),
    cartUrl: get('cartUrl'),
    smsOriginationIdentity: get('smsOriginationIdentity'),
    whatsAppPhoneNumberId: get('whatsAppPhoneNumberId'),
  };
}

/**
 * The SES configuration set every message goes out with: delivery, open, click, bounce and complaint events go to
 * the account's default bus (where the engagement route picks them up); TLS required; bounces and complaints
 * suppressed account-wide as well as by Rekindle.
 */
export class Messaging extends Construct {
  readonly configurationSet: ConfigurationSet;

  constructor(
    scope: Construct,
    id: string,
    readonly settings: MessagingSettings,
    /** Where unsubscribe links point by default, and the secret holding the keys that sign them. */
    private readonly unsubscribe: { readonly url: string; readonly secret: ISecret },
  ) {
    super(scope, id);
    this.configurationSet = new ConfigurationSet(this, 'ConfigurationSet', {
      tlsPolicy: ConfigurationSetTlsPolicy.REQUIRE,
      suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
      reputationMetrics: true,
    });
    this.configurationSet.addEventDestination('ToDefaultBus', {
      destination: EventDestination.eventBus(EventBus.fromEventBusName(this, 'DefaultBus', 'default')),
      events: [
        EmailSendingEvent.DELIVERY,
        EmailSendingEvent.OPEN,
        EmailSendingEvent.CLICK,
        EmailSendingEvent.BOUNCE,
        EmailSendingEvent.COMPLAINT,
      ],
    });
  }

  /** The function's messaging environment (read by shared/messaging/adapters/config.ts). */
  environment(): Record<string, string> {
    const s = this.settings;
    return {
      EMAIL_FROM: s.emailFrom,
      SHOP_CURRENCY: s.currency,
      UNSUBSCRIBE_URL: s.unsubscribeUrl ?? this.unsubscribe.url,
      UNSUBSCRIBE_SECRET_ARN: this.unsubscribe.secret.secretArn,
      SES_CONFIGURATION_SET: this.configurationSet.configurationSetName,
      ...(s.cartUrl ? { CART_URL: s.cartUrl } : {}),
      ...(s.smsOriginationIdentity ? { SMS_ORIGINATION_IDENTITY: s.smsOriginationIdentity } : {}),
      ...(s.whatsAppPhoneNumberId ? { WHATSAPP_PHONE_NUMBER_ID: s.whatsAppPhoneNumberId } : {}),
    };
  }

  /**
   * Sending only: from the sender's identity with this configuration set, texts and WhatsApp from the shop's own;
   * and reading the unsubscribe keys, to sign each message's link.
   */
  grantSend(role: Role): void {
    this.unsubscribe.secret.grantRead(role);
    const stack = Stack.of(this);
    const arn = (service: string, resource: string) =>
      `arn:${stack.partition}:${service}:${stack.region}:${stack.account}:${resource}`;
    const domain = senderDomain(this.settings.emailFrom);
    role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['ses:SendEmail'],
        resources: [
          arn('ses', `identity/${domain}`),
          arn('ses', `identity/${senderAddress(this.settings.emailFrom)}`),
          arn('ses', `configuration-set/${this.configurationSet.configurationSetName}`),
        ],
      }),
    );
    if (this.settings.smsOriginationIdentity) {
      role.addToPrincipalPolicy(
        new PolicyStatement({
          actions: ['sms-voice:SendTextMessage'],
          // The origination identity may be a phone number, a sender id or a pool: by id those ARNs are unknown here.
          resources: [arn('sms-voice', 'phone-number/*'), arn('sms-voice', 'sender-id/*'), arn('sms-voice', 'pool/*')],
        }),
      );
      Validations.of(role).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:sms-voice:<AWS::Region>:<AWS::AccountId>:phone-number/*]',
        reason: 'SendTextMessage from the configured origination identity, whose ARN is not known from its number.',
      });
    }
    if (this.settings.whatsAppPhoneNumberId) {
      role.addToPrincipalPolicy(
        new PolicyStatement({
          actions: ['social-messaging:SendWhatsAppMessage'],
          resources: [arn('social-messaging', `phone-number-id/${this.settings.whatsAppPhoneNumberId}`)],
        }),
      );
    }
  }
}

/** The CDK context key of the verified sender every email goes out from. */
export const emailFromContext = 'rekindle:emailFrom';

/**
 * The sender, required to deploy: a default would send from an address nobody verified (SES refuses) or, worse,
 * from someone else's. Fails the synth naming the key.
 */
function requiredSender(value: string | undefined): string {
  if (value === undefined) {
    throw new Error(
      `CDK context ${emailFromContext} is required: the verified SES sender every email goes out from, ` +
        `e.g. npx cdk deploy -c ${emailFromContext}="My Shop <hello@myshop.com>" (or set it in cdk.json)`,
    );
  }
  if (!/^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(senderAddress(value))) {
    throw new Error(`CDK context ${emailFromContext}="${value}": must be an address, or a name and <address>`);
  }
  return value;
}

/** `Shop <hello@shop.example>` -> `hello@shop.example`. */
const senderAddress = (from: string): string => /<([^>]+)>/.exec(from)?.[1] ?? from.trim();
const senderDomain = (from: string): string => senderAddress(from).split('@')[1] ?? senderAddress(from);
