import { Aws, Duration } from 'aws-cdk-lib';
import { Archive, EventBus, type IEventBus } from 'aws-cdk-lib/aws-events';
import { ManagedPolicy, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';

/** The bus storefronts and Rekindle publish to (DESIGN: bus "rekindle"). */
export const rekindleBusName = 'rekindle';

/** The source of Rekindle's own events; only the stack's functions may put it. */
export const rekindleSource = 'rekindle';

/**
 * What a storefront's publisher may do: put events on the bus under its own source, never `rekindle` (it would pass
 * for a tracked fact, a loyalty posting or a purge request) nor `aws.*` (AWS's own). Attach it to the role or user
 * the storefront's backend puts events with.
 */
export function storefrontPublisherPolicy(scope: Construct, id: string, bus: IEventBus): ManagedPolicy {
  return new ManagedPolicy(scope, id, {
    description: 'Put storefront events on the Rekindle bus, under any source but rekindle and aws.*',
    statements: [
      new PolicyStatement({
        actions: ['events:PutEvents'],
        resources: [bus.eventBusArn],
        conditions: { StringNotLike: { 'events:source': [rekindleSource, 'aws.*'] } },
      }),
    ],
  });
}

/** How long archived events can be replayed. */
export const archiveRetention = Duration.days(365);

/**
 * The custom bus, with an archive of every event it receives, for replay.
 * The archive keeps a year of events carrying PII (emails, names), so it is encrypted with the PII key. The bus
 * itself (events in flight) keeps AWS's key: with the PII key CDK adds a key-policy statement naming the bus ARN,
 * which the bus needs the key for: a dependency cycle CloudFormation cannot deploy.
 */
export function createEventBus(scope: Construct, id: string, key: IKey): EventBus {
  const bus = new EventBus(scope, id, {
    eventBusName: rekindleBusName,
    description: 'Rekindle: storefront events and Rekindle domain events',
  });
  // `new Archive` rather than `bus.archive()`: the latter writes an empty KmsKeyIdentifier (aws-cdk-lib 2.276).
  new Archive(scope, `${id}Archive`, {
    sourceEventBus: bus,
    description: 'Every event on the rekindle bus, for replay',
    // Every event carries the account it was put in, so this matches all of them.
    eventPattern: { account: [Aws.ACCOUNT_ID] },
    retention: archiveRetention,
    kmsKey: key,
  });
  return bus;
}
