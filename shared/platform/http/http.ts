/** A transport-neutral HTTP exchange: the local server and the Lambda Function URL both adapt to it. */
export interface ApiRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  /** Parsed JSON body, or undefined when there was none. */
  readonly body: unknown;
  /** Header names in lower case; given where a route negotiates (the unsubscribe page: Accept, Accept-Language). */
  readonly headers?: Readonly<Record<string, string | undefined>>;
  /** Who is calling, for audit records (on AWS the IAM principal of the signed request). */
  readonly caller?: string;
}

export interface ApiResponse {
  readonly status: number;
  /** Sent as JSON, unless `headers` names a content type: then it is text sent as is (an HTML page, or ''). */
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export const json = (status: number, body: unknown): ApiResponse => ({ status, body });

/** The bytes of a response as both transports send them. */
export function encodeResponse(response: ApiResponse): { headers: Record<string, string>; text: string } {
  if (response.headers?.['content-type'] !== undefined && typeof response.body === 'string') {
    return { headers: { ...response.headers }, text: response.body };
  }
  return {
    headers: { ...response.headers, 'content-type': 'application/json; charset=utf-8' },
    text: `${JSON.stringify(response.body, null, 2)}\n`,
  };
}
export const problem = (status: number, error: string, message: string, details?: unknown): ApiResponse =>
  json(status, details === undefined ? { error, message } : { error, message, details });

type Params = Readonly<Record<string, string>>;
type RouteHandler = (request: ApiRequest, params: Params) => Promise<ApiResponse>;

interface Route {
  readonly method: string;
  readonly template: string;
  readonly regex: RegExp;
  readonly names: readonly string[];
  readonly handle: RouteHandler;
}

/** The longest path parameter a route is given (ids are at most 128 characters, purge lists allow 256). */
export const maxPathParameterLength = 256;

/** A minimal router over path templates such as `/customers/{id}/timeline`. */
export class Router {
  private readonly routes: Route[] = [];

  add(method: string, template: string, handle: RouteHandler): this {
    const names: string[] = [];
    const source = template.replace(/\{(\w+)\}/g, (_m, name: string) => {
      names.push(name);
      return '([^/]+)';
    });
    this.routes.push({ method, template, regex: new RegExp(`^${source}$`), names, handle });
    return this;
  }

  /** Method and template of every route, e.g. for checking that the OpenAPI file documents them all. */
  list(): { method: string; template: string }[] {
    return this.routes.map(({ method, template }) => ({ method, template }));
  }

  async handle(request: ApiRequest): Promise<ApiResponse> {
    let pathMatched = false;
    for (const route of this.routes) {
      const m = route.regex.exec(request.path);
      if (!m) continue;
      pathMatched = true;
      if (route.method !== request.method) continue;
      let params: Params;
      try {
        params = Object.fromEntries(route.names.map((n, i) => [n, decodeURIComponent(m[i + 1] ?? '')]));
      } catch {
        return problem(400, 'InvalidPath', `the path ${request.path} is not validly percent-encoded`);
      }
      // No id Rekindle stores is longer; a longer one cannot name anything, and would not fit a DynamoDB key.
      const long = Object.entries(params).find(([, value]) => value.length > maxPathParameterLength);
      if (long) return problem(400, 'InvalidPath', `${long[0]} must be at most ${maxPathParameterLength} characters`);
      return route.handle(request, params);
    }
    return pathMatched
      ? problem(405, 'MethodNotAllowed', `${request.method} is not allowed on ${request.path}`)
      : problem(404, 'NotFound', `no route for ${request.method} ${request.path}`);
  }
}
