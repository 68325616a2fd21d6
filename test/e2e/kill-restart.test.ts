import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { afterAll, describe, expect, it } from 'vitest';

// `npm start` on disk, SIGKILLed in the middle of a burst: every event PutEvents answered 200 for is processed once
// after the restart, and the clock is not behind where it was. Waits on conditions only (the machine may be busy).
const customers = 250; // a Customer Registered and an Order Completed each: 500 events in calls of 10
const killAfterCalls = 20; // accepted calls before the kill, of the 50
const ready = 120_000;

interface Engine {
  readonly child: ChildProcessWithoutNullStreams;
  readonly admin: string;
  readonly events: EventBridgeClient;
  output(): string;
  readonly exited: Promise<number | null>;
}

describe('the local engine killed mid-burst', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'rekindle-kill-'));
  const running: Engine[] = [];
  afterAll(() => {
    for (const engine of running) {
      engine.events.destroy();
      engine.child.kill('SIGKILL');
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps every accepted event and its clock across SIGKILL', { timeout: 600_000 }, async () => {
    const first = await start(dataDir);
    running.push(first);
    expect((await call(first, 'POST', '/clock', { advance: 'P30D' })).status).toBe(200);
    const at = ((await call(first, 'GET', '/clock')).body as { now: string }).now;
    const shop = (i: number): PutEventsRequestEntry[] => {
      const customerId = `cus_kill_${i}`;
      const item = { productId: 'sku_1', name: 'Oud', price: 100, quantity: 1 };
      const order = {
        customerId,
        orderId: `ord_kill_${i}`,
        occurredAt: at,
        total: 100,
        currency: 'SAR',
        items: [item],
      };
      const registered = { customerId, occurredAt: at, email: `${customerId}@shop.example`, locale: 'en' };
      return [entry('Customer Registered', registered), entry('Order Completed', order)];
    };
    // A customer handled before the burst says what each one ends with.
    await send(first, shop(-1));
    await call(first, 'POST', '/settle');
    const expected = await customer(first, -1);
    expect(expected.stats.orders).toBe(1);

    const calls = Array.from({ length: customers / 5 }, (_, c) => [0, 1, 2, 3, 4].flatMap((k) => shop(c * 5 + k)));
    const accepted: number[] = [];
    let clockBeforeKill = '';
    let killed: Promise<void> | undefined;
    const sender = async (): Promise<void> => {
      for (let c = calls.shift(); c !== undefined; c = calls.shift()) {
        const index = customers / 5 - calls.length - 1;
        if (!(await send(first, c).catch(() => false))) return; // refused or cut off by the kill: not accepted
        accepted.push(...[0, 1, 2, 3, 4].map((k) => index * 5 + k));
        if (accepted.length >= killAfterCalls * 5 && !killed) {
          killed = (async () => {
            clockBeforeKill = ((await call(first, 'GET', '/clock')).body as { now: string }).now;
            first.child.kill('SIGKILL');
          })();
        }
      }
    };
    await Promise.all([sender(), sender(), sender(), sender()]);
    await killed;
    await first.exited;
    expect(accepted.length).toBeGreaterThanOrEqual(killAfterCalls * 5);

    const second = await start(dataDir);
    running.push(second);
    // The kill came while deliveries were pending: the restart replays them (else this test proves nothing).
    const replayed = Number(/replaying (\d+) unfinished deliveries/.exec(second.output())?.[1] ?? 0);
    expect(replayed, second.output()).toBeGreaterThan(0);
    const settled = await call(second, 'POST', '/settle');
    expect(settled.body).toMatchObject({ pending: 0, parkFailed: 0 });
    const missing: string[] = [];
    for (const i of accepted) {
      const got = await customer(second, i).catch((error: unknown) => ({ error }));
      if (!('stats' in got) || got.stats.orders !== 1 || JSON.stringify(got.points) !== JSON.stringify(expected.points))
        missing.push(`cus_kill_${i}: ${JSON.stringify(got)}`);
    }
    expect(
      missing,
      `of ${accepted.length} accepted; dlq: ${JSON.stringify((await call(second, 'GET', '/dlq')).body)}`,
    ).toEqual([]);
    const clockAfter = ((await call(second, 'GET', '/clock')).body as { now: string }).now;
    expect(Date.parse(clockAfter)).toBeGreaterThanOrEqual(Date.parse(clockBeforeKill));
    console.log(`kill-restart: ${accepted.length} customers accepted before the kill, ${replayed} deliveries replayed`);

    second.child.kill('SIGINT');
    expect(await second.exited).toBe(0);
  });

  it('says in its banner that nothing survives a stop with --memory', async () => {
    const engine = await start(dataDir, ['--memory']);
    running.push(engine);
    expect(engine.output()).toMatch(/Data\s+NOTHING survives a stop \(--memory\)/);
    engine.child.kill('SIGINT');
    expect(await engine.exited).toBe(0);
  });
});

const entry = (DetailType: string, detail: object): PutEventsRequestEntry => ({
  EventBusName: 'rekindle',
  Source: 'shop.example',
  DetailType,
  Detail: JSON.stringify(detail),
});

/** True when every entry was accepted (answered 200, FailedEntryCount 0). No SDK retries: the kill must show. */
async function send(engine: Engine, entries: PutEventsRequestEntry[]): Promise<boolean> {
  const out = await engine.events.send(new PutEventsCommand({ Entries: entries }));
  return (out.FailedEntryCount ?? 0) === 0;
}

async function call(engine: Engine, method: string, path: string, body?: unknown) {
  const res = await fetch(`${engine.admin}${path}`, {
    method,
    ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  });
  return { status: res.status, body: (await res.json()) as unknown };
}

async function customer(engine: Engine, i: number) {
  const { status, body } = await call(engine, 'GET', `/customers/cus_kill_${i}`);
  if (status !== 200) throw new Error(`status ${status}`);
  return body as { stats: { orders: number }; points: unknown };
}

/** `npm start`'s entry on `dataDir`, every port free; resolves once it printed its banner. */
async function start(dataDir: string, args: string[] = []): Promise<Engine> {
  const ports = ['ADMIN', 'EVENTBRIDGE', 'DYNAMODB', 'SES', 'SMS', 'WHATSAPP'].map((p) => [`REKINDLE_${p}_PORT`, '0']);
  const child = spawn(process.execPath, ['--import', 'tsx', 'infra/local/main.ts', '--data-dir', dataDir, ...args], {
    env: { ...process.env, ...Object.fromEntries(ports) },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  const collect = (chunk: Buffer) => {
    out += chunk.toString();
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  const deadline = Date.now() + ready;
  while (!out.includes('Press Ctrl-C')) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`engine did not start:\n${out}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const url = (name: string) => new RegExp(`${name}\\s+(http://\\S+)`).exec(out)?.[1] ?? '';
  const events = new EventBridgeClient({
    endpoint: url('EventBridge'),
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  return { child, admin: url('Admin API'), events, output: () => out, exited };
}
