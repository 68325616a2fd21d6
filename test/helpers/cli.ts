import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { repositoryRoot } from '../../shared/schemas/generate.js';

export const shim = join(repositoryRoot, 'infra/cli/rekindle.js');

export interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the `rekindle` bin as a child process, as `npx rekindle` does. `env` is added to the test's environment,
 * from which the engine's `REKINDLE_*` variables are removed: a command finds the engine a test names, never one
 * that happens to run on the developer's machine.
 */
export async function rekindle(
  args: readonly string[],
  cwd = repositoryRoot,
  env: Readonly<Record<string, string>> = {},
): Promise<Run> {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('REKINDLE_')));
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [shim, ...args], {
      cwd,
      env: { ...inherited, ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    if (error instanceof Error && 'code' in error && typeof error.code === 'number') {
      const output = error as Error & { code: number; stdout: string; stderr: string };
      return { code: output.code, stdout: output.stdout, stderr: output.stderr };
    }
    throw error;
  }
}
