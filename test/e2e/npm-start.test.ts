import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';

// `npm start` itself: prints its endpoints, answers on them, and stops cleanly on Ctrl-C (SIGINT).
describe('npm start', () => {
  it('prints every endpoint, serves the admin API and exits 0 on SIGINT', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'infra/local/main.ts', '--memory'], {
      env: {
        ...process.env,
        REKINDLE_ADMIN_PORT: '0',
        REKINDLE_EVENTBRIDGE_PORT: '0',
        REKINDLE_DYNAMODB_PORT: '0',
        REKINDLE_SES_PORT: '0',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    await waitFor(
      () => out.includes('Press Ctrl-C'),
      30_000,
      () => out,
    );
    for (const name of ['Admin API', 'EventBridge', 'DynamoDB', 'SES v2', 'Clock']) expect(out).toContain(name);
    const admin = /Admin API\s+(http:\/\/\S+)/.exec(out)?.[1];
    expect(admin).toBeDefined();
    const health = await fetch(`${admin}/health`);
    expect(await health.json()).toEqual({ ok: true });
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(out).toContain('stopped cleanly');
  });
});

async function waitFor(ready: () => boolean, timeoutMs: number, show: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(`timed out; output so far:\n${show()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
