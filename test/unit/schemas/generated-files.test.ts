import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateEventSchemas, kebab, repositoryRoot, schemaDir } from '../../../shared/schemas/generate.js';

const generated = generateEventSchemas();
const fix = 'the committed schemas are out of date: run `npm run schemas` and commit schemas/events/';

describe('schemas/events/', () => {
  it('holds exactly the generated files', () => {
    const committed = readdirSync(join(repositoryRoot, schemaDir))
      .map((name) => `${schemaDir}/${name}`)
      .sort();
    expect(committed, fix).toEqual([...generated.keys()].sort());
  });

  it.each([...generated])('%s is up to date', (path, content) => {
    const file = join(repositoryRoot, path);
    expect(existsSync(file), fix).toBe(true);
    expect(readFileSync(file, 'utf8'), fix).toBe(content);
  });
});

describe('generateEventSchemas', () => {
  it('is deterministic', () => {
    expect([...generateEventSchemas()]).toEqual([...generated]);
  });

  it.each([...generated])('%s is 2-space JSON with a trailing newline', (_path, content) => {
    expect(content).toBe(`${JSON.stringify(JSON.parse(content), null, 2)}\n`);
  });

  it('names files after the detail-type', () => {
    expect(generated.has('schemas/events/order-completed.schema.json')).toBe(true);
    expect(generated.has('schemas/events/ses-email-clicked.schema.json')).toBe(true);
    expect(generated.has('schemas/events/ses-email-complaint-received.schema.json')).toBe(true);
    expect(generated.has('schemas/events/index.json')).toBe(true);
    expect(kebab('Email Complaint Received')).toBe('email-complaint-received');
  });

  it('puts the identifying keys first', () => {
    const content = generated.get('schemas/events/cart-updated.schema.json') ?? '';
    expect(Object.keys(JSON.parse(content))).toEqual([
      '$schema',
      '$id',
      'title',
      'description',
      'type',
      'properties',
      'required',
      'anyOf',
      'examples',
    ]);
  });
});
