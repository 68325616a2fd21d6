import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import * as z from 'zod';
import { type Duration, parseDuration } from '../../platform/duration.js';
import { defaultTokenLifetime, minKeyBytes } from '../core/unsubscribe.js';

/** What signs and verifies unsubscribe links: the workflow functions sign, the unsubscribe endpoint verifies. */
export interface UnsubscribeConfig {
  /** UNSUBSCRIBE_SECRET: the first key signs, every key verifies (rotation: prepend a new key, drop an old one later). */
  readonly keys: readonly Uint8Array[];
  /** UNSUBSCRIBE_LINK_LIFETIME (ISO-8601 duration, default P1Y): how long a link works after its message. */
  readonly lifetime: Duration;
}

const keyHelp = `comma-separated base64 keys of at least ${minKeyBytes} bytes each (e.g. from \`openssl rand -base64 32\`)`;
const base64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

/** Decodes `UNSUBSCRIBE_SECRET`; the error says which key is wrong and how, never what it holds. */
export function decodeUnsubscribeKeys(text: string): Uint8Array[] | { readonly error: string } {
  const parts = text.split(',').map((part) => part.trim());
  const keys: Uint8Array[] = [];
  for (const [i, part] of parts.entries()) {
    const which = parts.length > 1 ? `key ${i + 1} of ${parts.length}` : 'the key';
    if (!base64.test(part)) return { error: `${which} is not base64; expected ${keyHelp}` };
    const key = Buffer.from(part, 'base64');
    if (key.length < minKeyBytes) return { error: `${which} is ${key.length} bytes; expected ${keyHelp}` };
    keys.push(key);
  }
  return keys;
}

export const unsubscribeEnvironment = {
  UNSUBSCRIBE_SECRET: z.string({ error: `required: ${keyHelp}` }).transform((text, ctx): Uint8Array[] => {
    const decoded = decodeUnsubscribeKeys(text);
    if (Array.isArray(decoded)) return decoded;
    ctx.addIssue({ code: 'custom', message: decoded.error });
    return z.NEVER;
  }),
  UNSUBSCRIBE_LINK_LIFETIME: z
    .string()
    .optional()
    .transform((text, ctx): Duration => {
      if (text === undefined) return defaultTokenLifetime;
      const lifetime = parseDuration(text);
      if (lifetime && Object.values(lifetime).some((n) => n > 0)) return lifetime;
      ctx.addIssue({ code: 'custom', message: 'must be a positive ISO-8601 duration such as P1Y or P90D' });
      return z.NEVER;
    }),
};

const environment = z.object(unsubscribeEnvironment);

/** The unsubscribe endpoint's configuration, parsed at cold start: a missing or short key fails there, named. */
export function loadUnsubscribeConfig(env: NodeJS.ProcessEnv = process.env): UnsubscribeConfig {
  const parsed = environment.safeParse(env);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid unsubscribe environment: ${fields}`);
  }
  return { keys: parsed.data.UNSUBSCRIBE_SECRET, lifetime: parsed.data.UNSUBSCRIBE_LINK_LIFETIME };
}

/**
 * On AWS the keys live in Secrets Manager: with `UNSUBSCRIBE_SECRET_ARN` (and no `UNSUBSCRIBE_SECRET`), reads the
 * secret once, at cold start, into `UNSUBSCRIBE_SECRET` of the returned environment. Rotated keys reach a function
 * at its next cold start.
 */
export async function withUnsubscribeSecret(
  env: NodeJS.ProcessEnv,
  client: () => SecretsManagerClient = () => new SecretsManagerClient({}),
): Promise<NodeJS.ProcessEnv> {
  const arn = env.UNSUBSCRIBE_SECRET_ARN;
  if (env.UNSUBSCRIBE_SECRET !== undefined || !arn) return env;
  const secrets = client();
  try {
    const { SecretString } = await secrets.send(new GetSecretValueCommand({ SecretId: arn }));
    if (!SecretString) throw new Error(`UNSUBSCRIBE_SECRET_ARN: the secret ${arn} has no string value`);
    return { ...env, UNSUBSCRIBE_SECRET: SecretString };
  } finally {
    secrets.destroy();
  }
}
