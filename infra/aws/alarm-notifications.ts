import { Annotations, Aspects, type IAspect } from 'aws-cdk-lib';
import { Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct, type IConstruct } from 'constructs';

/** The CDK context key of the address told about every alarm (`-c rekindle:alarmEmail=ops@shop.example`). */
export const alarmEmailContext = 'rekindle:alarmEmail';

/**
 * Where every alarm of the stack goes: one SNS topic (encrypted with the stack's key, TLS only) with an email
 * subscription from context. An aspect adds the topic to each alarm, so an alarm added later notifies too.
 */
export class AlarmNotifications extends Construct {
  readonly topic: Topic;

  constructor(scope: Construct, id: string, props: { readonly key: IKey }) {
    super(scope, id);
    this.topic = new Topic(this, 'Topic', {
      displayName: 'Rekindle alarms',
      masterKey: props.key,
      enforceSSL: true,
    });
    // CloudWatch publishes alarm state changes to the encrypted topic: it needs a data key.
    props.key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudWatchAlarmsPublishToEncryptedTopic',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );
    const email = alarmEmail(this);
    if (email) this.topic.addSubscription(new EmailSubscription(email));
    else {
      Annotations.of(this).addWarning(
        `No ${alarmEmailContext} in CDK context: alarms reach the topic but nobody is emailed. ` +
          `Deploy with -c ${alarmEmailContext}=you@example.com (then confirm the subscription email).`,
      );
    }
    Aspects.of(scope).add(new NotifyOnAlarm(this.topic));
  }
}

function alarmEmail(scope: Construct): string | undefined {
  const value: unknown = scope.node.tryGetContext(alarmEmailContext);
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || !/^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(value.trim())) {
    throw new Error(`CDK context ${alarmEmailContext}="${String(value)}": must be one email address`);
  }
  return value.trim();
}

/** Adds the topic as the alarm and OK action of every alarm in scope (once each). */
class NotifyOnAlarm implements IAspect {
  private readonly done = new WeakSet<Alarm>();

  constructor(private readonly topic: Topic) {}

  visit(node: IConstruct): void {
    if (!(node instanceof Alarm) || this.done.has(node)) return;
    this.done.add(node);
    const action = new SnsAction(this.topic);
    node.addAlarmAction(action);
    node.addOkAction(action);
  }
}
