import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { ApiRequest, ApiResponse } from '../../shared/api/http.js';
import { problem } from '../../shared/api/http.js';
import { closeServer, listen } from './listen.js';

export interface RunningAdmin {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** Serves the admin API (the same router the Lambda Function URL uses) over node:http. */
export async function startAdminServer(options: {
  port: number;
  handle: (request: ApiRequest) => Promise<ApiResponse>;
  onError?: (error: unknown) => void;
}): Promise<RunningAdmin> {
  const server: Server = createServer((req, res) => {
    void (async () => {
      let response: ApiResponse;
      try {
        response = await options.handle(await toApiRequest(req));
      } catch (error) {
        if (error instanceof SyntaxError) response = problem(400, 'InvalidJson', 'the request body is not valid JSON');
        else {
          options.onError?.(error);
          response = problem(500, 'InternalError', 'the request failed; see the engine log');
        }
      }
      res.writeHead(response.status, { 'content-type': 'application/json; charset=utf-8' });
      res.end(`${JSON.stringify(response.body, null, 2)}\n`);
    })();
  });
  const port = await listen(server, options.port);
  return { url: `http://127.0.0.1:${port}`, port, close: () => closeServer(server) };
}

async function toApiRequest(req: IncomingMessage): Promise<ApiRequest> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  const text = Buffer.concat(chunks).toString('utf8');
  const body: unknown = text.trim() ? JSON.parse(text) : undefined;
  return { method: req.method ?? 'GET', path: url.pathname.replace(/\/+$/, '') || '/', query: url.searchParams, body };
}
