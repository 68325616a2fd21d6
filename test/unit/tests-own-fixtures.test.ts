import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repositoryRoot } from '../../shared/schemas/generate.js';

// Tests own their fixtures: only test/helpers/shipped-workflows.ts reads the marketer's workflows/ folder (the named
// shipped files, into a copy). A test reading the folder itself would see whatever a marketer saved there.
const readsMarketerFolder =
  /(\.\.\/)+workflows\b|repo(sitory)?Root, *'workflows|readFileSync\( *'workflows\/|templatesDir: *'workflows/;

/** Files that still read the folder directly, each to move to the copy helper by the engineer who owns it. */
const notMovedYet = new Set([
  'test/integration/lifecycle/purge.test.ts',
  'test/integration/loyalty/currencies.test.ts',
  'test/unit/loyalty/birthday.test.ts',
  'test/unit/messaging/shipped-templates.test.ts',
  'test/unit/platform/currency.test.ts',
  'test/unit/schemas/rekindle-events.test.ts',
]);

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'fixtures' ? [] : testFiles(path);
    return entry.name.endsWith('.ts') ? [relative(repositoryRoot, path)] : [];
  });
}

describe("tests and the marketer's workflows/ folder", () => {
  it('no test reads it, except through the shipped-workflows copy helper', () => {
    const readers = testFiles(join(repositoryRoot, 'test')).filter(
      (file) =>
        file !== 'test/helpers/shipped-workflows.ts' &&
        file !== 'test/unit/tests-own-fixtures.test.ts' &&
        !notMovedYet.has(file) &&
        readsMarketerFolder.test(readFileSync(join(repositoryRoot, file), 'utf8')),
    );
    const hint =
      'read shipped files through copyShippedWorkflows() in test/helpers/shipped-workflows.ts; ' +
      'a newly shipped workflow is added to its shippedWorkflows list';
    expect(readers, hint).toEqual([]);
  });
});
