import { Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { FunctionUrlAuthType } from 'aws-cdk-lib/aws-lambda';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { urlFunctions } from '../../shared/platform/routing.js';
import { RekindleFunction } from './rekindle-function.js';

export const unsubscribeEntry = urlFunctions.unsubscribe.entry;

export interface UnsubscribeEndpoint {
  /** The keys that sign unsubscribe links: the workflow functions sign with them, the endpoint verifies. */
  readonly secret: Secret;
  readonly function: RekindleFunction;
  /** The Function URL, e.g. `https://<id>.lambda-url.<region>.on.aws/`: links are `<url>u/<token>`. */
  readonly url: string;
}

/**
 * The public end of one-click unsubscribe: a function behind a Function URL without authentication (mail clients
 * POST to it with no credentials; the signed token in the path is the authorisation), and the secret of signing keys.
 */
export function createUnsubscribeEndpoint(
  scope: Construct,
  props: { readonly table: ITable; readonly bus: IEventBus; readonly key: IKey },
): UnsubscribeEndpoint {
  // UNSUBSCRIBE_SECRET's form: 64 alphanumeric characters are valid base64 for 48 random bytes (~380 bits).
  const secret = new Secret(scope, 'UnsubscribeSecret', {
    description: 'Rekindle: keys signing unsubscribe links (comma-separated base64; the first signs, all verify)',
    encryptionKey: props.key,
    generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
  });
  Validations.of(secret).acknowledge({
    id: 'AwsSolutions-SMG4',
    reason:
      'Rotated by hand, by design: links in sent mail must keep working for their lifetime (a year), so a new key ' +
      'is put first in the list and the old one removed only after that; an automatic rotation would break them.',
  });
  const fn = new RekindleFunction(scope, 'Unsubscribe', {
    entry: unsubscribeEntry,
    description: urlFunctions.unsubscribe.description,
    serviceName: 'unsubscribe',
    table: props.table,
    // Reads the profile, writes its consent and the message record's note (CUST#), and the suppression (SUPPRESS#).
    tableAccess: { items: ['CUST#', 'SUPPRESS#'] },
    eventBus: props.bus,
    logKey: props.key,
    environment: { UNSUBSCRIBE_SECRET_ARN: secret.secretArn },
  });
  secret.grantRead(fn.role);
  const url = fn.fn.addFunctionUrl({ authType: FunctionUrlAuthType.NONE });
  return { secret, function: fn, url: url.url };
}
