import { Aws, Duration, RemovalPolicy } from 'aws-cdk-lib';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';

/**
 * The customer-managed key for everything that holds PII at rest: the table, the dead-letter queues, the log groups.
 * Retained with the table: a retained table is unreadable without its key.
 */
export function createPiiKey(scope: Construct, id: string): Key {
  const key = new Key(scope, id, {
    description: 'Rekindle: customer data at rest (table, dead-letter queues, log groups)',
    enableKeyRotation: true,
    pendingWindow: Duration.days(30),
    removalPolicy: RemovalPolicy.RETAIN,
  });

  // CloudWatch Logs encrypts log groups of this account and region with the key.
  key.addToResourcePolicy(
    new PolicyStatement({
      sid: 'CloudWatchLogsEncryptLogGroups',
      principals: [new ServicePrincipal(`logs.${Aws.REGION}.amazonaws.com`)],
      // Exactly the actions the CloudWatch Logs documentation requires for log group encryption.
      actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
      resources: ['*'],
      conditions: {
        ArnLike: {
          'kms:EncryptionContext:aws:logs:arn': `arn:${Aws.PARTITION}:logs:${Aws.REGION}:${Aws.ACCOUNT_ID}:log-group:*`,
        },
      },
    }),
  );

  // EventBridge sends undeliverable events to the (KMS-encrypted) target DLQs of this account's rules.
  key.addToResourcePolicy(
    new PolicyStatement({
      sid: 'EventBridgeWriteTargetDeadLetterQueues',
      principals: [new ServicePrincipal('events.amazonaws.com')],
      actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
      resources: ['*'],
      conditions: {
        ArnLike: { 'aws:SourceArn': `arn:${Aws.PARTITION}:events:${Aws.REGION}:${Aws.ACCOUNT_ID}:rule/*` },
      },
    }),
  );
  return key;
}
