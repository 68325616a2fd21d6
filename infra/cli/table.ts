import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../shared/platform/dynamodb/client.js';
import type { CliIo } from './io.js';

/** The local engine's DynamoDB (`npm start`). */
export const localEndpoint = 'http://127.0.0.1:8000';

/** `parseArgs` options of the commands that read the Rekindle table: `--table`, `--endpoint`, `--aws`. */
export const tableOptions = {
  table: { type: 'string', default: 'rekindle' },
  endpoint: { type: 'string' },
  aws: { type: 'boolean', default: false },
} as const;

export const tableUsage = `  --table NAME     the Rekindle table (default: rekindle)
  --endpoint URL   DynamoDB endpoint (default: the local engine, ${localEndpoint})
  --aws            use AWS with the usual credentials and region (AWS_PROFILE, AWS_REGION)`;

export interface TableSource {
  readonly table: string;
  readonly endpoint?: string | undefined;
  readonly aws: boolean;
}

/** A client for the table, and where it is (for messages). */
export function openTable(source: TableSource): { db: DynamoDBDocumentClient; where: string } {
  const endpoint = source.aws ? undefined : (source.endpoint ?? localEndpoint);
  return { db: createDocumentClient(endpoint), where: endpoint ?? 'AWS' };
}

/** Says that the table could not be read, and how to fix the usual cause. */
export function reportUnreadable(command: string, source: TableSource, error: unknown, io: CliIo): void {
  const where = source.aws ? 'AWS' : (source.endpoint ?? localEndpoint);
  const why = error instanceof Error ? error.message : String(error);
  io.err(`rekindle ${command}: cannot read table "${source.table}" at ${where}: ${why}`);
  if (!source.aws && !source.endpoint) io.err('Is the local engine running (npm start)? For AWS, pass --aws.');
}
