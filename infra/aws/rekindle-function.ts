import { join } from 'node:path';
import { Duration, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { tableDefinition } from '../../shared/platform/table.js';
import { bundleExternals } from './bundling.js';
import { rekindleSource } from './event-bus.js';
import type { Messaging } from './messaging.js';
import { repoRoot } from './paths.js';
import { workflowsDirOf } from './workflows-dir.js';

/**
 * `read` and `readWrite`: the table and its indexes. `{ items }`: get, put and update single items (no query, no
 * delete, no index) whose partition key starts with one of the given prefixes, e.g. `CUST#` and `SUPPRESS#`.
 */
export type TableAccess = 'read' | 'readWrite' | { readonly items: readonly string[] };

export interface RekindleFunctionProps {
  /** Handler file relative to the repository root; it exports `handler`. */
  readonly entry: string;
  readonly description: string;
  /** Short name, e.g. `track`: becomes POWERTOOLS_SERVICE_NAME `rekindle-track`. */
  readonly serviceName: string;
  readonly table: ITable;
  readonly tableAccess: TableAccess;
  readonly eventBus: IEventBus;
  /** Grants events:PutEvents on the Rekindle bus only. */
  readonly putEvents?: boolean;
  /** The PII key: encrypts the function's log group. */
  readonly logKey: IKey;
  readonly timeout?: Duration;
  /**
   * The function runs workflows: `workflows/` (workflow files, templates) is deployed beside the bundle, and it
   * may send messages (the messaging environment and send permissions).
   */
  readonly runsWorkflows?: Messaging | undefined;
  /** More environment variables (e.g. the ARN of a secret the function reads at cold start). */
  readonly environment?: Readonly<Record<string, string>>;
}

// No Scan and no transactions: the design reads by key or index only and commits with single-item conditional writes.
const tableReadActions = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem'];
const tableWriteActions = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];
const itemActions = ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'];
// The same key actions the DynamoDB L2 grants use for a customer-managed table key.
const keyReadActions = ['kms:Decrypt', 'kms:DescribeKey'];
const keyWriteActions = ['kms:Encrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*'];

// ESM bundles have no `require`; some bundled CommonJS dependencies still call it.
const esmRequireBanner =
  "import { createRequire as __rekindleCreateRequire } from 'node:module'; const require = __rekindleCreateRequire(import.meta.url);";

/** Copies the marketer's files into the asset: a deploy publishes exactly the files in the folder. */
const copyWorkflowFiles = (workflowsDir: string) => ({
  beforeBundling: () => [],
  beforeInstall: () => [],
  afterBundling: (_inputDir: string, outputDir: string) => [`cp -R "${workflowsDir}" "${outputDir}/workflows"`],
});

/** Every Rekindle Lambda: Node.js 24 on arm64, bundled ESM with the SDK, its own encrypted log group and role. */
export class RekindleFunction extends Construct {
  readonly fn: NodejsFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: RekindleFunctionProps) {
    super(scope, id);
    this.logGroup = new LogGroup(this, 'Logs', { retention: RetentionDays.ONE_MONTH, encryptionKey: props.logKey });
    // An explicit role instead of AWSLambdaBasicExecutionRole: it may write only to its own log group.
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Rekindle ${props.serviceName} function`,
    });
    this.logGroup.grantWrite(this.role);

    this.fn = new NodejsFunction(this, 'Function', {
      entry: join(repoRoot, props.entry),
      handler: 'handler',
      projectRoot: repoRoot,
      depsLockFilePath: join(repoRoot, 'package-lock.json'),
      description: props.description,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: 256,
      timeout: props.timeout ?? Duration.seconds(30),
      tracing: Tracing.ACTIVE,
      role: this.role,
      logGroup: this.logGroup,
      environment: {
        TABLE_NAME: props.table.tableName,
        EVENT_BUS_NAME: props.eventBus.eventBusName,
        POWERTOOLS_SERVICE_NAME: `rekindle-${props.serviceName}`,
        NODE_OPTIONS: '--enable-source-maps',
        ...props.runsWorkflows?.environment(),
        ...props.environment,
      },
      bundling: {
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        target: 'node24',
        format: OutputFormat.ESM,
        mainFields: ['module', 'main'],
        banner: esmRequireBanner,
        bundleAwsSDK: true,
        externalModules: bundleExternals,
        ...(props.runsWorkflows ? { commandHooks: copyWorkflowFiles(workflowsDirOf(this)) } : {}),
      },
    });

    this.grantTable(props.table, props.tableAccess);
    if (props.putEvents) {
      // Rekindle's functions put Rekindle's own events only (source "rekindle"); storefronts get the opposite grant
      // (StorefrontPublisherPolicy), so neither can pass for the other.
      this.role.addToPolicy(
        new PolicyStatement({
          actions: ['events:PutEvents'],
          resources: [props.eventBus.eventBusArn],
          conditions: { StringEquals: { 'events:source': rekindleSource } },
        }),
      );
    }
    props.runsWorkflows?.grantSend(this.role);

    Validations.of(this.role).acknowledge(
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'Active tracing needs xray:PutTraceSegments/PutTelemetryRecords, which support no resource-level scoping.',
      },
      {
        id: 'AwsSolutions-IAM5[Action::kms:ReEncrypt*]',
        reason: 'Standard CDK key grant for the PII key (table and DLQ encryption); scoped to that one key ARN.',
      },
      {
        id: 'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
        reason: 'Standard CDK key grant for the PII key (table and DLQ encryption); scoped to that one key ARN.',
      },
    );
  }

  /** DynamoDB actions on the table and its named indexes only (no `index/*`), plus the table key. */
  private grantTable(table: ITable, access: TableAccess): void {
    if (typeof access === 'object') {
      this.role.addToPrincipalPolicy(
        new PolicyStatement({
          actions: itemActions,
          resources: [table.tableArn],
          conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': access.items.map((p) => `${p}*`) } },
        }),
      );
      table.encryptionKey?.grant(this.role, ...keyReadActions, ...keyWriteActions);
      return;
    }
    const indexNames = [...tableDefinition.localIndexes, ...tableDefinition.globalIndexes].map((i) => i.name);
    const actions = access === 'readWrite' ? [...tableReadActions, ...tableWriteActions] : tableReadActions;
    this.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions,
        resources: [table.tableArn, ...indexNames.map((name) => `${table.tableArn}/index/${name}`)],
      }),
    );
    table.encryptionKey?.grant(this.role, ...keyReadActions, ...(access === 'readWrite' ? keyWriteActions : []));
  }
}
