import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import * as z from 'zod';
import { closeServer, listen } from './listen.js';

/**
 * The common part of the local SMS and WhatsApp servers: they speak a provider's API to the real SDK client, keep
 * what was sent, and show it at `GET /messages` (`DELETE /messages` forgets it). Signatures are not checked.
 * `POST /inbound {"from": "+9665...", "body": "STOP"}` simulates a customer's reply: the server hands it on as AWS
 * would publish it to the inbound SNS topic (`inbound`).
 */

export interface CapturedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  /** When it arrived, by the server's clock (the engine's, locally). */
  readonly at: Date;
}

/** A simulated reply from a customer's phone. */
export interface SimulatedReply {
  readonly from: string;
  readonly body: string;
}

const simulatedReply = z.object({
  from: z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 phone number such as +966501234567'),
  body: z.string().max(1600),
});

export interface Reply {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface Captured {
  readonly messageId: string;
  readonly receivedAt: string;
}

export interface CaptureServer<T extends Captured> {
  readonly url: string;
  readonly port: number;
  /** What was sent so far, oldest first. */
  messages(): readonly T[];
  close(): Promise<void>;
}

/** `handle` answers a provider call; when it accepted a message it returns it too, to be kept. */
export type ProviderHandler<T extends Captured> = (request: CapturedRequest) => { reply: Reply; captured?: T };

export async function startCaptureServer<T extends Captured>(options: {
  readonly port: number;
  readonly host?: string | undefined;
  readonly handle: ProviderHandler<T>;
  /** The clock messages are stamped with; default the machine's. */
  readonly now?: (() => Date) | undefined;
  /** Where `POST /inbound` goes; without it, 501. */
  readonly inbound?: ((reply: SimulatedReply, at: Date) => Promise<unknown>) | undefined;
}): Promise<CaptureServer<T>> {
  const now = options.now ?? (() => new Date());
  const captured: T[] = [];
  const server = createServer((req, res) => {
    void respond(req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, { status: 500, body: { message: String(error) } });
    });
  });
  const respond = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const method = req.method ?? 'GET';
    if (path === '/messages' && method === 'GET') return send(res, { status: 200, body: { items: captured } });
    if (path === '/messages' && method === 'DELETE') {
      captured.length = 0;
      return send(res, { status: 204, body: null });
    }
    if (path === '/health' && method === 'GET') return send(res, { status: 200, body: { ok: true } });
    if (path === '/inbound' && method === 'POST') return send(res, await inbound(await readBody(req)));
    const outcome = options.handle({ method, path, headers: req.headers, body: await readBody(req), at: now() });
    if (outcome.captured) captured.push(outcome.captured);
    send(res, outcome.reply);
  };
  const inbound = async (body: string): Promise<Reply> => {
    if (!options.inbound) return { status: 501, body: { message: 'inbound replies are not wired to a handler here' } };
    const reply = simulatedReply.safeParse(parseJson(body));
    if (!reply.success) {
      return { status: 400, body: { message: reply.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) } };
    }
    return { status: 200, body: (await options.inbound(reply.data, now())) ?? null };
  };
  const port = await listen(server, options.port, options.host);
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    port,
    messages: () => [...captured],
    close: () => closeServer(server),
  };
}

/** The request body as JSON; undefined when it is not JSON. */
export function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

export const newMessageId = (): string => randomUUID();

/** An SNS notification as Lambda receives it from a subscription, carrying `message` (JSON) published at `at`. */
export function snsNotification(topic: string, message: object, at: Date) {
  const topicArn = `arn:aws:sns:us-east-1:000000000000:${topic}`;
  return {
    Records: [
      {
        EventSource: 'aws:sns',
        EventVersion: '1.0',
        EventSubscriptionArn: `${topicArn}:${randomUUID()}`,
        Sns: {
          Type: 'Notification',
          MessageId: randomUUID(),
          TopicArn: topicArn,
          Subject: null,
          Message: JSON.stringify(message),
          Timestamp: at.toISOString(),
          SignatureVersion: '1',
          Signature: '',
          SigningCertUrl: '',
          UnsubscribeUrl: '',
          MessageAttributes: {},
        },
      },
    ],
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, reply: Reply): void {
  const text = reply.body === null ? '' : JSON.stringify(reply.body);
  res.writeHead(reply.status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': randomUUID(),
    ...reply.headers,
  });
  res.end(text);
}
