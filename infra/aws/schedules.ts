import { CfnResource, Duration, Stack, TimeZone, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Schedule, ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Construct } from 'constructs';
import { type SweepSchedule, sweepFunctions } from '../../shared/platform/routing.js';
import { DeadLetterQueue } from './dead-letter-queue.js';
import type { LifecycleSettings } from './lifecycle-settings.js';
import type { Messaging } from './messaging.js';
import { RekindleFunction } from './rekindle-function.js';

/** A sweep's schedule as EventBridge Scheduler takes it. */
function expressionOf(schedule: SweepSchedule): ScheduleExpression {
  if ('everyMinutes' in schedule) return ScheduleExpression.rate(Duration.minutes(schedule.everyMinutes));
  const { hour, minute } = schedule.dailyUtc;
  return ScheduleExpression.cron({ minute: String(minute), hour: String(hour), timeZone: TimeZone.ETC_UTC });
}

/** `loyalty-sweep` -> `LoyaltySweep`: the construct id (and logical id prefix) of a sweep. */
const constructId = (name: string): string =>
  name.replace(/(^|-)([a-z])/g, (_match: string, _dash: string, letter: string) => letter.toUpperCase());

/** The sweeps of the entry-point table, as the stack builds them: construct id and Scheduler expression. */
export const sweeps = Object.entries(sweepFunctions).map(([name, spec]) => ({
  ...spec,
  name,
  id: constructId(name),
  schedule: expressionOf(spec.schedule),
}));

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
        serviceName: sweep.name,
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
