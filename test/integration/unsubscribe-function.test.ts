import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { LambdaFunctionURLEvent, LambdaFunctionURLResult } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalDynamo, startDynamo } from '../../infra/local/dynamodb.js';
import { CustomerReader } from '../../shared/customer/store/customer-reader.js';
import { UnsubscribeTokens } from '../../shared/messaging/core/unsubscribe.js';
import { createDocumentClient } from '../../shared/platform/dynamodb/client.js';
import { keys } from '../../shared/platform/dynamodb/keys.js';
import { trackStorefrontEvent } from '../../shared/tracking/core/track-storefront.js';
import { DynamoTrackingStore } from '../../shared/tracking/store/tracking-store.js';
import { storefront } from '../helpers/events.js';
import { startSecretsServer } from '../helpers/secrets-server.js';

// The unsubscribe Lambda entry exactly as deployed: its keys read from Secrets Manager at the first request (the
// real SDK client, against a local server speaking GetSecretValue), a public Function URL event in, the page out.
const table = 'unsubscribe-fn';
const secretArn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:unsubscribe-AbCdEf';
const oldKey = Buffer.alloc(32, 4);
const newKey = Buffer.alloc(32, 5);
let dynamo: LocalDynamo;
let secrets: Awaited<ReturnType<typeof startSecretsServer>>;
let handler: (event: LambdaFunctionURLEvent) => Promise<LambdaFunctionURLResult>;

beforeAll(async () => {
  dynamo = await startDynamo({ port: 0, table });
  // Rotated: the new key signs from now on, links signed with the old one still work.
  secrets = await startSecretsServer({ [secretArn]: `${newKey.toString('base64')},${oldKey.toString('base64')}` });
  Object.assign(process.env, {
    TABLE_NAME: table,
    DYNAMODB_ENDPOINT: dynamo.url,
    AWS_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.url,
    UNSUBSCRIBE_SECRET_ARN: secretArn,
  });
  ({ handler } = await import('../../functions/unsubscribe/handler.js'));
  const db = createDocumentClient(dynamo.url);
  await trackStorefrontEvent(
    new DynamoTrackingStore(db, table),
    storefront('Customer Registered', {
      customerId: 'cus_1',
      email: 'layla@example.com',
      locale: 'fa-IR',
      occurredAt: '2026-01-01T00:00:00Z',
      consents: { email: true },
    }),
  );
  db.destroy();
});
afterAll(async () => {
  await secrets?.close();
  await dynamo?.close();
});

const token = (key: Buffer) =>
  new UnsubscribeTokens([key]).sign({ customerId: 'cus_1', channel: 'email', messageKey: 'k' }, new Date());

const event = (
  method: string,
  rawPath: string,
  headers: Record<string, string>,
  body?: string,
): LambdaFunctionURLEvent => ({
  version: '2.0',
  routeKey: '$default',
  rawPath,
  rawQueryString: '',
  headers,
  isBase64Encoded: body !== undefined,
  ...(body === undefined ? {} : { body: Buffer.from(body).toString('base64') }),
  requestContext: {
    accountId: 'anonymous',
    apiId: 'url',
    domainName: 'x.lambda-url.eu-west-1.on.aws',
    domainPrefix: 'x',
    http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: 'mail' },
    requestId: 'r',
    routeKey: '$default',
    stage: '$default',
    time: '23/Nov/2026:10:00:00 +0000',
    timeEpoch: 0,
  },
});

async function call(e: LambdaFunctionURLEvent): Promise<{ statusCode?: number; body?: string; headers?: unknown }> {
  const result = await handler(e);
  if (typeof result === 'string') throw new Error('expected a structured Function URL result');
  return result;
}

describe('unsubscribe function (the deployed entry)', () => {
  it("GET: the page in the customer's language (Persian, right to left); nothing changes", async () => {
    const page = await call(event('GET', `/u/${token(newKey)}`, { accept: 'text/html' }));
    expect(page.statusCode).toBe(200);
    expect(page.headers).toMatchObject({ 'content-type': 'text/html; charset=utf-8' });
    expect(page.body).toContain('<html lang="fa" dir="rtl">');
    expect(page.body).toContain('ایمیل‌های تبلیغاتی');
  });

  it('a one-click POST (form body, base64 as Function URLs pass it) with a token of the older listed key unsubscribes', async () => {
    const body = 'List-Unsubscribe=One-Click';
    const done = await call(
      event('POST', `/u/${token(oldKey)}`, { 'content-type': 'application/x-www-form-urlencoded' }, body),
    );
    expect(done).toMatchObject({ statusCode: 200, body: '' });
    const db = createDocumentClient(dynamo.url);
    try {
      expect((await new CustomerReader(db, table).customer('cus_1'))?.consents.email).toMatchObject({ granted: false });
      const { Item } = await db.send(new GetCommand({ TableName: table, Key: keys.suppression('layla@example.com') }));
      expect(Item).toMatchObject({ reason: 'unsubscribe' });
    } finally {
      db.destroy();
    }
  });

  it('refuses a token signed with a key not in the secret: 400 TamperedToken', async () => {
    const refused = await call(event('POST', `/u/${token(Buffer.alloc(32, 6))}`, { accept: 'application/json' }, ''));
    expect(refused.statusCode).toBe(400);
    expect(JSON.parse(String(refused.body))).toMatchObject({ error: 'TamperedToken' });
  });
});
