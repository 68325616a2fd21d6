import { Aws, Duration } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { LambdaSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { topicFunctions } from '../../shared/platform/routing.js';
import { DeadLetterQueue } from './dead-letter-queue.js';
import { RekindleFunction } from './rekindle-function.js';

export interface InboundRepliesProps {
  readonly table: ITable;
  readonly bus: IEventBus;
  readonly key: IKey;
}

/** The AWS services that publish customers' texts: two-way SMS, and WhatsApp's event destination. */
const publishers = ['sms-voice.amazonaws.com', 'social-messaging.amazonaws.com'];

/**
 * Replies customers text back. End User Messaging SMS delivers two-way messages only to an SNS topic (or Amazon
 * Connect), and Social sends WhatsApp's to one too, so the topic is the door: one small function subscribed to it
 * handles STOP and its kin. (EventBridge cannot subscribe to SNS: putting replies on the bus would cost a forwarding
 * function and a second invocation per reply, for no reader yet.) Point your phone number's two-way channel and
 * your WhatsApp Business Account's event destination at the `InboundRepliesTopic` output.
 */
export class InboundReplies extends Construct {
  readonly topic: Topic;
  readonly function: RekindleFunction;

  constructor(scope: Construct, id: string, props: InboundRepliesProps) {
    super(scope, id);
    this.topic = new Topic(this, 'Topic', {
      displayName: 'Rekindle inbound replies (SMS, WhatsApp)',
      masterKey: props.key,
      enforceSSL: true,
    });
    for (const service of publishers) {
      const principal = new ServicePrincipal(service);
      const fromThisAccount = { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } };
      this.topic.addToResourcePolicy(
        new PolicyStatement({
          principals: [principal],
          actions: ['sns:Publish'],
          resources: [this.topic.topicArn],
          conditions: fromThisAccount,
        }),
      );
      // The topic is encrypted with the PII key (texts carry phone numbers): the publisher needs a data key.
      props.key.addToResourcePolicy(
        new PolicyStatement({
          principals: [principal],
          actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
          resources: ['*'],
          conditions: fromThisAccount,
        }),
      );
    }
    this.function = new RekindleFunction(this, 'Replies', {
      entry: topicFunctions.inbound.entry,
      description: topicFunctions.inbound.description,
      serviceName: 'inbound',
      table: props.table,
      tableAccess: 'readWrite',
      eventBus: props.bus,
      logKey: props.key,
    });
    const dlq = new DeadLetterQueue(this, 'RepliesDlq', { key: props.key, purpose: 'inbound replies not handled' });
    // SNS invokes Lambda asynchronously: bounded retries, then the reply is parked with its error.
    this.function.fn.configureAsyncInvoke({
      retryAttempts: 2,
      maxEventAge: Duration.hours(6),
      onFailure: new SqsDestination(dlq.queue),
    });
    this.topic.addSubscription(new LambdaSubscription(this.function.fn));
  }
}
