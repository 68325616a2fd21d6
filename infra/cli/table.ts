import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../shared/platform/dynamodb/client.js';
import {
  hasMarkerTag,
  readTableMarker,
  tableMarkerKey,
  tableMarkerTag,
} from '../../shared/platform/dynamodb/table-marker.js';
import { defaultTableName } from '../../shared/platform/table.js';
import { defaultPorts, portsFromEnv, portVariables } from '../local/ports.js';
import type { CliIo } from './io.js';
import { askEngine, type RunningEngine, sameEndpoint } from './local-engine.js';

/**
 * Which table a command reads and writes, and what time it is there. Locally a command takes the same `REKINDLE_*`
 * variables and defaults as `npm start`, asks the engine (its admin API) for its table and clock, and says which it
 * uses, so it never works on another program's DynamoDB or counts from the wrong day.
 */

/** `parseArgs` options of the commands that read the Rekindle table. */
export const tableOptions = {
  table: { type: 'string' },
  endpoint: { type: 'string' },
  admin: { type: 'string' },
  aws: { type: 'boolean', default: false },
} as const;

export const tableUsage = `  --table NAME     the Rekindle table (default: the local engine's, else ${defaultTableName})
  --endpoint URL   DynamoDB endpoint (default: the local engine's; else http://127.0.0.1:$${portVariables.dynamodb},
                   ${defaultPorts.dynamodb} unless set, as for npm start)
  --admin URL      the local engine's admin API, asked for its table and clock (default: the engine that last opened
                   the table, else http://127.0.0.1:$${portVariables.admin}, ${defaultPorts.admin} unless set)
  --aws            use AWS with the usual credentials and region (AWS_PROFILE, AWS_REGION)`;

export interface TableFlags {
  readonly table?: string | undefined;
  readonly endpoint?: string | undefined;
  readonly admin?: string | undefined;
  readonly aws: boolean;
  /** The time to act at, given by the user (`--at`); else the engine's clock, else now. */
  readonly at?: string | undefined;
}

export interface TableTarget {
  readonly db: DynamoDBDocumentClient;
  readonly table: string;
  /** The DynamoDB endpoint, or 'AWS'. */
  readonly where: string;
  /** The local engine serving this table, when one answered. */
  readonly engine: RunningEngine | null;
  /** Where to put events (Customer Purged): the engine's EventBridge locally, AWS's with --aws. */
  readonly eventsEndpoint: string | undefined;
  readonly now: Date;
  /** The table carries the Rekindle marker item: it is a Rekindle table. */
  readonly marked: boolean;
}

/** A setting of the environment a command cannot work with (a bad `REKINDLE_*_PORT`): exit code 2. */
export class CliUsageError extends Error {
  override readonly name = 'CliUsageError';
}

/** Resolves the table, its engine and the time; says on stderr which it uses. Close `db` when done. */
export async function openTable(
  command: string,
  flags: TableFlags,
  io: CliIo,
  env: NodeJS.ProcessEnv = process.env,
): Promise<TableTarget> {
  if (flags.aws) return openAwsTable(command, flags, io);
  let ports: ReturnType<typeof portsFromEnv>;
  try {
    ports = portsFromEnv(env);
  } catch (error) {
    throw new CliUsageError(error instanceof Error ? error.message : String(error));
  }
  const askedFirst = flags.admin ?? (flags.endpoint === undefined ? `http://127.0.0.1:${ports.admin}` : undefined);
  let engine = askedFirst === undefined ? null : await askEngine(askedFirst);
  const endpoint = flags.endpoint ?? engine?.endpoints.dynamodb ?? `http://127.0.0.1:${ports.dynamodb}`;
  const table = flags.table ?? engine?.table ?? defaultTableName;
  const db = createDocumentClient(endpoint);
  const marker = await readTableMarker(db, table).catch(() => null);
  // Given only the endpoint: the table names the engine that last opened it.
  if (engine === null && flags.admin === undefined && marker?.localEngineAdmin) {
    engine = await askEngine(marker.localEngineAdmin);
  }
  const serves = engine !== null && sameEndpoint(engine.endpoints.dynamodb, endpoint) && engine.table === table;
  const now = flags.at !== undefined ? new Date(flags.at) : serves && engine ? new Date(engine.now) : new Date();
  const clock =
    flags.at !== undefined
      ? `at ${flags.at} (--at)`
      : serves && engine
        ? `local engine ${engine.admin}, as of the local engine's clock, ${engine.now}`
        : engine
          ? `the engine at ${engine.admin} serves table "${engine.table}" at ${engine.endpoints.dynamodb}, not this one: real time ${now.toISOString()}`
          : `no local engine answered${askedFirst ? ` at ${askedFirst}` : ''}: real time ${now.toISOString()}`;
  io.err(`rekindle ${command}: table "${table}" at ${endpoint}; ${clock}`);
  return {
    db,
    table,
    where: endpoint,
    engine: serves ? engine : null,
    eventsEndpoint: serves && engine ? engine.endpoints.eventBridge : `http://127.0.0.1:${ports.eventBridge}`,
    now,
    marked: marker !== null,
  };
}

async function openAwsTable(command: string, flags: TableFlags, io: CliIo): Promise<TableTarget> {
  const table = flags.table ?? defaultTableName;
  const db = createDocumentClient();
  // The stack's table carries the marker as a tag from its creation; an item would do as well.
  const marked =
    (await readTableMarker(db, table).catch(() => null)) !== null || (await hasMarkerTag(table).catch(() => false));
  const now = flags.at !== undefined ? new Date(flags.at) : new Date();
  const region = process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'the profile region';
  io.err(`rekindle ${command}: table "${table}" on AWS (${region}); ${flags.at ? `at ${flags.at}` : 'real time'}`);
  return { db, table, where: 'AWS', engine: null, eventsEndpoint: undefined, now, marked };
}

/**
 * True when the command may write: the table carries the Rekindle marker. Otherwise says why not (a DynamoDB on
 * that port that is another program's, or a table no engine has opened since markers came).
 */
export function mayWrite(command: string, target: TableTarget, io: CliIo): boolean {
  if (target.marked) return true;
  io.err(
    `rekindle ${command}: refusing to write: table "${target.table}" at ${target.where} is not a Rekindle table ` +
      `(it has no marker: item pk=${tableMarkerKey.pk}, sk=${tableMarkerKey.sk}, or on AWS the tag ` +
      `${tableMarkerTag.key}). Check --endpoint/--table and the ` +
      `REKINDLE_* ports; a table of an older engine gets its marker when npm start opens it.`,
  );
  return false;
}

/** Says that the table could not be read, and how to fix the usual cause. */
export function reportUnreadable(command: string, target: TableTarget, error: unknown, io: CliIo): void {
  const why = error instanceof Error ? error.message : String(error);
  io.err(`rekindle ${command}: cannot read table "${target.table}" at ${target.where}: ${why}`);
  if (target.where !== 'AWS' && target.engine === null) {
    io.err('Is the local engine running (npm start, with the same REKINDLE_* ports)? For AWS, pass --aws.');
  }
}
