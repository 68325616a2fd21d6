import * as z from 'zod';
import { type SendPolicyConfig, sendPolicyFrom } from './policy-config.js';
import { type UnsubscribeConfig, unsubscribeEnvironment } from './unsubscribe-config.js';

/** How messaging reaches customers; every field has an environment variable (`loadMessagingConfig`). */
export interface MessagingConfig {
  /** EMAIL_FROM: the verified sender, e.g. `Shop <hello@shop.example>`. */
  readonly emailFrom: string;
  /** SES_CONFIGURATION_SET: publishes delivery, open and click events (without it there is no engagement). */
  readonly sesConfigurationSet?: string | undefined;
  /** SMS_ORIGINATION_IDENTITY: phone number, sender id or pool; without it SMS is not configured. */
  readonly smsOriginationIdentity?: string | undefined;
  readonly smsConfigurationSet?: string | undefined;
  /** WHATSAPP_PHONE_NUMBER_ID: End User Messaging Social's phone number id; without it WhatsApp is not configured. */
  readonly whatsAppPhoneNumberId?: string | undefined;
  /** WHATSAPP_META_API_VERSION, default v20.0. */
  readonly whatsAppMetaApiVersion: string;
  /** SHOP_CURRENCY: ISO-4217; coupon amounts are in it. */
  readonly currency: string;
  /** CART_URL: the storefront page of a cart, `{cartId}` replaced, e.g. https://shop.example/cart/{cartId}. */
  readonly cartUrl?: string | undefined;
  /** UNSUBSCRIBE_URL: public base of unsubscribe links (`<base>/u/<token>`). */
  readonly unsubscribeUrl: string;
  /** UNSUBSCRIBE_MAILTO: a mailbox for the `mailto:` form of List-Unsubscribe. */
  readonly unsubscribeMailto?: string | undefined;
  /** UNSUBSCRIBE_SECRET (on AWS read from UNSUBSCRIBE_SECRET_ARN) and UNSUBSCRIBE_LINK_LIFETIME: signing the links. */
  readonly unsubscribe: UnsubscribeConfig;
  /** TEMPLATES_DIR, default workflows/templates. */
  readonly templatesDir: string;
  /** QUIET_HOURS_*, FREQUENCY_CAP_*, SEND_RATE_*, SHOP_TIMEZONE (`policy-config.ts`); default `defaultSendPolicy`. */
  readonly policy?: SendPolicyConfig | undefined;
  /** Local engine only: where the SDK clients point instead of AWS (SES_ENDPOINT, SMS_ENDPOINT, WHATSAPP_ENDPOINT). */
  readonly endpoints?: { readonly ses?: string; readonly sms?: string; readonly whatsapp?: string } | undefined;
}

const optional = z.string().min(1).optional();
const environment = z.object({
  EMAIL_FROM: z.string().min(3),
  SES_CONFIGURATION_SET: optional,
  SMS_ORIGINATION_IDENTITY: optional,
  SMS_CONFIGURATION_SET: optional,
  WHATSAPP_PHONE_NUMBER_ID: optional,
  WHATSAPP_META_API_VERSION: z
    .string()
    .regex(/^v\d+\.\d+$/)
    .default('v20.0'),
  SHOP_CURRENCY: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO-4217 code such as EUR'),
  CART_URL: z.string().includes('{cartId}', { message: 'must contain {cartId}' }).optional(),
  UNSUBSCRIBE_URL: z.url(),
  UNSUBSCRIBE_MAILTO: z.email().optional(),
  ...unsubscribeEnvironment,
  TEMPLATES_DIR: z.string().min(1).default('workflows/templates'),
  SES_ENDPOINT: z.url().optional(),
  SMS_ENDPOINT: z.url().optional(),
  WHATSAPP_ENDPOINT: z.url().optional(),
});

/** Parsed once at cold start: a missing or bad variable fails there, naming it. */
export function loadMessagingConfig(env: NodeJS.ProcessEnv = process.env): MessagingConfig {
  const parsed = environment.safeParse(env);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid messaging environment: ${fields}`);
  }
  const e = parsed.data;
  return {
    emailFrom: e.EMAIL_FROM,
    sesConfigurationSet: e.SES_CONFIGURATION_SET,
    smsOriginationIdentity: e.SMS_ORIGINATION_IDENTITY,
    smsConfigurationSet: e.SMS_CONFIGURATION_SET,
    whatsAppPhoneNumberId: e.WHATSAPP_PHONE_NUMBER_ID,
    whatsAppMetaApiVersion: e.WHATSAPP_META_API_VERSION,
    currency: e.SHOP_CURRENCY,
    cartUrl: e.CART_URL,
    unsubscribeUrl: e.UNSUBSCRIBE_URL,
    unsubscribeMailto: e.UNSUBSCRIBE_MAILTO,
    unsubscribe: { keys: e.UNSUBSCRIBE_SECRET, lifetime: e.UNSUBSCRIBE_LINK_LIFETIME },
    templatesDir: e.TEMPLATES_DIR,
    policy: sendPolicyFrom(env),
    endpoints: { ses: e.SES_ENDPOINT, sms: e.SMS_ENDPOINT, whatsapp: e.WHATSAPP_ENDPOINT },
  };
}
