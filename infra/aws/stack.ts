import { Annotations, CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import type { EventBus } from 'aws-cdk-lib/aws-events';
import type { Key } from 'aws-cdk-lib/aws-kms';
import { FunctionUrlAuthType } from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { urlFunctions } from '../../shared/platform/routing.js';
import { loadWorkflows } from '../../shared/workflow/adapters/workflow-files.js';
import { AlarmNotifications } from './alarm-notifications.js';
import { createEventBus, storefrontPublisherPolicy } from './event-bus.js';
import { EventRoutes } from './event-routes.js';
import { InboundReplies } from './inbound-replies.js';
import { lifecycleSettings, unannouncedWorkflows } from './lifecycle-settings.js';
import { Messaging, messagingSettings } from './messaging.js';
import { createPiiKey } from './pii-key.js';
import { RekindleFunction } from './rekindle-function.js';
import { Schedules } from './schedules.js';
import { createTable } from './table.js';
import { createUnsubscribeEndpoint, type UnsubscribeEndpoint } from './unsubscribe.js';
import { workflowsDirOf } from './workflows-dir.js';

export const adminEntry = urlFunctions.admin.entry;

/** Rekindle on AWS: one table, the rekindle bus with its archive, the routed event functions, the admin API. */
export class RekindleStack extends Stack {
  readonly key: Key;
  readonly table: Table;
  readonly bus: EventBus;
  readonly eventRoutes: EventRoutes;
  readonly admin: RekindleFunction;
  readonly schedules: Schedules;
  readonly messaging: Messaging;
  readonly unsubscribe: UnsubscribeEndpoint;
  readonly inbound: InboundReplies;
  readonly alarms: AlarmNotifications;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    this.key = createPiiKey(this, 'PiiKey');
    this.alarms = new AlarmNotifications(this, 'Alarms', { key: this.key });
    this.table = createTable(this, 'Table', this.key);
    this.bus = createEventBus(this, 'Bus', this.key);
    this.unsubscribe = createUnsubscribeEndpoint(this, { table: this.table, bus: this.bus, key: this.key });
    this.messaging = new Messaging(this, 'Messaging', messagingSettings(this), this.unsubscribe);
    const shared = { table: this.table, bus: this.bus, key: this.key, messaging: this.messaging };
    this.eventRoutes = new EventRoutes(this, 'Routes', shared);
    const lifecycle = lifecycleSettings(this);
    for (const warning of unannouncedWorkflows(lifecycle, loadWorkflows(workflowsDirOf(this)))) {
      Annotations.of(this).addWarning(warning);
    }
    const track = this.eventRoutes.functions.get('track');
    if (!track) throw new Error('the routing table has no track function');
    for (const [name, value] of Object.entries(lifecycle.tracking)) track.fn.addEnvironment(name, value);
    this.admin = new RekindleFunction(this, 'Admin', {
      entry: adminEntry,
      description: urlFunctions.admin.description,
      serviceName: 'admin',
      table: this.table,
      tableAccess: 'readWrite',
      eventBus: this.bus,
      // Redemptions are loyalty postings: they publish `Points Redeemed`.
      putEvents: true,
      logKey: this.key,
    });
    this.schedules = new Schedules(this, 'Schedules', { ...shared, lifecycle });
    this.inbound = new InboundReplies(this, 'Inbound', { table: this.table, bus: this.bus, key: this.key });
    // No public access: callers sign requests with SigV4 and need IAM permission to invoke this function's URL.
    const adminUrl = this.admin.fn.addFunctionUrl({ authType: FunctionUrlAuthType.AWS_IAM });

    new CfnOutput(this, 'TableName', { value: this.table.tableName, description: 'The Rekindle table' });
    new CfnOutput(this, 'EventBusName', { value: this.bus.eventBusName, description: 'Put storefront events here' });
    new CfnOutput(this, 'StorefrontPublisherPolicy', {
      value: storefrontPublisherPolicy(this, 'StorefrontPublisher', this.bus).managedPolicyArn,
      description: "Attach to the storefront's publisher: PutEvents on the bus under any source but rekindle and aws.*",
    });
    new CfnOutput(this, 'AdminUrl', { value: adminUrl.url, description: 'Admin API (IAM-authenticated Function URL)' });
    new CfnOutput(this, 'UnsubscribeUrl', {
      value: this.unsubscribe.url,
      description: 'Public base of unsubscribe links (<url>u/<token>); the default UNSUBSCRIBE_URL of the senders',
    });
    new CfnOutput(this, 'InboundRepliesTopic', {
      value: this.inbound.topic.topicArn,
      description: 'Two-way SMS channel and WhatsApp event destination: customer replies (STOP) go here',
    });
    new CfnOutput(this, 'AlarmTopic', {
      value: this.alarms.topic.topicArn,
      description: 'Every alarm notifies this topic (rekindle:alarmEmail is subscribed); add other subscribers here',
    });
  }
}
