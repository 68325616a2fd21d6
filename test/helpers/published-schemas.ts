import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { repositoryRoot, schemaDir } from '../../shared/schemas/generate.js';

/** An entry of `schemas/events/index.json`. */
export interface IndexEntry {
  detailType: string;
  source: unknown[];
  bus: string;
  file: string;
}

const dir = join(repositoryRoot, schemaDir);
export const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as { events: IndexEntry[] };

/** The committed JSON Schema of each event, by detail-type. */
export const published = new Map(
  index.events.map((entry) => [
    entry.detailType,
    JSON.parse(readFileSync(join(dir, entry.file), 'utf8')) as Record<string, unknown>,
  ]),
);

// Ajv's default strict mode (unknown keywords and formats throw), with type warnings made errors and formats asserted.
const ajv = new Ajv2020({ allErrors: true, strictTypes: true });
addFormats.default(ajv);

/** A compiled validator for the published schema of `detailType`, as a storefront developer would use it. */
export function validator(detailType: string) {
  const schema = published.get(detailType);
  if (schema === undefined) throw new Error(`no published schema for ${detailType}`);
  const known = typeof schema.$id === 'string' ? ajv.getSchema(schema.$id) : undefined;
  return known ?? ajv.compile(schema);
}
