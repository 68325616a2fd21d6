import { execFile } from 'node:child_process';
import { accessSync, constants, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { repositoryRoot } from '../../../shared/schemas/generate.js';
import { rekindle, shim } from '../../helpers/cli.js';
import { copyShippedWorkflows } from '../../helpers/shipped-workflows.js';
import { expectedErrors, invalidDir, invalidFixtures, templatesDir, validDir, validFixtures } from './fixtures.js';

const templates = ['--templates', templatesDir];

describe('rekindle validate', () => {
  it('exits 0 when every file is valid, with a summary line', async () => {
    const run = await rekindle(['validate', validDir, ...templates]);
    expect(run.stdout).toBe(
      `${validFixtures.length} workflow files checked: ${validFixtures.length} valid, 0 invalid (0 errors)\n`,
    );
    expect(run.code).toBe(0);
  });

  it('exits 1 on the malformed fixtures, printing file: path: message for each', async () => {
    const run = await rekindle(['validate', invalidDir, ...templates]);
    expect(run.code).toBe(1);
    const lines = run.stdout.trimEnd().split('\n');
    for (const file of invalidFixtures) {
      const expected = expectedErrors[file];
      if (!expected) throw new Error(`no expected errors for ${file}`);
      const printed = lines.filter((line) => line.startsWith(`${join(invalidDir, file)}: `));
      expect(
        printed.map((line) => line.split(': ')[1]),
        file,
      ).toEqual(expected.paths);
      expect(printed[0]?.slice(`${join(invalidDir, file)}: ${expected.paths[0]}: `.length), file).toMatch(
        expected.message,
      );
    }
    const errorCount = Object.values(expectedErrors).reduce((n, e) => n + e.paths.length, 0);
    expect(lines.at(-1)).toBe(
      `${invalidFixtures.length} workflow files checked: 0 valid, ${invalidFixtures.length} invalid (${errorCount} errors)`,
    );
  });

  it('prints JSON with --json', async () => {
    const files = [join(validDir, 'abandoned-cart.workflow.json'), join(invalidDir, 'bad-channel.workflow.json')];
    const run = await rekindle(['validate', ...files, ...templates, '--json']);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toEqual({
      ok: false,
      files: [
        { file: files[0], ok: true, errors: [], warnings: [] },
        {
          file: files[1],
          ok: false,
          errors: [{ path: 'steps.email-1.channel', message: 'must be one of "email", "sms", "whatsapp"' }],
          warnings: [],
        },
      ],
    });
  });

  it('warns, still valid, when nobody would enter: the inactivity sweep does not announce its days here', async () => {
    // The shipped win-back, from a copy: a project holding only it and its templates.
    const shippedProject = dirname(copyShippedWorkflows({ ids: ['win-back'] }));
    vi.stubEnv('INACTIVITY_DAYS', '30,90');
    try {
      const run = await rekindle(['validate', 'workflows/win-back.workflow.json'], shippedProject);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(
        'workflows/win-back.workflow.json: warning: trigger.segment.inactiveDays: 60 days are not announced ' +
          '(INACTIVITY_DAYS is 30,90), so nobody will enter: add 60 to INACTIVITY_DAYS',
      );
    } finally {
      vi.unstubAllEnvs();
    }
    const announced = await rekindle(['validate', 'workflows/win-back.workflow.json'], shippedProject);
    expect(announced.stdout).not.toContain('warning');
  });

  describe('in a project folder', () => {
    const project = mkdtempSync(join(tmpdir(), 'rekindle-cli-'));
    afterAll(() => rmSync(project, { recursive: true, force: true }));
    cpSync(
      join(repositoryRoot, validDir, 'abandoned-cart.workflow.json'),
      join(project, 'workflows/abandoned-cart.workflow.json'),
    );
    cpSync(join(repositoryRoot, templatesDir, 'cart-reminder'), join(project, 'workflows/templates/cart-reminder'), {
      recursive: true,
    });
    writeFileSync(join(project, 'workflows/broken.workflow.json'), '{ "id": "broken",, }');
    const renamed = readFileSync(join(repositoryRoot, validDir, 'welcome-series.workflow.json'), 'utf8');
    writeFileSync(join(project, 'workflows/welcome.workflow.json'), renamed);
    writeFileSync(join(project, 'workflows/notes.json'), '{}');

    it('checks workflows/*.workflow.json by default, with templates/ beside them', async () => {
      const run = await rekindle(['validate'], project);
      expect(run.code).toBe(1);
      expect(run.stdout.trimEnd().split('\n')).toEqual([
        // cart-coupon is not in this project's templates; cart-reminder is.
        'workflows/abandoned-cart.workflow.json: steps.sms-coupon.template: template "cart-coupon" not found: ' +
          'expected a folder templates/cart-coupon/ with e.g. en.sms.txt (sms)',
        'workflows/abandoned-cart.workflow.json: steps.email-coupon.template: template "cart-coupon" not found: ' +
          'expected a folder templates/cart-coupon/ with e.g. en.mjml (email)',
        expect.stringMatching(/^workflows\/broken\.workflow\.json: not valid JSON: .*line 1 column 18/),
        'workflows/welcome.workflow.json: steps.welcome.template: template "welcome" not found: expected a folder ' +
          'templates/welcome/ with e.g. en.mjml (email)',
        'workflows/welcome.workflow.json: steps.digest.template: template "welcome" not found: expected a folder ' +
          'templates/welcome/ with e.g. en.mjml (email)',
        'workflows/welcome.workflow.json: id: must match the file name: "welcome" for welcome.workflow.json',
        '3 workflow files checked: 0 valid, 3 invalid (6 errors)',
      ]);
    });

    it('says so when a file does not exist', async () => {
      const run = await rekindle(['validate', 'workflows/nope.workflow.json'], project);
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(/^workflows\/nope\.workflow\.json: cannot read: .*ENOENT/);
    });
  });
});

describe('rekindle', () => {
  it('prints help with --help and exits 0', async () => {
    const run = await rekindle(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: rekindle <command>/);
    expect(run.stdout).toMatch(/validate +check workflow files/);
  });

  it('prints the options of validate with validate --help', async () => {
    const run = await rekindle(['validate', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/--templates DIR/);
  });

  it('exits 2 on an unknown command or option', async () => {
    const command = await rekindle(['deploy']);
    expect(command.code).toBe(2);
    expect(command.stderr).toMatch(/^rekindle: unknown command "deploy"/);
    const option = await rekindle(['validate', '--strict']);
    expect(option.code).toBe(2);
    expect(option.stderr).toMatch(/^rekindle validate: Unknown option '--strict'/);
  });

  it('is the package bin, runnable as npx rekindle', async () => {
    const pkg = JSON.parse(readFileSync(join(repositoryRoot, 'package.json'), 'utf8'));
    expect(pkg.bin).toEqual({ rekindle: 'infra/cli/rekindle.js' });
    accessSync(shim, constants.X_OK);
    const { stdout } = await promisify(execFile)('npx', ['--no-install', 'rekindle', '--help'], {
      cwd: repositoryRoot,
    });
    expect(stdout).toMatch(/^Usage: rekindle <command>/);
  });
});
