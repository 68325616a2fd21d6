import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { archiveRetention, rekindleBusName } from '../../infra/aws/event-bus.js';
import type { RekindleFunction } from '../../infra/aws/rekindle-function.js';
import { sweeps } from '../../infra/aws/schedules.js';
import { type EventFunctionName, eventFunctions, routes } from '../../shared/platform/routing.js';
import { tableDefinition } from '../../shared/platform/table.js';
import { type CfnResource, deployContext, ofType, props, refId, synthRekindle } from './synth.js';

const { app, stack, template, resources } = synthRekindle();

const id = (token: string): string => refId(stack.resolve(token));
const keyArn = stack.resolve(stack.key.keyArn);
const eventFunctionNames = Object.keys(eventFunctions) as EventFunctionName[];
const eventFunction = (name: EventFunctionName): RekindleFunction => {
  const fn = stack.eventRoutes.functions.get(name);
  if (!fn) throw new Error(`no function ${name}`);
  return fn;
};
function sweepFunction(id: string): RekindleFunction {
  const fn = stack.schedules.functions.get(id);
  if (!fn) throw new Error(`no sweep function ${id}`);
  return fn;
}
const allFunctions: [string, RekindleFunction][] = [
  ...eventFunctionNames.map((name): [string, RekindleFunction] => [name, eventFunction(name)]),
  ['admin', stack.admin],
  ['unsubscribe', stack.unsubscribe.function],
  // By their names in the entry-point table (the service each logs as).
  ...sweeps.map(({ id, name }): [string, RekindleFunction] => [name, sweepFunction(id)]),
  ['inbound', stack.inbound.function],
];
/** The functions deployed with `workflows/` and the messaging environment: they send messages. */
const senders = new Set(['workflow', 'workflow-timers', 'message-sweep']);
const resource = (logicalId: string): CfnResource => {
  const r = resources[logicalId];
  if (!r) throw new Error(`no resource ${logicalId}`);
  return r;
};

describe('table', () => {
  it('is built from tableDefinition: keys, on-demand, PITR, the CMK, deletion protection, retained', () => {
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        KeySchema: [
          { AttributeName: tableDefinition.partitionKey, KeyType: 'HASH' },
          { AttributeName: tableDefinition.sortKey, KeyType: 'RANGE' },
        ],
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: keyArn },
        DeletionProtectionEnabled: true,
      }),
    });
    expect(ofType(resources, 'AWS::DynamoDB::Table')).toHaveLength(1);
  });

  it('has the LSI and the sparse, keys-only GSIs of tableDefinition, all attributes strings', () => {
    const table = props(resource(id(stack.table.tableName)));
    const lsi = tableDefinition.localIndexes.map((i) => ({
      IndexName: i.name,
      KeySchema: [
        { AttributeName: tableDefinition.partitionKey, KeyType: 'HASH' },
        { AttributeName: i.sortKey, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    }));
    const gsi = tableDefinition.globalIndexes.map((i) => ({
      IndexName: i.name,
      KeySchema: [
        { AttributeName: i.partitionKey, KeyType: 'HASH' },
        { AttributeName: i.sortKey, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'KEYS_ONLY' }, // as the local engine's: sweeps read keys, then the item
    }));
    expect(table.LocalSecondaryIndexes).toEqual(lsi);
    expect(table.GlobalSecondaryIndexes).toEqual(gsi);
    const attributes = table.AttributeDefinitions as { AttributeName: string; AttributeType: string }[];
    expect(new Set(attributes.map((a) => a.AttributeType))).toEqual(new Set(['S']));
    expect(attributes.map((a) => a.AttributeName).sort()).toEqual([
      'activeDay',
      'dueAt',
      'dueShard',
      'orderDay',
      'pk',
      'sk',
      'tlSort',
    ]);
  });
});

describe('PII key', () => {
  it('rotates, is retained, and lets CloudWatch Logs and EventBridge (DLQs) use it', () => {
    template.hasResource('AWS::KMS::Key', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        EnableKeyRotation: true,
        KeyPolicy: Match.objectLike({
          Statement: Match.arrayWith([
            Match.objectLike({
              Sid: 'CloudWatchLogsEncryptLogGroups',
              Principal: { Service: { 'Fn::Join': ['', ['logs.', { Ref: 'AWS::Region' }, '.amazonaws.com']] } },
              Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': Match.anyValue() } },
            }),
            Match.objectLike({
              Sid: 'EventBridgeWriteTargetDeadLetterQueues',
              Principal: { Service: 'events.amazonaws.com' },
              Condition: { ArnLike: { 'aws:SourceArn': Match.anyValue() } },
            }),
          ]),
        }),
      }),
    });
  });
});

describe('event bus', () => {
  it(`is named ${rekindleBusName} and archives (encrypted with the PII key) every event of the account for ${archiveRetention.toDays()} days`, () => {
    template.hasResourceProperties('AWS::Events::EventBus', { Name: rekindleBusName });
    template.hasResourceProperties('AWS::Events::Archive', {
      SourceArn: stack.resolve(stack.bus.eventBusArn),
      KmsKeyIdentifier: keyArn,
      EventPattern: { account: [{ Ref: 'AWS::AccountId' }] },
      RetentionDays: 365,
    });
  });

  it("lets the stack's functions put only source rekindle, and gives storefronts a policy for any source but that", () => {
    const busArn = stack.resolve(stack.bus.eventBusArn);
    const putEvents = ofType(resources, 'AWS::IAM::Policy')
      .flatMap(
        ([, r]) => (props(r).PolicyDocument as { Statement: { Action: unknown; Condition?: unknown }[] }).Statement,
      )
      .filter((statement) => JSON.stringify(statement.Action).includes('events:PutEvents'));
    expect(putEvents.length).toBeGreaterThan(0);
    for (const statement of putEvents) {
      expect(statement).toMatchObject({
        Effect: 'Allow',
        Action: 'events:PutEvents',
        Resource: busArn,
        Condition: { StringEquals: { 'events:source': 'rekindle' } },
      });
    }
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: [
          {
            Effect: 'Allow',
            Action: 'events:PutEvents',
            Resource: busArn,
            Condition: { StringNotLike: { 'events:source': ['rekindle', 'aws.*'] } },
          },
        ],
      },
    });
    template.hasOutput('StorefrontPublisherPolicy', {});
  });
});

describe.each(routes.map((route) => [route.id, route] as const))('route %s', (routeId, route) => {
  const rule = props(resource(routeId));
  const target = (rule.Targets as Record<string, unknown>[])[0] ?? {};
  const fn = eventFunction(route.target);

  it('is an EventBridge rule (logical id = route id) on the right bus', () => {
    expect(resource(routeId).Type).toBe('AWS::Events::Rule');
    const bus = route.bus === 'default' ? 'default' : stack.resolve(stack.bus.eventBusName);
    expect(rule.EventBusName).toEqual(bus);
    expect(rule.State).toBe('ENABLED');
  });

  it("has exactly the routing table's event pattern", () => {
    expect(rule.EventPattern).toEqual(route.pattern);
  });

  it("targets the route's function with its retry policy and a delivery DLQ EventBridge may write to", () => {
    expect(rule.Targets).toHaveLength(1);
    expect(target.Arn).toEqual(stack.resolve(fn.fn.functionArn));
    expect(target.RetryPolicy).toEqual({
      MaximumRetryAttempts: route.retryAttempts,
      MaximumEventAgeInSeconds: route.maxEventAgeSeconds,
    });
    const dlqId = refId((target.DeadLetterConfig as { Arn: unknown }).Arn);
    expect(props(resource(dlqId)).KmsMasterKeyId).toEqual(keyArn);
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: dlqId }],
      PolicyDocument: Match.objectLike({
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'events.amazonaws.com' },
            Action: 'sqs:SendMessage',
            Condition: { ArnEquals: { 'aws:SourceArn': { 'Fn::GetAtt': [routeId, 'Arn'] } } },
          }),
        ]),
      }),
    });
  });

  it('may invoke the function (and only from this rule)', () => {
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      FunctionName: stack.resolve(fn.fn.functionArn),
      Principal: 'events.amazonaws.com',
      SourceArn: { 'Fn::GetAtt': [routeId, 'Arn'] },
    });
  });
});

describe.each(allFunctions)('function %s', (name, fn) => {
  const fnId = id(fn.fn.functionName);
  const p = props(resource(fnId));

  it('runs Node.js 24 on arm64 with tracing, 256 MB, the bundled ESM handler', () => {
    expect(p.Runtime).toBe('nodejs24.x');
    expect(p.Architectures).toEqual(['arm64']);
    expect(p.MemorySize).toBe(256);
    expect(p.TracingConfig).toEqual({ Mode: 'Active' });
    expect(p.Handler).toBe('index.handler');
  });

  it('gets the table, the bus, its service name and source maps (and, to run workflows, messaging) from the environment', () => {
    const runsWorkflows = senders.has(name);
    const unsubscribeKeys = { UNSUBSCRIBE_SECRET_ARN: stack.resolve(stack.unsubscribe.secret.secretArn) };
    expect((p.Environment as { Variables: unknown }).Variables).toEqual({
      TABLE_NAME: stack.resolve(stack.table.tableName),
      EVENT_BUS_NAME: stack.resolve(stack.bus.eventBusName),
      POWERTOOLS_SERVICE_NAME: `rekindle-${name}`,
      NODE_OPTIONS: '--enable-source-maps',
      ...(runsWorkflows
        ? {
            EMAIL_FROM: 'Shop <hello@shop.example>',
            SHOP_CURRENCY: 'SAR',
            // By default, links point at the unsubscribe function's public URL.
            UNSUBSCRIBE_URL: stack.resolve(stack.unsubscribe.url),
            ...unsubscribeKeys,
            SES_CONFIGURATION_SET: stack.resolve(stack.messaging.configurationSet.configurationSetName),
          }
        : {}),
      ...(name === 'unsubscribe' ? unsubscribeKeys : {}),
      // The lifecycle thresholds from CDK context (defaults here), to the functions that read them.
      ...(name === 'track' ? { CART_ABANDONED_AFTER: 'PT1H' } : {}),
      ...(name === 'inactivity-sweep'
        ? { INACTIVITY_DAYS: '30,60,90', NO_PURCHASE_DAYS: '90,180', INACTIVITY_CATCH_UP_DAYS: '30' }
        : {}),
    });
  });

  it('logs to its own log group, encrypted with the PII key, with a retention', () => {
    const logGroupId = refId((p.LoggingConfig as { LogGroup: unknown }).LogGroup);
    expect(props(resource(logGroupId))).toEqual(expect.objectContaining({ RetentionInDays: 30, KmsKeyId: keyArn }));
  });

  it('has its own role, with no managed policy (no AWSLambdaBasicExecutionRole)', () => {
    const role = props(resource(refId(p.Role)));
    expect(role.ManagedPolicyArns).toBeUndefined();
  });
});

describe('messaging', () => {
  it('sends email through a configuration set whose engagement events reach the default bus', () => {
    template.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      EventDestination: Match.objectLike({
        Enabled: true,
        MatchingEventTypes: Match.arrayWith(['delivery', 'open', 'click', 'bounce', 'complaint']),
        EventBridgeDestination: Match.objectLike({ EventBusArn: Match.anyValue() }),
      }),
    });
  });

  it('lets only the workflow functions send, from the sender identity with that configuration set', () => {
    const sendingPolicies = Object.entries(template.findResources('AWS::IAM::Policy')).filter(([, r]) =>
      JSON.stringify(r).includes('ses:SendEmail'),
    );
    expect(sendingPolicies).toHaveLength(senders.size);
    for (const [, policy] of sendingPolicies) {
      const text = JSON.stringify(policy);
      expect(text).toContain(':identity/shop.example');
      expect(text).toContain(':identity/hello@shop.example');
      expect(text).not.toContain(':identity/*');
    }
  });
});

describe.each(eventFunctionNames)('event function %s', (name) => {
  const fn = eventFunction(name);
  const targeting = routes.filter((route) => route.target === name);

  it("has the routes' async-invocation policy and parks failures in its own encrypted DLQ", () => {
    const [, config] = ofType(resources, 'AWS::Lambda::EventInvokeConfig').find(
      ([, r]) => refId(props(r).FunctionName) === id(fn.fn.functionName),
    ) ?? [undefined, undefined];
    const c = props(config);
    expect(targeting.length).toBeGreaterThan(0);
    for (const route of targeting) {
      expect(c.MaximumRetryAttempts).toBe(route.retryAttempts);
      expect(c.MaximumEventAgeInSeconds).toBe(route.maxEventAgeSeconds);
    }
    const dlqId = refId((c.DestinationConfig as { OnFailure: { Destination: unknown } }).OnFailure.Destination);
    expect(resource(dlqId).Type).toBe('AWS::SQS::Queue');
    expect(props(resource(dlqId)).KmsMasterKeyId).toEqual(keyArn);
  });
});

describe('dead-letter queues', () => {
  const queues = ofType(resources, 'AWS::SQS::Queue');

  it('one per route (delivery), one per event function (processing), one per sweep schedule, one for replies', () => {
    expect(queues).toHaveLength(routes.length + eventFunctionNames.length + sweeps.length + 1);
  });

  it.each(queues.map(([queueId]) => queueId))('%s is KMS-encrypted, TLS-only and alarmed', (queueId) => {
    expect(props(resource(queueId)).KmsMasterKeyId).toEqual(keyArn);
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: queueId }],
      PolicyDocument: Match.objectLike({
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      }),
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId, 'QueueName'] } }],
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 0,
      EvaluationPeriods: 1,
      TreatMissingData: 'notBreaching',
    });
  });
});

describe('inbound replies', () => {
  const topicId = id(stack.inbound.topic.topicArn);

  it('arrive on an SNS topic encrypted with the PII key, which SMS and WhatsApp of this account may publish to', () => {
    expect(props(resource(topicId)).KmsMasterKeyId).toEqual(keyArn);
    for (const service of ['sms-voice.amazonaws.com', 'social-messaging.amazonaws.com']) {
      template.hasResourceProperties('AWS::SNS::TopicPolicy', {
        Topics: [{ Ref: topicId }],
        PolicyDocument: Match.objectLike({
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Allow',
              Principal: { Service: service },
              Action: 'sns:Publish',
              Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
            }),
          ]),
        }),
      });
    }
  });

  it('reach the inbound function, whose failures are retried twice and parked in an encrypted DLQ', () => {
    const fnArn = stack.resolve(stack.inbound.function.fn.functionArn);
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'lambda',
      TopicArn: { Ref: topicId },
      Endpoint: fnArn,
    });
    const [, config] =
      ofType(resources, 'AWS::Lambda::EventInvokeConfig').find(
        ([, r]) => refId(props(r).FunctionName) === id(stack.inbound.function.fn.functionName),
      ) ?? [];
    const c = props(config);
    expect(c.MaximumRetryAttempts).toBe(2);
    const dlqId = refId((c.DestinationConfig as { OnFailure: { Destination: unknown } }).OnFailure.Destination);
    expect(props(resource(dlqId)).KmsMasterKeyId).toEqual(keyArn);
  });
});

describe('Function URLs', () => {
  const urls = ofType(resources, 'AWS::Lambda::Url').map(([, r]) => props(r));

  it('two: the admin API with IAM auth, the unsubscribe links public', () => {
    expect(urls).toHaveLength(2);
    template.hasResourceProperties('AWS::Lambda::Url', {
      AuthType: 'AWS_IAM',
      TargetFunctionArn: stack.resolve(stack.admin.fn.functionArn),
    });
    template.hasResourceProperties('AWS::Lambda::Url', {
      AuthType: 'NONE',
      TargetFunctionArn: stack.resolve(stack.unsubscribe.function.fn.functionArn),
    });
    // Anyone may call the unsubscribe URL (mail clients post without credentials), and only that URL.
    const publicInvokes = ofType(resources, 'AWS::Lambda::Permission')
      .map(([, r]) => props(r))
      .filter((p) => p.Principal === '*');
    expect(publicInvokes.length).toBeGreaterThan(0);
    for (const p of publicInvokes) {
      expect(p.FunctionName).toEqual(stack.resolve(stack.unsubscribe.function.fn.functionArn));
      if (p.Action === 'lambda:InvokeFunctionUrl') expect(p.FunctionUrlAuthType).toBe('NONE');
    }
  });
});

describe('unsubscribe endpoint', () => {
  type Statement = { Action: string | string[]; Resource: unknown; Condition?: unknown };
  const statementsOf = (fn: RekindleFunction): Statement[] =>
    ofType(resources, 'AWS::IAM::Policy')
      .filter(([, r]) => (props(r).Roles as unknown[]).some((role) => refId(role) === id(fn.role.roleName)))
      .flatMap(([, r]) => (props(r).PolicyDocument as { Statement: Statement[] }).Statement);
  const secretArn = stack.resolve(stack.unsubscribe.secret.secretArn);

  it('gets and writes single CUST# and SUPPRESS# items only: no query, no delete, no index', () => {
    const dynamo = statementsOf(stack.unsubscribe.function).filter((s) =>
      JSON.stringify(s.Action).includes('dynamodb:'),
    );
    expect(dynamo).toEqual([
      {
        Effect: 'Allow',
        Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
        Resource: stack.resolve(stack.table.tableArn),
        Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['CUST#*', 'SUPPRESS#*'] } },
      },
    ]);
    expect(JSON.stringify(statementsOf(stack.unsubscribe.function))).not.toContain('events:PutEvents');
  });

  it('the signing keys: a generated secret encrypted with the PII key, readable by exactly the signers and the endpoint', () => {
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      KmsKeyId: keyArn,
      GenerateSecretString: Match.objectLike({ PasswordLength: 64, ExcludePunctuation: true }),
    });
    const readers = allFunctions
      .filter(([, fn]) => statementsOf(fn).some((s) => JSON.stringify(s).includes('secretsmanager:GetSecretValue')))
      .map(([name]) => name);
    expect(readers.sort()).toEqual(['message-sweep', 'unsubscribe', 'workflow', 'workflow-timers']);
    for (const [name] of allFunctions.filter(([n]) => readers.includes(n))) {
      const fn = allFunctions.find(([n]) => n === name)?.[1];
      const read = fn ? statementsOf(fn).find((s) => JSON.stringify(s.Action).includes('secretsmanager:')) : undefined;
      expect(read?.Resource).toEqual(secretArn);
    }
  });
});

describe('outputs', () => {
  it('give the table name, the bus name, the admin URL, the unsubscribe URL and the inbound replies topic', () => {
    template.hasOutput('TableName', { Value: stack.resolve(stack.table.tableName) });
    template.hasOutput('EventBusName', { Value: stack.resolve(stack.bus.eventBusName) });
    template.hasOutput('AdminUrl', { Value: Match.anyValue() });
    template.hasOutput('UnsubscribeUrl', { Value: stack.resolve(stack.unsubscribe.url) });
    template.hasOutput('InboundRepliesTopic', { Value: stack.resolve(stack.inbound.topic.topicArn) });
  });
});

describe('IAM', () => {
  type Statement = { Effect: string; Action: string | string[]; Resource: unknown };
  const statements = ofType(resources, 'AWS::IAM::Policy').flatMap(([policyId, r]) =>
    ((props(r).PolicyDocument as { Statement: Statement[] }).Statement ?? []).map((s) => [policyId, s] as const),
  );
  const list = (v: string | string[]) => (Array.isArray(v) ? v : [v]);
  // The acknowledged AwsSolutions-IAM5 findings (see nag.test.ts): nothing else may use a wildcard.
  const tracingActions = ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'];
  const wildcardActions = ['kms:ReEncrypt*', 'kms:GenerateDataKey*'];

  it('has no inline role policies (all statements are in the roles default policies)', () => {
    for (const [, role] of ofType(resources, 'AWS::IAM::Role')) expect(props(role).Policies).toBeUndefined();
    expect(statements.length).toBeGreaterThan(0);
  });

  it("no statement grants Action '*' or a service wildcard; only the acknowledged KMS action wildcards", () => {
    for (const [, s] of statements) {
      for (const action of list(s.Action)) {
        expect(action).not.toBe('*');
        if (action.includes('*')) expect(wildcardActions).toContain(action);
      }
    }
  });

  it("Resource '*' only for the X-Ray tracing actions, which have no resource-level permissions", () => {
    for (const [, s] of statements) {
      const res = Array.isArray(s.Resource) ? s.Resource : [s.Resource];
      if (res.includes('*')) expect([...list(s.Action)].sort()).toEqual([...tracingActions].sort());
    }
  });
});

describe('sweep schedules', () => {
  it('the inactivity sweep runs daily at 00:15 UTC, right after the day it sweeps, the segments at 01:00; the others every few minutes', () => {
    const expressions = Object.fromEntries(
      ofType(resources, 'AWS::Scheduler::Schedule').map(([, r]) => [
        props(r).Description,
        [props(r).ScheduleExpression, props(r).ScheduleExpressionTimezone],
      ]),
    );
    expect(Object.fromEntries(sweeps.map((s) => [s.id, expressions[s.description]]))).toEqual({
      LoyaltySweep: ['rate(5 minutes)', 'Etc/UTC'],
      WorkflowTimers: ['rate(1 minute)', 'Etc/UTC'],
      InactivitySweep: ['cron(15 0 * * ? *)', 'Etc/UTC'],
      CartSweep: ['rate(1 minute)', 'Etc/UTC'],
      SegmentsSweep: ['cron(0 1 * * ? *)', 'Etc/UTC'],
      MessageSweep: ['rate(1 minute)', 'Etc/UTC'],
    });
  });

  it.each(sweeps.map((s) => [s.id, s] as const))(
    '%s runs on EventBridge Scheduler with retries and a DLQ',
    (id, sweep) => {
      const fn = stack.schedules.functions.get(id);
      expect(fn).toBeDefined();
      template.hasResourceProperties('AWS::Scheduler::Schedule', {
        ScheduleExpression: sweep.schedule.expressionString,
        Target: Match.objectLike({
          Arn: stack.resolve(fn?.fn.functionArn),
          RetryPolicy: Match.objectLike({ MaximumRetryAttempts: 2 }),
          DeadLetterConfig: Match.objectLike({ Arn: Match.anyValue() }),
        }),
      });
    },
  );
});

describe('bundles', () => {
  it('every function is bundled as minified ESM with the createRequire banner and a source map', () => {
    const assets = readdirSync(app.outdir).filter((dir) => dir.startsWith('asset.'));
    expect(assets).toHaveLength(allFunctions.length);
    for (const asset of assets) {
      const code = readFileSync(join(app.outdir, asset, 'index.mjs'), 'utf8');
      expect(code.startsWith('import { createRequire as __rekindleCreateRequire }')).toBe(true);
      expect(existsSync(join(app.outdir, asset, 'index.mjs.map'))).toBe(true);
    }
  });

  it('the functions that run workflows are deployed with every workflow file and template; the others without', () => {
    const assets = readdirSync(app.outdir).filter((dir) => dir.startsWith('asset.'));
    const deployed = deployContext['rekindle:workflowsDir'];
    const shipped = readdirSync(deployed).filter((f) => f.endsWith('.workflow.json'));
    expect(shipped.length).toBeGreaterThan(0);
    const withWorkflows = assets.filter((asset) => existsSync(join(app.outdir, asset, 'workflows')));
    expect(withWorkflows).toHaveLength(senders.size); // the workflow function, the timer and message sweeps
    for (const asset of withWorkflows) {
      for (const file of shipped) expect(existsSync(join(app.outdir, asset, 'workflows', file)), file).toBe(true);
      expect(existsSync(join(app.outdir, asset, 'workflows/templates/cart-reminder/en.mjml'))).toBe(true);
    }
  });

  it('every bundle loads as an ES module under Node and exports handler', () => {
    const assets = readdirSync(app.outdir).filter((dir) => dir.startsWith('asset.'));
    const urls = assets.map((asset) => pathToFileURL(join(app.outdir, asset, 'index.mjs')).href);
    const script = `for (const url of ${JSON.stringify(urls)}) {
      const m = await import(url);
      if (typeof m.handler !== 'function') throw new Error(url + ' exports no handler');
    }`;
    const env = { PATH: process.env.PATH, TABLE_NAME: 'rekindle', EVENT_BUS_NAME: 'rekindle', AWS_REGION: 'eu-west-1' };
    expect(() =>
      execFileSync(process.execPath, ['--input-type=module', '-e', script], { env, stdio: 'pipe' }),
    ).not.toThrow();
  });
});
