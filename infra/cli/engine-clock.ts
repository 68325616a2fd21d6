import type { CliIo } from './io.js';

/** The local engine's admin API (`npm start`), asked for its clock. */
export const localAdmin = `http://127.0.0.1:${process.env.REKINDLE_ADMIN_PORT ?? 3000}`;

/** `parseArgs` options of the commands that act at a time: `--at`, `--admin`. */
export const clockOptions = {
  at: { type: 'string' },
  admin: { type: 'string' },
} as const;

/**
 * The time a command acts at: `--at`; on AWS (or another endpoint) the real time; locally the engine's clock (it may
 * have been moved on with POST /clock), else the real time.
 */
export async function engineTime(
  command: string,
  values: { at?: string | undefined; aws: boolean; admin?: string | undefined; endpoint?: string | undefined },
  io: CliIo,
): Promise<Date> {
  if (values.at !== undefined) return new Date(values.at);
  if (values.aws || (values.endpoint !== undefined && values.admin === undefined)) return new Date();
  const admin = values.admin ?? localAdmin;
  try {
    const response = await fetch(new URL('/clock', admin), { signal: AbortSignal.timeout(2000) });
    const body: unknown = response.ok ? await response.json() : null;
    const now = typeof body === 'object' && body !== null ? Reflect.get(body, 'now') : undefined;
    if (typeof now === 'string' && !Number.isNaN(Date.parse(now))) {
      io.err(`rekindle ${command}: as of the local engine's clock, ${now}`);
      return new Date(now);
    }
  } catch {
    // No local engine answering: the real time.
  }
  return new Date();
}
