import { randomUUID } from 'node:crypto';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { LambdaFunctionURLEvent } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import type { CaptureServer } from '../../infra/local/capture-server.js';
import { ensureTable, type LocalDynamo, startDynamo } from '../../infra/local/dynamodb.js';
import { type BusEvent, type RunningServer, startEventBridgeServer } from '../../infra/local/eventbridge-server.js';
import { type LocalSes, startSes } from '../../infra/local/ses.js';
import { type CapturedSms, startSmsServer } from '../../infra/local/sms-server.js';
import { createDocumentClient } from '../../shared/platform/dynamodb/client.js';
import {
  coldStart,
  type Deployment,
  deployment,
  functionEnvironment,
  type Invoke,
  region,
  unsubscribeSecretArn,
} from './deployed-functions.js';
import { startSecretsServer } from './secrets-server.js';

/** An email as the SES emulator keeps it (`GET /store`): what the tests read of it. */
export interface StoredEmail {
  readonly messageId: string;
  readonly from: string;
  readonly destination: { readonly to: readonly string[] };
  readonly subject: string;
  readonly headers?: readonly { readonly name: string; readonly value: string }[];
}

/** The functions of one test: its own table, what reached the bus and the providers, cold starts over them. */
export interface DeployedFunctions {
  readonly deployment: Deployment;
  readonly table: string;
  readonly db: DynamoDBDocumentClient;
  /** Every PutEvents entry the local EventBridge endpoint accepted in this test. */
  readonly onTheBus: BusEvent[];
  readonly sms: CaptureServer<CapturedSms>;
  /** The key the local Secrets Manager holds at `unsubscribeSecretArn`. */
  readonly unsubscribeKey: string;
  /** A cold start of functions/<name>/handler.ts under its deployed environment. */
  start(name: string): Promise<Invoke>;
  environment(name: string): Record<string, string>;
  emailsTo(address: string): Promise<StoredEmail[]>;
}

/**
 * dynalite, the EventBridge endpoint, the SES emulator, the SMS capture server and a Secrets Manager holding the
 * unsubscribe key, for one test file; each test gets a table of its own and an empty bus record. Checks after each
 * test that process.env is the process's own again.
 */
export function useDeployedFunctions(): () => DeployedFunctions {
  const unsubscribeKey = Buffer.alloc(32, 9).toString('base64');
  const onTheBus: BusEvent[] = [];
  const processEnvironment = { ...process.env };
  let servers:
    | {
        deployment: Deployment;
        dynamo: LocalDynamo;
        bus: RunningServer;
        ses: LocalSes;
        sms: CaptureServer<CapturedSms>;
        secrets: Awaited<ReturnType<typeof startSecretsServer>>;
        db: DynamoDBDocumentClient;
      }
    | undefined;
  let table = '';
  let tables = 0;

  beforeAll(async () => {
    const [dynamo, bus, ses, sms, secrets] = await Promise.all([
      startDynamo({ port: 0, table: 'entries-0' }),
      startEventBridgeServer({
        port: 0,
        buses: ['default', 'rekindle'],
        region,
        now: () => new Date(),
        onEvents: (events) => onTheBus.push(...events),
      }),
      startSes({ port: 0 }),
      startSmsServer({ port: 0 }),
      startSecretsServer({ [unsubscribeSecretArn]: unsubscribeKey }),
    ]);
    servers = { deployment: deployment(), dynamo, bus, ses, sms, secrets, db: createDocumentClient(dynamo.url) };
  });
  afterAll(async () => {
    servers?.db.destroy();
    await Promise.all([
      servers?.dynamo.close(),
      servers?.bus.close(),
      servers?.ses.close(),
      servers?.sms.close(),
      servers?.secrets.close(),
    ]);
  });
  beforeEach(async () => {
    if (!servers) throw new Error('the local servers did not start');
    tables += 1;
    table = `entries-${tables}`;
    await ensureTable(servers.dynamo.url, table);
    onTheBus.length = 0;
  });
  afterEach(() => {
    // Every import and invocation had its function's environment only; the process's own is back.
    expect(process.env).toEqual(processEnvironment);
  });

  return () => {
    if (!servers) throw new Error('useDeployedFunctions(): only inside a test');
    const s = servers;
    const environment = (name: string) =>
      functionEnvironment(s.deployment, name, {
        table,
        dynamodb: s.dynamo.url,
        eventbridge: s.bus.url,
        ses: s.ses.url,
        sms: s.sms.url,
        secrets: s.secrets.url,
      });
    return {
      deployment: s.deployment,
      table,
      db: s.db,
      onTheBus,
      sms: s.sms,
      unsubscribeKey,
      environment,
      start: (name) => coldStart(name, environment(name)),
      emailsTo: async (address) => {
        // The emulator's own JSON (`GET /store`), shared by every test of the file.
        const store = (await (await fetch(`${s.ses.url}/store`)).json()) as { emails: StoredEmail[] };
        return store.emails.filter((e) => e.destination.to.includes(address));
      },
    };
  };
}

/** A Function URL request as Lambda passes it (a body base64-encoded); `iam`: the signer of an AWS_IAM URL. */
export function functionUrlEvent(
  method: string,
  path: string,
  options: { body?: string; contentType?: string; iam?: string } = {},
): LambdaFunctionURLEvent {
  const { body, contentType, iam } = options;
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: '',
    headers: contentType ? { 'content-type': contentType } : {},
    isBase64Encoded: body !== undefined,
    ...(body === undefined ? {} : { body: Buffer.from(body).toString('base64') }),
    requestContext: {
      accountId: '123456789012',
      apiId: 'url',
      ...(iam ? { authorizer: { iam: { userArn: iam } } } : {}),
      domainName: `url.lambda-url.${region}.on.aws`,
      domainPrefix: 'url',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: 'test' },
      requestId: randomUUID(),
      routeKey: '$default',
      stage: '$default',
      time: '23/Nov/2026:10:00:00 +0000',
      timeEpoch: 0,
    },
  };
}
