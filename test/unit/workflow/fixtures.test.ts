import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import {
  generateSchemas,
  generateWorkflowSchema,
  repositoryRoot,
  workflowSchemaPath,
} from '../../../shared/schemas/generate.js';
import { validateWorkflow } from '../../../shared/workflow/core/validate.js';
import {
  expectedErrors,
  fixtureTemplates,
  invalidDir,
  invalidFixtures,
  readFixture,
  validDir,
  validFixtures,
} from './fixtures.js';

const context = { templates: fixtureTemplates };

describe('valid workflow fixtures', () => {
  it('include the abandoned-cart example', () => {
    expect(validFixtures).toContain('abandoned-cart.workflow.json');
  });

  it.each(validFixtures)('%s is valid', (file) => {
    const result = validateWorkflow(readFixture(validDir, file), context);
    expect(result.ok ? [] : result.errors).toEqual([]);
  });

  it('parse into the typed workflow, defaults filled in', () => {
    const result = validateWorkflow(readFixture(validDir, 'ramadan-offer.workflow.json'), context);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.workflow).toMatchObject({ id: 'ramadan-offer', priority: 0, status: 'active' });
    expect(result.workflow.trigger).toEqual({
      date: { occasion: { calendar: 'hijri', name: 'eid-al-fitr', offsetDays: -3 }, localTime: '20:30' },
    });
  });
});

describe('invalid workflow fixtures', () => {
  it('every fixture has a row in the table, and every row a fixture', () => {
    expect(invalidFixtures).toEqual(Object.keys(expectedErrors).sort());
  });

  it.each(invalidFixtures)('%s is rejected with a message naming the path', (file) => {
    const expected = expectedErrors[file];
    if (!expected) throw new Error(`no expected errors for ${file}`);
    const result = validateWorkflow(readFixture(invalidDir, file), context);
    if (result.ok) throw new Error(`${file} was accepted`);
    expect(result.errors.map((e) => e.path)).toEqual(expected.paths);
    expect(result.errors[0]?.message).toMatch(expected.message);
  });
});

describe('schemas/workflow.schema.json', () => {
  const committed = readFileSync(join(repositoryRoot, workflowSchemaPath), 'utf8');
  // Ajv's strict mode: unknown keywords or formats in the generated schema would throw here.
  const ajv = new Ajv2020({ allErrors: true, strictTypes: true });
  addFormats.default(ajv);
  const check = ajv.compile(JSON.parse(committed));

  it('is up to date (run `npm run schemas` after changing the zod schema)', () => {
    expect(committed).toBe(generateWorkflowSchema());
    expect(generateSchemas().get(workflowSchemaPath)).toBe(committed);
  });

  it('is what the fixtures name in $schema', () => {
    expect(readFixture(validDir, 'abandoned-cart.workflow.json')).toMatchObject({
      $schema: '../../../../schemas/workflow.schema.json',
    });
  });

  it.each(validFixtures)('accepts %s', (file) => {
    expect(check(readFixture(validDir, file)), JSON.stringify(check.errors)).toBe(true);
  });

  it.each([
    'bad-channel.workflow.json',
    'bad-duration.workflow.json',
    'misspelt-field.workflow.json',
    'missing-next.workflow.json',
    'two-triggers.workflow.json',
    'unknown-step-type.workflow.json',
    'bad-occasion.workflow.json',
  ])('rejects the shape error in %s, as editors will', (file) => {
    expect(check(readFixture(invalidDir, file))).toBe(false);
  });

  it('describes the fields editors complete', () => {
    const schema = JSON.parse(committed);
    expect(schema).toMatchObject({ $id: 'urn:rekindle:schemas:workflow', title: 'Rekindle workflow' });
    expect(schema.properties.priority.description).toMatch(/higher priority/);
    expect(schema.properties.steps.description).toBe('The steps by id');
  });
});
