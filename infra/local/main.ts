import { parseArgs } from 'node:util';
import { seedDemo } from './demo.js';
import { startLocalEngine } from './engine.js';
import { portsFromEnv, portsUsage } from './ports.js';
import { restoreClock } from './saved-clock.js';

const usage = `Usage: npm start -- [--memory] [--demo] [--data-dir DIR]

  --memory        keep data in memory only (default: persisted under .rekindle/)
  --demo          seed a few customers and events so there is something to look at
  --data-dir DIR  where data is persisted (default .rekindle)

Ports (environment; every \`rekindle\` command reads the same): ${portsUsage}`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      memory: { type: 'boolean', default: false },
      demo: { type: 'boolean', default: false },
      'data-dir': { type: 'string', default: '.rekindle' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(usage);
    return;
  }
  const dataDir = values['data-dir'];
  const engine = await startLocalEngine({
    ports: portsFromEnv(process.env),
    memory: values.memory,
    dataDir,
    ...(values.memory ? {} : { clock: restoreClock(dataDir) }),
    log: (line) => console.log(`[engine] ${line}`),
    ...(process.env.CART_ABANDONED_AFTER ? { cartAbandonedAfter: process.env.CART_ABANDONED_AFTER } : {}),
  });
  const e = engine.endpoints;
  // Said up front: with --memory a stop, a crash or Ctrl-C loses everything, events not yet handled included.
  const kept = values.memory
    ? 'NOTHING survives a stop (--memory): data, events not yet handled and the clock are lost'
    : `${dataDir}/ (accepted events and the clock survive a crash; unfinished deliveries resume on start)`;
  console.log(`Rekindle local engine is up (${values.memory ? 'in memory' : `data in ${dataDir}/`})
  Data          ${kept}
  Admin API     ${e.admin}   (GET /customers/{id}, /customers/{id}/timeline, /dlq, POST /clock; spec: /openapi.json)
  EventBridge   ${e.eventBridge}   (PutEvents; buses "rekindle" and "default")
  DynamoDB      ${e.dynamodb}   (table "${engine.tableName}")
  SES v2        ${e.ses}   (sent mail: ${e.ses}/store)
  SMS           ${e.sms}   (End User Messaging SMS; sent texts: ${e.sms}/messages)
  WhatsApp      ${e.whatsapp}   (End User Messaging Social; sent messages: ${e.whatsapp}/messages)
  Workflows     ${engine.workflows.map((w) => `${w.id} v${w.version}`).join(', ') || 'none'} (reloaded when workflows/ changes)
  Clock         ${engine.clock.now().toISOString()}
Press Ctrl-C to stop.`);
  if (values.demo) {
    const seeded = await seedDemo(engine);
    console.log(
      `Demo data: ${seeded.events} events for ${seeded.customers.join(', ')}; try ${e.admin}/customers/${seeded.customers[0]}`,
    );
  }

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping...`);
    engine.stop().then(
      () => {
        console.log('stopped cleanly');
        process.exit(0);
      },
      (error: unknown) => {
        console.error('stop failed', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
