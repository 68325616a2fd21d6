import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { type EngineOptions, type LocalEngine, startLocalEngine } from '../../infra/local/engine.js';
import { ControllableClock } from '../../shared/platform/clock.js';
import { copyShippedWorkflows } from '../helpers/shipped-workflows.js';

/** The whole local engine on free ports, in memory, with a frozen clock; plus the clients a storefront would use. */
export interface EngineHarness {
  readonly engine: LocalEngine;
  /** The workflow files the engine runs: a copy of the shipped ones unless the test gave its own. */
  readonly workflowsDir: string;
  readonly events: EventBridgeClient;
  put(entries: PutEventsRequestEntry[]): Promise<{ FailedEntryCount: number; Entries: unknown[] }>;
  settle(): Promise<void>;
  get(path: string): Promise<{ status: number; body: unknown }>;
  post(path: string, body: unknown): Promise<{ status: number; body: unknown }>;
  delete(path: string, body?: unknown): Promise<{ status: number; body: unknown }>;
  stop(): Promise<void>;
}

/**
 * Starts the engine over `options.workflowsDir`, by default a fresh copy of the shipped workflows (and their
 * templates and loyalty program): never the marketer's own folder, which may hold anything.
 */
export async function startHarness(
  start = new Date('2026-11-01T09:00:00Z'),
  options: Pick<EngineOptions, 'workflowsDir' | 'programFile'> = {},
): Promise<EngineHarness> {
  const workflowsDir = options.workflowsDir ?? copyShippedWorkflows();
  const engine = await startLocalEngine({
    workflowsDir,
    // The program beside the workflows when the folder has one (every copy does), else the shipped one's copy.
    programFile: options.programFile ?? programBeside(workflowsDir),
    memory: true,
    ports: { admin: 0, eventBridge: 0, dynamodb: 0, ses: 0, sms: 0, whatsapp: 0 },
    clock: new ControllableClock({ start, frozen: true }),
  });
  const events = new EventBridgeClient({
    endpoint: engine.endpoints.eventBridge,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${engine.endpoints.admin}${path}`, {
      method,
      ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    });
    return { status: res.status, body: await res.json() };
  };
  return {
    engine,
    workflowsDir,
    events,
    put: async (entries) => {
      const out = await events.send(new PutEventsCommand({ Entries: entries }));
      return { FailedEntryCount: out.FailedEntryCount ?? 0, Entries: out.Entries ?? [] };
    },
    settle: async () => {
      await call('POST', '/settle');
    },
    get: (path) => call('GET', path),
    post: (path, body) => call('POST', path, body),
    delete: (path, body) => call('DELETE', path, body),
    stop: async () => {
      events.destroy();
      await engine.stop();
    },
  };
}

function programBeside(workflowsDir: string): string {
  const beside = join(workflowsDir, 'loyalty.json');
  return existsSync(beside) ? beside : join(copyShippedWorkflows({ ids: [] }), 'loyalty.json');
}
