import { CfnResource, Duration, Stack, TimeZone, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Schedule, ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Construct } from 'constructs';
import { DeadLetterQueue } from './dead-letter-queue.js';
import type { LifecycleSettings } from './lifecycle-settings.js';
import type { Messaging } from './messaging.js';
import { RekindleFunction } from './rekindle-function.js';

/** The periodic sweeps (EventBridge Scheduler -> function); locally the same jobs run on the engine's clock. */
export const sweeps = [
  {
    id: 'LoyaltySweep',
    entry: 'functions/loyalty-sweep/handler.ts',
    description: 'Expires points, sends expiry reminders and reviews tiers of the accounts due now',
    schedule: ScheduleExpression.rate(Duration.minutes(5)),
    workflowFiles: false,
  },
  {
    id: 'WorkflowTimers',
    entry: 'functions/workflow-timers/handler.ts',
    description: 'Wakes the workflow enrollments whose wait is over; completes steps a crash interrupted',
    schedule: ScheduleExpression.rate(Duration.minutes(1)),
    workflowFiles: true,
  },
  {
    id: 'InactivitySweep',
    entry: 'functions/inactivity-sweep/handler.ts',
    description: 'Announces Customer Became Inactive for the customers crossing a threshold on the days not swept yet',
    // Just after midnight UTC, so the day that ended is swept at once; the quarter hour lets that day's last events
    // (retried deliveries, a slow handler) land first, so a customer active at 23:59 is not announced as silent.
    schedule: ScheduleExpression.cron({ minute: '15', hour: '0', timeZone: TimeZone.ETC_UTC }),
    workflowFiles: false,
    settings: 'inactivitySweep',
  },
  {
    id: 'CartSweep',
    entry: 'functions/cart-sweep/handler.ts',
    description: 'Announces Cart Abandoned for the carts left without an order past CART_ABANDONED_AFTER',
    schedule: ScheduleExpression.rate(Duration.minutes(1)),
    workflowFiles: false,
  },
  {
    id: 'MessageSweep',
    entry: 'functions/message-sweep/handler.ts',
    description: 'Sends the messages quiet hours held, once their window opens in the customer time zone',
    schedule: ScheduleExpression.rate(Duration.minutes(1)),
    workflowFiles: true,
  },
] as const;

export interface SchedulesProps {
  readonly table: ITable;
  readonly bus: IEventBus;
  readonly key: IKey;
  /** For the functions that run workflows (they send messages). */
  readonly messaging: Messaging;
  /** The thresholds from CDK context, as the environment of the sweeps that read them. */
  readonly lifecycle: LifecycleSettings;
}

/** One function and one schedule per sweep; a failed invocation is retried, then parked in an encrypted DLQ. */
export class Schedules extends Construct {
  readonly functions = new Map<string, RekindleFunction>();

  constructor(scope: Construct, id: string, props: SchedulesProps) {
    super(scope, id);
    for (const sweep of sweeps) {
      const fn = new RekindleFunction(this, sweep.id, {
        entry: sweep.entry,
        description: sweep.description,
        serviceName: sweep.id,
        table: props.table,
        tableAccess: 'readWrite',
        eventBus: props.bus,
        putEvents: true,
        logKey: props.key,
        timeout: Duration.minutes(5),
        runsWorkflows: sweep.workflowFiles ? props.messaging : undefined,
        ...('settings' in sweep ? { environment: props.lifecycle[sweep.settings] } : {}),
      });
      const dlq = new DeadLetterQueue(this, `${sweep.id}Dlq`, { key: props.key, purpose: `${sweep.id} runs` });
      new Schedule(this, `${sweep.id}Schedule`, {
        description: sweep.description,
        schedule: sweep.schedule,
        target: new LambdaInvoke(fn.fn, { deadLetterQueue: dlq.queue, retryAttempts: 2 }),
      });
      this.functions.set(sweep.id, fn);
      // The scheduler's role (created by LambdaInvoke at stack level) may invoke this one function, `Arn` and `Arn:*`.
      const cfn = fn.fn.node.defaultChild;
      if (cfn instanceof CfnResource) {
        Validations.of(Stack.of(this)).acknowledge({
          id: `AwsSolutions-IAM5[Resource::<${Stack.of(this).resolve(cfn.logicalId)}.Arn>:*]`,
          reason: `EventBridge Scheduler's role may invoke only the ${sweep.id} function (any version or alias).`,
        });
      }
    }
  }
}
