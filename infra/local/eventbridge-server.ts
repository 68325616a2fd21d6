import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type BusEvent, putEvents } from './put-events.js';

/**
 * A local EventBridge endpoint that the real `@aws-sdk/client-eventbridge` talks to: the AWS JSON 1.1 protocol
 * (`POST /`, `X-Amz-Target: AWSEvents.PutEvents`, `Content-Type: application/x-amz-json-1.1`), PutEvents only.
 * Accepted events are handed to `onEvents`; routing them to rules is the caller's job. Signatures are not checked.
 */

export type { BusEvent } from './put-events.js';

export interface EventBridgeServerOptions {
  /** 0 picks an ephemeral port. */
  port: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Known bus names, e.g. `['default', 'rekindle']`; an entry for any other bus fails. */
  buses: readonly string[];
  /** The engine's controllable clock: the `time` of entries sent without `Time`. */
  now: () => Date;
  /** Default `000000000000`. */
  account?: string;
  /** Default `us-east-1`. */
  region?: string;
  /**
   * Default true. AWS refuses customer events whose source starts with `aws.` (NotAuthorizedForSourceException);
   * locally they are allowed so tests can put SES-format events (`aws.ses`) on the default bus to emulate SES.
   */
  allowAwsSources?: boolean;
  /** Limit on the summed entry size of one request. Default 256 KiB, the documented PutEvents limit. */
  maxRequestBytes?: number;
  /**
   * Called once per PutEvents request that accepted at least one entry; the answer waits for a returned promise, so
   * the engine can store the events first. If it fails, the request fails (500): nothing was accepted.
   */
  onEvents: (events: readonly BusEvent[]) => unknown;
  /** Called when `onEvents` fails (the request is answered 500). Default: `console.error`. */
  onDeliveryError?: (error: unknown) => void;
}

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

const jsonType = 'application/x-amz-json-1.1';
const putEventsTarget = 'AWSEvents.PutEvents';

export async function startEventBridgeServer(options: EventBridgeServerOptions): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const buses = new Set(options.buses);
  const onDeliveryError = options.onDeliveryError ?? ((error: unknown) => console.error('onEvents failed', error));

  const handlePutEvents = async (body: unknown, res: ServerResponse): Promise<void> => {
    const outcome = putEvents(body, {
      buses,
      now: options.now(),
      account: options.account ?? '000000000000',
      region: options.region ?? 'us-east-1',
      allowAwsSources: options.allowAwsSources ?? true,
      maxRequestBytes: options.maxRequestBytes ?? 256 * 1024,
      newId: randomUUID,
    });
    if (!outcome.ok) {
      sendError(res, 400, outcome.error.type, outcome.error.message);
      return;
    }
    try {
      if (outcome.events.length > 0) await options.onEvents(outcome.events);
    } catch (error) {
      // Not stored, so not accepted: a 500 makes the SDK retry. (Delivery failures after this never come here.)
      onDeliveryError(error);
      sendError(res, 500, 'InternalException', 'The events could not be stored; retry the request.');
      return;
    }
    send(res, 200, outcome.response);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (req.method === 'GET' && path === '/health') {
      send(res, 200, { ok: true }, 'application/json');
      return;
    }
    if (req.method !== 'POST') {
      sendError(res, 404, 'UnknownOperationException', `No operation at ${req.method ?? '?'} ${path}`);
      return;
    }
    const text = await readBody(req);
    const target = req.headers['x-amz-target'];
    if (target !== putEventsTarget) {
      sendError(res, 400, 'UnknownOperationException', `Operation not supported locally: ${String(target)}`);
      return;
    }
    let body: unknown;
    try {
      body = JSON.parse(text === '' ? '{}' : text);
    } catch {
      sendError(res, 400, 'SerializationException', 'The request body is not valid JSON.');
      return;
    }
    await handlePutEvents(body, res);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendError(res, 500, 'InternalException', String(error));
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address: AddressInfo | string | null = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  const urlHost = host.includes(':') ? `[${host}]` : host;

  return {
    url: `http://${urlHost}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // The SDK keeps connections alive; without this, close() would wait for them to time out.
        server.closeAllConnections();
      }),
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  }
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, status: number, body: unknown, contentType = jsonType): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': contentType,
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': randomUUID(),
  });
  res.end(text);
}

/** The AWS JSON 1.1 error shape, which the SDK turns into an exception named after `__type`. */
function sendError(res: ServerResponse, status: number, type: string, message: string): void {
  send(res, status, { __type: type, message });
}
