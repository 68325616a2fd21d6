import { Aws, Duration } from 'aws-cdk-lib';
import { EventBus } from 'aws-cdk-lib/aws-events';
import type { Construct } from 'constructs';

/** The bus storefronts and Rekindle publish to (DESIGN: bus "rekindle"). */
export const rekindleBusName = 'rekindle';

/** How long archived events can be replayed. */
export const archiveRetention = Duration.days(365);

/** The custom bus, with an archive of every event it receives, for replay. */
export function createEventBus(scope: Construct, id: string): EventBus {
  const bus = new EventBus(scope, id, {
    eventBusName: rekindleBusName,
    description: 'Rekindle: storefront events and Rekindle domain events',
  });
  bus.archive('Archive', {
    description: 'Every event on the rekindle bus, for replay',
    // Every event carries the account it was put in, so this matches all of them.
    eventPattern: { account: [Aws.ACCOUNT_ID] },
    retention: archiveRetention,
  });
  return bus;
}
