import { Duration } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { CfnRule, EventBus, type IEventBus } from 'aws-cdk-lib/aws-events';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { Construct } from 'constructs';
import { type EventPattern, validatePattern } from '../../shared/platform/eventbridge/pattern.js';
import { type EventFunctionName, eventFunctions, type Route, routes } from '../../shared/platform/routing.js';
import { DeadLetterQueue } from './dead-letter-queue.js';
import type { Messaging } from './messaging.js';
import { RekindleFunction } from './rekindle-function.js';

export interface EventRoutesProps {
  readonly table: ITable;
  readonly bus: IEventBus;
  readonly key: IKey;
  /** For the functions that run workflows (they send messages). */
  readonly messaging: Messaging;
}

/**
 * The routing table on AWS: one function per `eventFunctions` entry and one EventBridge rule per route.
 * Two failure paths, each parked in its own encrypted, alarmed queue:
 * - delivery (EventBridge could not invoke the function): the rule target's DLQ, one per route;
 * - processing (the function failed after its retries): the function's on-failure destination, one per function.
 */
export class EventRoutes extends Construct {
  readonly functions = new Map<EventFunctionName, RekindleFunction>();
  readonly rules = new Map<string, CfnRule>();

  constructor(scope: Construct, id: string, props: EventRoutesProps) {
    super(scope, id);
    const defaultBus = EventBus.fromEventBusName(this, 'DefaultBus', 'default');
    const names = Object.keys(eventFunctions).filter((name): name is EventFunctionName => name in eventFunctions);
    for (const name of names) this.functions.set(name, this.createEventFunction(name, props));
    for (const route of routes) {
      const target = this.functions.get(route.target);
      if (!target) throw new Error(`Route ${route.id}: unknown target function '${route.target}'`);
      this.rules.set(route.id, this.createRule(route, route.bus === 'default' ? defaultBus : props.bus, target, props));
    }
  }

  private createEventFunction(name: EventFunctionName, props: EventRoutesProps): RekindleFunction {
    const { entry, description, publishes, workflowFiles } = eventFunctions[name];
    const id = `${name.charAt(0).toUpperCase()}${name.slice(1)}`;
    const fn = new RekindleFunction(this, id, {
      entry,
      description,
      serviceName: name,
      table: props.table,
      tableAccess: 'readWrite',
      eventBus: props.bus,
      putEvents: publishes,
      runsWorkflows: workflowFiles ? props.messaging : undefined,
      logKey: props.key,
    });
    const dlq = new DeadLetterQueue(this, `${id}FailureDlq`, {
      key: props.key,
      purpose: `the ${name} function's failed invocations`,
    });
    const policy = asyncPolicy(name);
    fn.fn.configureAsyncInvoke({
      retryAttempts: policy.retryAttempts,
      maxEventAge: Duration.seconds(policy.maxEventAgeSeconds),
      // The invocation record keeps the event (requestPayload) with the error (responsePayload).
      onFailure: new SqsDestination(dlq.queue),
    });
    return fn;
  }

  private createRule(route: Route, bus: IEventBus, target: RekindleFunction, props: EventRoutesProps): CfnRule {
    if (!/^[A-Za-z0-9]+$/.test(route.id)) throw new Error(`Route id '${route.id}' must be alphanumeric`);
    const pattern = checkedPattern(route);
    const dlq = new DeadLetterQueue(this, `${route.id}DeliveryDlq`, {
      key: props.key,
      purpose: `events of route ${route.id} that EventBridge could not deliver`,
    });
    const rule = new CfnRule(this, route.id, {
      description: `Rekindle route ${route.id} -> ${route.target}`,
      eventBusName: bus.eventBusName,
      // The routing table's JSON pattern, verbatim: the local bus matches with exactly the same pattern.
      eventPattern: pattern,
      state: 'ENABLED',
      targets: [
        {
          id: route.target,
          arn: target.fn.functionArn,
          retryPolicy: {
            maximumRetryAttempts: route.retryAttempts,
            maximumEventAgeInSeconds: route.maxEventAgeSeconds,
          },
          deadLetterConfig: { arn: dlq.queue.queueArn },
        },
      ],
    });
    // routing.ts: the route id is the rule's logical id.
    rule.overrideLogicalId(route.id);

    target.fn.addPermission(`InvokedBy${route.id}`, {
      principal: new ServicePrincipal('events.amazonaws.com'),
      sourceArn: rule.attrArn,
    });
    dlq.queue.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('events.amazonaws.com')],
        actions: ['sqs:SendMessage'],
        resources: [dlq.queue.queueArn],
        conditions: { ArnEquals: { 'aws:SourceArn': rule.attrArn } },
      }),
    );
    return rule;
  }
}

/** Fails the synth, not the deployment, on a pattern EventBridge would reject. */
function checkedPattern(route: Route): EventPattern {
  try {
    return validatePattern(route.pattern);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Route ${route.id}: invalid event pattern: ${reason}`, { cause: error });
  }
}

/** Lambda keeps one asynchronous-invocation policy per function, so every route to a function must agree on it. */
function asyncPolicy(name: EventFunctionName): { retryAttempts: number; maxEventAgeSeconds: number } {
  const targeting = routes.filter((route) => route.target === name);
  const [first, ...others] = targeting;
  if (!first) return { retryAttempts: 2, maxEventAgeSeconds: 6 * 60 * 60 }; // Lambda's defaults, made explicit
  const disagreeing = others.find(
    (route) => route.retryAttempts !== first.retryAttempts || route.maxEventAgeSeconds !== first.maxEventAgeSeconds,
  );
  if (disagreeing) {
    throw new Error(
      `Routes ${first.id} and ${disagreeing.id} both target '${name}' with different retryAttempts/maxEventAgeSeconds; ` +
        'a Lambda function has one asynchronous-invocation policy: make them equal',
    );
  }
  return { retryAttempts: first.retryAttempts, maxEventAgeSeconds: first.maxEventAgeSeconds };
}
