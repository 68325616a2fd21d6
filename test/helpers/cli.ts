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

/** Runs the `rekindle` bin as a child process, as `npx rekindle` does. */
export async function rekindle(args: readonly string[], cwd = repositoryRoot): Promise<Run> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [shim, ...args], { cwd });
    return { code: 0, stdout, stderr };
  } catch (error) {
    if (error instanceof Error && 'code' in error && typeof error.code === 'number') {
      const output = error as Error & { code: number; stdout: string; stderr: string };
      return { code: output.code, stdout: output.stdout, stderr: output.stderr };
    }
    throw error;
  }
}
