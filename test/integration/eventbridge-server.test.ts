import {
  EventBridgeClient,
  EventBridgeServiceException,
  PutEventsCommand,
  type PutEventsRequestEntry,
} from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type BusEvent, type RunningServer, startEventBridgeServer } from '../../infra/local/eventbridge-server.js';
import { eventEnvelope } from '../../shared/schemas/envelope.js';

const clock = { now: new Date('2031-05-06T07:08:09.123Z') };
const delivered: BusEvent[][] = [];
const strictDelivered: BusEvent[][] = [];
let server: RunningServer;
let strictServer: RunningServer;
let client: EventBridgeClient;
let strictClient: EventBridgeClient;

const clientFor = (url: string) =>
  new EventBridgeClient({
    endpoint: url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });

const entry = (overrides: Partial<PutEventsRequestEntry> = {}): PutEventsRequestEntry => ({
  Source: 'shop.example',
  DetailType: 'Order Completed',
  Detail: JSON.stringify({ orderId: 'o-1', total: 42 }),
  EventBusName: 'rekindle',
  ...overrides,
});

/** The error the SDK throws for a send, or a failure if it resolves. */
async function rejection(send: Promise<unknown>): Promise<EventBridgeServiceException> {
  const error: unknown = await send.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof EventBridgeServiceException)) throw new Error(`expected a service exception, got ${error}`);
  return error;
}

beforeAll(async () => {
  server = await startEventBridgeServer({
    port: 0,
    buses: ['default', 'rekindle'],
    now: () => clock.now,
    onEvents: (events) => delivered.push([...events]),
  });
  strictServer = await startEventBridgeServer({
    port: 0,
    buses: ['default'],
    now: () => clock.now,
    account: '123456789012',
    region: 'eu-west-1',
    allowAwsSources: false,
    onEvents: (events) => strictDelivered.push([...events]),
  });
  client = clientFor(server.url);
  strictClient = clientFor(strictServer.url);
});

afterAll(async () => {
  client?.destroy();
  strictClient?.destroy();
  await Promise.all([server?.close(), strictServer?.close()]);
});

beforeEach(() => {
  delivered.length = 0;
  strictDelivered.length = 0;
});

describe('EventBridge PutEvents endpoint, through the real SDK', () => {
  it('delivers accepted entries as envelopes on the bus named by name, ARN or default', async () => {
    const result = await client.send(
      new PutEventsCommand({
        Entries: [
          entry({ Time: new Date('2030-01-02T03:04:05Z'), Resources: ['arn:aws:shop:order/o-1'] }),
          entry({ EventBusName: 'arn:aws:events:us-east-1:000000000000:event-bus/rekindle' }),
          entry({ EventBusName: undefined, Source: 'aws.ses', DetailType: 'Email Opened' }),
        ],
      }),
    );

    expect(result.FailedEntryCount).toBe(0);
    expect(delivered).toHaveLength(1);
    const events = delivered[0] ?? [];
    expect(events.map((e) => e.bus)).toEqual(['rekindle', 'rekindle', 'default']);
    expect(events.map((e) => e.event.id)).toEqual(result.Entries?.map((e) => e.EventId));
    expect(new Set(events.map((e) => e.event.id)).size).toBe(3);
    expect(events[0]?.event).toEqual({
      version: '0',
      id: result.Entries?.[0]?.EventId,
      'detail-type': 'Order Completed',
      source: 'shop.example',
      account: '000000000000',
      time: '2030-01-02T03:04:05Z',
      region: 'us-east-1',
      resources: ['arn:aws:shop:order/o-1'],
      detail: { orderId: 'o-1', total: 42 },
    });
    // Time defaults to the engine clock (second precision, as EventBridge), resources to [].
    expect(events[1]?.event.time).toBe('2031-05-06T07:08:09Z');
    expect(events[1]?.event.resources).toEqual([]);
    expect(events[2]?.event.source).toBe('aws.ses');
    for (const e of events) expect(eventEnvelope.safeParse(e.event).success).toBe(true);
  });

  it('fails only the malformed entry of a batch and delivers the others', async () => {
    const result = await client.send(
      new PutEventsCommand({
        Entries: [entry({ Detail: '{"n":1}' }), entry({ Detail: '[1, 2]' }), entry({ Detail: '{"n":3}' })],
      }),
    );

    expect(result.FailedEntryCount).toBe(1);
    expect(result.Entries?.[0]?.EventId).toMatch(/^[0-9a-f-]{36}$/);
    expect(result.Entries?.[1]).toEqual({ ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' });
    expect(result.Entries?.[2]?.EventId).toMatch(/^[0-9a-f-]{36}$/);
    expect(delivered.flat().map((e) => e.event.detail)).toEqual([{ n: 1 }, { n: 3 }]);
  });

  it('refuses Detail nested deeper than 1,000 levels per entry, naming the limit, and delivers the rest', async () => {
    const nested = (levels: number) => `${'{"a":'.repeat(levels - 1)}{"n":1}${'}'.repeat(levels - 1)}`;
    const result = await client.send(
      new PutEventsCommand({
        Entries: [
          entry({ Detail: '{"n":1}' }),
          entry({ Detail: nested(1001) }),
          entry({ Detail: nested(10_000) }),
          entry({ Detail: nested(1000) }),
        ],
      }),
    );

    expect(result.FailedEntryCount).toBe(2);
    const refusal = {
      ErrorCode: 'MalformedDetail',
      ErrorMessage: 'Detail is malformed: it is nested deeper than 1000 levels, the most PutEvents processes.',
    };
    expect(result.Entries?.slice(1, 3)).toEqual([refusal, refusal]);
    expect(delivered.flat().map((e) => JSON.stringify(e.event.detail))).toEqual(['{"n":1}', nested(1000)]);
  });

  it('counts only brackets outside strings toward the nesting limit', async () => {
    const Detail = JSON.stringify({ text: `${'{['.repeat(2_000)}"\\`, more: '"]}' });
    const result = await client.send(new PutEventsCommand({ Entries: [entry({ Detail })] }));

    expect(result.FailedEntryCount).toBe(0);
    expect(delivered.flat().map((e) => e.event.detail)).toEqual([JSON.parse(Detail)]);
  });

  it('refuses an integer literal outside 64 bits, and accepts any other number JSON can write', async () => {
    const result = await client.send(
      new PutEventsCommand({
        Entries: [
          entry({ Detail: '{"n":9223372036854775807,"m":-9223372036854775808}' }),
          entry({ Detail: '{"n":9223372036854775808}' }),
          entry({ Detail: '{"n":-9223372036854775809}' }),
          entry({ Detail: '{"n":1e16,"big":1e999,"tiny":1e-131,"long":12345678901234567890.5}' }),
        ],
      }),
    );

    expect(result.FailedEntryCount).toBe(2);
    expect(result.Entries?.[1]).toEqual({
      ErrorCode: 'MalformedDetail',
      ErrorMessage: 'Detail is malformed: it has an integer outside -2^63 to 2^63-1, the range PutEvents accepts.',
    });
    expect(result.Entries?.[2]?.ErrorCode).toBe('MalformedDetail');
    // The values as JSON.parse reads them: doubles, so the literals above arrive rounded.
    expect(delivered.flat().map((e) => e.event.detail)).toEqual([
      { n: 2 ** 63, m: -(2 ** 63) },
      { n: 1e16, big: Number.POSITIVE_INFINITY, tiny: 1e-131, long: 12345678901234567e3 },
    ]);
  });

  it.each([
    ['not JSON', 'NotJSON'],
    ['a JSON string', '"NotJSON"'],
    ['a JSON array', '[]'],
    ['broken JSON', '{{}'],
  ])('rejects a Detail that is %s', async (_name, Detail) => {
    const result = await client.send(new PutEventsCommand({ Entries: [entry({ Detail })] }));

    expect(result.FailedEntryCount).toBe(1);
    expect(result.Entries?.[0]?.ErrorCode).toBe('MalformedDetail');
    expect(delivered).toEqual([]);
  });

  it.each(['Source', 'DetailType', 'Detail'] as const)(
    'fails an entry without %s as InvalidArgument',
    async (field) => {
      const result = await client.send(new PutEventsCommand({ Entries: [entry({ [field]: undefined }), entry()] }));

      expect(result.FailedEntryCount).toBe(1);
      expect(result.Entries?.[0]).toEqual({
        ErrorCode: 'InvalidArgument',
        ErrorMessage: `Parameter ${field} is not valid. Reason: ${field} is a required argument.`,
      });
      expect(result.Entries?.[1]?.EventId).toBeDefined();
      expect(delivered.flat()).toHaveLength(1);
    },
  );

  it('fails an entry for an unknown bus, by name or ARN', async () => {
    const result = await client.send(
      new PutEventsCommand({
        Entries: [
          entry({ EventBusName: 'nope' }),
          entry({ EventBusName: 'arn:aws:events:us-east-1:000000000000:event-bus/other' }),
        ],
      }),
    );

    expect(result.FailedEntryCount).toBe(2);
    expect(result.Entries).toEqual([
      { ErrorCode: 'ResourceNotFoundException', ErrorMessage: 'Event bus nope does not exist.' },
      { ErrorCode: 'ResourceNotFoundException', ErrorMessage: 'Event bus other does not exist.' },
    ]);
    expect(delivered).toEqual([]);
  });

  it('rejects 11 entries as a whole with a typed ValidationException', async () => {
    const error = await rejection(
      client.send(new PutEventsCommand({ Entries: Array.from({ length: 11 }, () => entry()) })),
    );

    expect(error.name).toBe('ValidationException');
    expect(error.$metadata.httpStatusCode).toBe(400);
    expect(error.message).toContain('Member must have length less than or equal to 10');
    expect(delivered).toEqual([]);
  });

  it('rejects an empty batch with a ValidationException', async () => {
    const error = await rejection(client.send(new PutEventsCommand({ Entries: [] })));

    expect(error.name).toBe('ValidationException');
    expect(error.message).toContain('greater than or equal to 1');
  });

  it('rejects a request whose entries add up to more than 256 KiB, and accepts one just under', async () => {
    const fixed = 'shop.example'.length + 'Order Completed'.length + 14;
    const detailOf = (bytes: number) => JSON.stringify({ p: 'x'.repeat(bytes - 8) });
    const time = new Date('2030-01-01T00:00:00Z');

    const error = await rejection(
      client.send(new PutEventsCommand({ Entries: [entry({ Time: time, Detail: detailOf(256 * 1024 - fixed + 1) })] })),
    );
    const ok = await client.send(
      new PutEventsCommand({ Entries: [entry({ Time: time, Detail: detailOf(256 * 1024 - fixed) })] }),
    );

    expect(error.name).toBe('ValidationException');
    expect(error.message).toBe('Total size of the entries in the request is over the limit.');
    expect(ok.FailedEntryCount).toBe(0);
    expect(delivered.flat()).toHaveLength(1);
  });

  it('refuses aws.* sources when allowAwsSources is false, and uses the configured account and region', async () => {
    const result = await strictClient.send(
      new PutEventsCommand({
        Entries: [entry({ EventBusName: undefined, Source: 'aws.ses' }), entry({ EventBusName: 'default' })],
      }),
    );

    expect(result.Entries?.[0]).toEqual({
      ErrorCode: 'NotAuthorizedForSourceException',
      ErrorMessage: 'Not authorized for the source.',
    });
    expect(strictDelivered.flat().map((e) => [e.bus, e.event.account, e.event.region])).toEqual([
      ['default', '123456789012', 'eu-west-1'],
    ]);
  });
});

describe('EventBridge endpoint, raw HTTP', () => {
  const post = (target: string, body: string) =>
    fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target },
      body,
    });

  it('answers GET /health', async () => {
    const response = await fetch(`${server.url}/health`);

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
  });

  it('answers another operation with UnknownOperationException', async () => {
    const response = await post('AWSEvents.PutRule', '{"Name":"r"}');

    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ __type: 'UnknownOperationException' });
  });

  it('answers a body that is not JSON with SerializationException', async () => {
    const response = await post('AWSEvents.PutEvents', '{"Entries": [');

    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ __type: 'SerializationException' });
    expect(delivered).toEqual([]);
  });

  it('answers mistyped members with SerializationException', async () => {
    const response = await post('AWSEvents.PutEvents', JSON.stringify({ Entries: [{ Source: 1 }] }));

    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ __type: 'SerializationException' });
  });

  it('ignores EndpointId and reads a fractional epoch-seconds Time', async () => {
    const body = { EndpointId: 'abcde.veo', Entries: [{ ...entry(), Time: 1893456000.75 }] };
    const response = await post('AWSEvents.PutEvents', JSON.stringify(body));

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/x-amz-json-1.1');
    expect(await response.json()).toMatchObject({ FailedEntryCount: 0 });
    expect(delivered.flat().map((e) => e.event.time)).toEqual(['2030-01-01T00:00:00Z']);
  });
});
