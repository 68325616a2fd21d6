import * as z from 'zod';

/** What a running local engine says about itself (`GET /engine` on its admin API). */
export interface RunningEngine {
  readonly admin: string;
  readonly table: string;
  readonly now: string;
  readonly endpoints: { readonly dynamodb: string; readonly eventBridge: string };
}

const engineAnswer = z.object({
  table: z.string().min(1),
  now: z.iso.datetime({ offset: true }),
  endpoints: z.object({ dynamodb: z.url(), eventBridge: z.url() }),
});

/** Asks the admin API at `admin` which table and clock it serves; null when no engine answers there. */
export async function askEngine(admin: string): Promise<RunningEngine | null> {
  try {
    const response = await fetch(new URL('/engine', admin), { signal: AbortSignal.timeout(2000) });
    if (!response.ok) return null;
    const parsed = engineAnswer.safeParse(await response.json());
    return parsed.success ? { admin, ...parsed.data } : null;
  } catch {
    return null; // nothing listening, or not an engine
  }
}

/** Same host and port: `localhost`, `127.0.0.1` and `[::1]` are one machine. */
export function sameEndpoint(a: string, b: string): boolean {
  try {
    const [x, y] = [new URL(a), new URL(b)];
    return x.protocol === y.protocol && host(x) === host(y) && port(x) === port(y);
  } catch {
    return false;
  }
}

const loopback = new Set(['localhost', '127.0.0.1', '[::1]']);
const host = (url: URL): string => (loopback.has(url.hostname) ? 'loopback' : url.hostname);
const port = (url: URL): string => url.port || (url.protocol === 'https:' ? '443' : '80');
