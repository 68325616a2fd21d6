import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import type { Context } from 'aws-lambda';
import { vi } from 'vitest';
import cdkJson from '../../cdk.json' with { type: 'json' };
import { repoRoot } from '../../infra/aws/paths.js';
import { RekindleFunction } from '../../infra/aws/rekindle-function.js';
import { RekindleStack } from '../../infra/aws/stack.js';
import { localContext } from '../../infra/local/bus.js';
import { deployContext } from './deploy-context.js';
import { copyShippedWorkflows } from './shipped-workflows.js';

/**
 * The Lambda entries (`functions/<name>/handler.ts`) as the CDK stack deploys them: each function's environment is
 * read from the real stack (constructed, not synthesized: no bundling), its tokens (table, bus, secret, configuration
 * set, Function URL) stood in for by the local servers, plus what Lambda itself sets. A handler is imported fresh
 * under that environment and invoked under it; process.env is put back after each import and each invocation.
 */

/** Where each entry's function is in the stack; the folder name under functions/ is the key. */
const inStack: Readonly<Record<string, (stack: RekindleStack) => RekindleFunction | undefined>> = {
  track: (s) => s.eventRoutes.functions.get('track'),
  loyalty: (s) => s.eventRoutes.functions.get('loyalty'),
  workflow: (s) => s.eventRoutes.functions.get('workflow'),
  purge: (s) => s.eventRoutes.functions.get('purge'),
  engagement: (s) => s.eventRoutes.functions.get('engagement'),
  'loyalty-sweep': (s) => s.schedules.functions.get('LoyaltySweep'),
  'workflow-timers': (s) => s.schedules.functions.get('WorkflowTimers'),
  'inactivity-sweep': (s) => s.schedules.functions.get('InactivitySweep'),
  'cart-sweep': (s) => s.schedules.functions.get('CartSweep'),
  'message-sweep': (s) => s.schedules.functions.get('MessageSweep'),
  'segments-sweep': (s) => s.schedules.functions.get('SegmentsSweep'),
  admin: (s) => s.admin,
  unsubscribe: (s) => s.unsubscribe.function,
  inbound: (s) => s.inbound.function,
};

/** The entries this deployment knows (folder names under functions/). */
export const deployedEntries: readonly string[] = Object.keys(inStack);

export const region = 'eu-west-1';
export const unsubscribeSecretArn = `arn:aws:secretsmanager:${region}:123456789012:secret:RekindleUnsubscribe-AbCdEf`;
/** The unsubscribe function's URL, as Lambda would name it. */
export const unsubscribeFunctionUrl = `https://unsubscribe4f15e666.lambda-url.${region}.on.aws/`;
export const configurationSetName = 'MessagingConfigurationSet-local';
/** A shop that texts: `-c rekindle:smsOriginationIdentity=...` gives the senders SMS_ORIGINATION_IDENTITY. */
export const smsOriginationIdentity = '+15550100000';

/** The folders under functions/ that hold a handler.ts. */
export function handlerFolders(): string[] {
  const dir = join(repoRoot, 'functions');
  return readdirSync(dir)
    .filter((name) => existsSync(join(dir, name, 'handler.ts')))
    .sort();
}

export interface Deployment {
  readonly stack: RekindleStack;
  /** Every RekindleFunction the stack creates. */
  readonly functions: readonly RekindleFunction[];
  /** The entry's function in the stack; throws for an entry the stack does not deploy. */
  variables(name: string): Readonly<Record<string, unknown>>;
}

/** The stack as `cdk deploy` builds it from cdk.json (bundling off: only the construct tree is read). */
export function deployment(): Deployment {
  const app = new App({
    context: {
      ...cdkJson.context,
      ...deployContext,
      'aws:cdk:bundling-stacks': [],
      'rekindle:smsOriginationIdentity': smsOriginationIdentity,
    },
  });
  const stack = new RekindleStack(app, 'Rekindle');
  const functions = stack.node.findAll().filter((c): c is RekindleFunction => c instanceof RekindleFunction);
  return {
    stack,
    functions,
    variables(name) {
      const fn = inStack[name]?.(stack);
      const cfn = fn?.fn.node.defaultChild;
      if (!(cfn instanceof CfnFunction)) throw new Error(`the stack deploys no function from functions/${name}`);
      const resolved: unknown = stack.resolve(cfn.environment);
      const variables = (resolved as { variables?: Record<string, unknown> } | undefined)?.variables;
      return variables ?? {};
    },
  };
}

/** The local servers the functions' SDK clients are pointed at. */
export interface LocalEndpoints {
  readonly table: string;
  readonly dynamodb: string;
  readonly eventbridge: string;
  readonly ses: string;
  readonly sms: string;
  readonly secrets: string;
}

/**
 * The function's environment: the stack's variables with their tokens replaced by the local stand-ins (a token
 * this cannot stand in for fails, naming the variable), what Lambda sets, and the local endpoints.
 */
export function functionEnvironment(d: Deployment, name: string, local: LocalEndpoints): Record<string, string> {
  const { stack } = d;
  const standIns = new Map<string, string>([
    [JSON.stringify(stack.resolve(stack.table.tableName)), local.table],
    [JSON.stringify(stack.resolve(stack.bus.eventBusName)), 'rekindle'],
    [JSON.stringify(stack.resolve(stack.unsubscribe.secret.secretArn)), unsubscribeSecretArn],
    [JSON.stringify(stack.resolve(stack.unsubscribe.url)), unsubscribeFunctionUrl],
    [JSON.stringify(stack.resolve(stack.messaging.configurationSet.configurationSetName)), configurationSetName],
  ]);
  const variables = d.variables(name);
  const fromStack: Record<string, string> = Object.fromEntries(
    Object.entries(variables).map(([key, value]) => {
      if (typeof value === 'string') return [key, value];
      const standIn = standIns.get(JSON.stringify(value));
      if (standIn === undefined) throw new Error(`${name}: no local stand-in for ${key} = ${JSON.stringify(value)}`);
      return [key, standIn];
    }),
  );
  // A function that runs workflows (the one given the messaging environment, see RekindleFunction) is deployed with
  // workflows/ beside its bundle, where it looks by default; from source, a copy of the shipped files stands in.
  const shipped = 'EMAIL_FROM' in variables ? copyShippedWorkflows() : null;
  const files: Record<string, string> = shipped
    ? { WORKFLOWS_DIR: shipped, TEMPLATES_DIR: join(shipped, 'templates') }
    : {};
  return {
    ...lambdaVariables(`Rekindle-${name}`),
    // No shared config or credentials files on Lambda: the developer's ~/.aws must not take part.
    AWS_CONFIG_FILE: join(tmpdir(), 'rekindle-no-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(tmpdir(), 'rekindle-no-aws-credentials'),
    DYNAMODB_ENDPOINT: local.dynamodb,
    EVENTBRIDGE_ENDPOINT: local.eventbridge,
    AWS_ENDPOINT_URL_SESV2: local.ses,
    AWS_ENDPOINT_URL_PINPOINT_SMS_VOICE_V2: local.sms,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: local.secrets,
    ...files,
    ...fromStack,
  };
}

/** What the Lambda runtime sets for every function (the execution role's credentials are stand-ins). */
function lambdaVariables(functionName: string): Record<string, string> {
  return {
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    AWS_ACCESS_KEY_ID: 'ASIALOCALSTANDIN',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_SESSION_TOKEN: 'local',
    AWS_LAMBDA_FUNCTION_NAME: functionName,
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '256',
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
    LAMBDA_TASK_ROOT: '/var/task',
    LANG: 'en_US.UTF-8',
    TZ: ':UTC',
  };
}

/** The test runner's own variables survive the swap (its workers read them); nothing else of this process does. */
const runnerVariable = /^(VITEST|TINYPOOL|NODE_V8_COVERAGE$|PATH$)/;

/** Runs `work` with process.env holding exactly `environment` (and the runner's own), then puts it back. */
async function withEnvironment<T>(environment: Record<string, string>, work: () => Promise<T>): Promise<T> {
  const saved = { ...process.env };
  for (const key of Object.keys(process.env)) if (!runnerVariable.test(key)) delete process.env[key];
  Object.assign(process.env, environment);
  try {
    return await work();
  } finally {
    for (const key of Object.keys(process.env)) delete process.env[key];
    Object.assign(process.env, saved);
  }
}

export type Invoke = (event: unknown) => Promise<unknown>;

/**
 * A cold start of `functions/<name>/handler.ts`: imported fresh (module-scope config and clients built from the
 * environment), then each invocation runs under the same environment with a Lambda context.
 */
export async function coldStart(name: string, environment: Record<string, string>): Promise<Invoke> {
  const handler = await withEnvironment(environment, async () => {
    vi.resetModules();
    const module: { handler?: unknown } = await import(`../../functions/${name}/handler.ts`);
    return module.handler;
  });
  if (typeof handler !== 'function') throw new Error(`functions/${name}/handler.ts exports no handler function`);
  const lambda = handler as (event: unknown, context: Context) => Promise<unknown>;
  const functionName = environment.AWS_LAMBDA_FUNCTION_NAME ?? name;
  return (event) => withEnvironment(environment, () => lambda(event, localContext(functionName, randomUUID())));
}
