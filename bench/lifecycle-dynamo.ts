import { once } from 'node:events';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { startDynamo } from '../infra/local/dynamodb.js';

/**
 * dynalite on a thread of its own for the lifecycle bench: loading 100,000 profiles keeps the SDK (signing,
 * marshalling) busy on the main thread and dynalite (validation, index writes) on this one, a core each, as DynamoDB
 * is a service of its own.
 */
export async function startDynamoThread(table: string): Promise<{ url: string; close(): Promise<void> }> {
  // Under `tsx` (npm run bench) the thread inherits its TypeScript loader; under vitest it needs it said.
  const loaded = process.execArgv.some((arg) => arg.includes('tsx'));
  const execArgv = loaded ? process.execArgv : [...process.execArgv, '--import', 'tsx'];
  const worker = new Worker(new URL(import.meta.url), { workerData: { table }, execArgv });
  const [started] = await Promise.race([
    once(worker, 'message'),
    once(worker, 'error').then(([e]) => Promise.reject(e)),
  ]);
  const url: unknown = Reflect.get(Object(started), 'url');
  if (typeof url !== 'string') throw new Error('dynalite thread: no url');
  return {
    url,
    close: async () => {
      worker.postMessage('close');
      await once(worker, 'message');
      await worker.terminate();
    },
  };
}

if (!isMainThread && parentPort) {
  const port = parentPort;
  const table: unknown = Reflect.get(Object(workerData), 'table');
  const dynamo = await startDynamo({ port: 0, table: typeof table === 'string' ? table : 'bench' });
  port.postMessage({ url: dynamo.url });
  port.once('message', async () => {
    await dynamo.close();
    port.postMessage('closed');
  });
}
