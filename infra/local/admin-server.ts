import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { ApiRequest, ApiResponse } from '../../shared/platform/http/http.js';
import { encodeResponse, problem } from '../../shared/platform/http/http.js';
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
  /**
   * Public routes served beside the admin API, as on AWS their own Function URL: the unsubscribe links (`/u/`).
   * They get the request headers, and their body is not read as JSON (mail clients post a form).
   */
  pages?: { readonly prefix: string; handle(request: ApiRequest): Promise<ApiResponse> };
  onError?: (error: unknown) => void;
}): Promise<RunningAdmin> {
  const server: Server = createServer((req, res) => {
    void (async () => {
      let response: ApiResponse;
      try {
        const pages = options.pages;
        response =
          pages && (req.url ?? '').startsWith(pages.prefix)
            ? await pages.handle(await toPageRequest(req))
            : await options.handle(await toApiRequest(req));
      } catch (error) {
        if (error instanceof SyntaxError) response = problem(400, 'InvalidJson', 'the request body is not valid JSON');
        else {
          options.onError?.(error);
          response = problem(500, 'InternalError', 'the request failed; see the engine log');
        }
      }
      const { headers, text } = encodeResponse(response);
      res.writeHead(response.status, headers);
      res.end(text);
    })();
  });
  const port = await listen(server, options.port);
  return { url: `http://127.0.0.1:${port}`, port, close: () => closeServer(server) };
}

async function toApiRequest(req: IncomingMessage): Promise<ApiRequest> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const text = await readBody(req);
  const body: unknown = text.trim() ? JSON.parse(text) : undefined;
  return { method: req.method ?? 'GET', path: url.pathname.replace(/\/+$/, '') || '/', query: url.searchParams, body };
}

async function toPageRequest(req: IncomingMessage): Promise<ApiRequest> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const body = await readBody(req);
  const headers = Object.fromEntries(
    Object.entries(req.headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : value]),
  );
  return {
    method: req.method ?? 'GET',
    path: url.pathname.replace(/\/+$/, '') || '/',
    query: url.searchParams,
    body,
    headers,
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8');
}
