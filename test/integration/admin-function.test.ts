import type { LambdaFunctionURLEvent, LambdaFunctionURLResult } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalDynamo, startDynamo } from '../../infra/local/dynamodb.js';

// The admin Lambda entry exactly as deployed (module-scope config and clients), behind a Function URL event.
let dynamo: LocalDynamo;
let handler: (event: LambdaFunctionURLEvent) => Promise<LambdaFunctionURLResult>;

beforeAll(async () => {
  dynamo = await startDynamo({ port: 0, table: 'admin-fn' });
  process.env.TABLE_NAME = 'admin-fn';
  process.env.DYNAMODB_ENDPOINT = dynamo.url;
  process.env.AWS_REGION = 'us-east-1';
  process.env.AWS_ACCESS_KEY_ID = 'local';
  process.env.AWS_SECRET_ACCESS_KEY = 'local';
  ({ handler } = await import('../../functions/admin/handler.js'));
});
afterAll(async () => dynamo?.close());

const request = (method: string, rawPath: string, body?: unknown): LambdaFunctionURLEvent => ({
  version: '2.0',
  routeKey: '$default',
  rawPath,
  rawQueryString: '',
  headers: {},
  isBase64Encoded: false,
  ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  requestContext: {
    accountId: '123456789012',
    apiId: 'url',
    domainName: 'x.lambda-url.eu-west-1.on.aws',
    domainPrefix: 'x',
    http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' },
    requestId: 'r',
    routeKey: '$default',
    stage: '$default',
    time: '23/Nov/2026:10:00:00 +0000',
    timeEpoch: 0,
  },
});

/** The handler always answers with a structured result (status, headers, body). */
async function call(event: LambdaFunctionURLEvent): Promise<{ statusCode?: number; body?: string }> {
  const result = await handler(event);
  if (typeof result === 'string') throw new Error('expected a structured Function URL result');
  return result;
}

describe('admin function (the deployed entry)', () => {
  it('serves the customer, ledger and redemption routes, with JSON errors', async () => {
    const customer = await call(request('GET', '/customers/nobody'));
    expect(customer.statusCode).toBe(404);
    expect(JSON.parse(String(customer.body))).toMatchObject({ error: 'CustomerNotFound' });
    const ledger = await call(request('GET', '/customers/nobody/ledger'));
    expect(JSON.parse(String(ledger.body))).toMatchObject({ error: 'CustomerNotFound' });
    const redeem = await call(request('POST', '/customers/nobody/redemptions', { key: 'k', points: 500 }));
    expect(JSON.parse(String(redeem.body))).toMatchObject({ error: 'CustomerNotFound' });
  });

  it('has no clock control on AWS', async () => {
    const clock = await call(request('POST', '/clock', { advance: 'P1D' }));
    expect(clock.statusCode).toBe(404);
  });

  it('names the field of a bad body', async () => {
    const bad = await call(request('POST', '/customers/nobody/redemptions', { key: 'k', points: -5 }));
    expect(bad.statusCode).toBe(400);
    expect(String(bad.body)).toContain('body.points');
  });
});
