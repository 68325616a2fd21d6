import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalEngine, startLocalEngine } from '../../infra/local/engine.js';
import { ControllableClock } from '../../shared/platform/clock.js';
import { copyShippedWorkflows } from '../helpers/shipped-workflows.js';

// `npm start` reloads templates with the workflow files: a template that would fail a send (here an unknown MJML tag)
// is refused with its file and line, and customers keep getting the previous version until it is fixed.
const start = '2026-11-02T10:00:00.000Z';
const arabicWelcome = 'templates/welcome/ar.mjml';

describe('the local engine refuses a broken template on reload', () => {
  let dir: string;
  let engine: LocalEngine;
  let events: EventBridgeClient;
  const logged: string[] = [];
  // The shipped welcome series and its templates, from a copy.
  const shipped = copyShippedWorkflows({ ids: ['welcome-series'] });
  const good = readFileSync(join(shipped, arabicWelcome), 'utf8');

  /** Waits (bounded) until `expected`: file watching is asynchronous by nature. */
  const until = async (expected: () => boolean): Promise<boolean> => {
    for (let i = 0; i < 400 && !expected(); i++) await new Promise((resolve) => setTimeout(resolve, 25));
    return expected();
  };
  const register = async (customerId: string) => {
    const Detail = JSON.stringify({
      customerId,
      occurredAt: start,
      email: `${customerId}@example.com`,
      firstName: 'Layla',
      locale: 'ar-SA',
      timezone: 'Asia/Riyadh',
      consents: { email: true },
    });
    const out = await events.send(
      new PutEventsCommand({
        Entries: [{ EventBusName: 'rekindle', Source: 'shop.example', DetailType: 'Customer Registered', Detail }],
      }),
    );
    expect(out.FailedEntryCount ?? 0).toBe(0);
    await fetch(`${engine.endpoints.admin}/settle`, { method: 'POST' });
  };
  /** The subject of the welcome email the customer got, with the message record's status. */
  const welcome = async (customerId: string) => {
    const res = await fetch(`${engine.endpoints.admin}/customers/${customerId}/messages`);
    const { items } = (await res.json()) as { items: { step: string; status: string; providerMessageId: string }[] };
    const message = items.find((m) => m.step === 'welcome');
    const store = (await (await fetch(`${engine.endpoints.ses}/store`)).json()) as {
      emails: { messageId: string; subject: string }[];
    };
    return {
      status: message?.status,
      subject: store.emails.find((e) => e.messageId === message?.providerMessageId)?.subject,
    };
  };

  beforeAll(async () => {
    dir = shipped;
    engine = await startLocalEngine({
      memory: true,
      ports: { admin: 0, eventBridge: 0, dynamodb: 0, ses: 0, sms: 0, whatsapp: 0 },
      clock: new ControllableClock({ start: new Date(start), frozen: true }),
      workflowsDir: dir,
      programFile: join(dir, 'loyalty.json'),
      log: (line) => logged.push(line),
    });
    events = new EventBridgeClient({
      endpoint: engine.endpoints.eventBridge,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
  });
  afterAll(async () => {
    events?.destroy();
    await engine?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('names the broken file and line, and keeps sending the previous version', async () => {
    const line = good.split('\n').findIndex((l) => l.includes('<mj-text>')) + 1;
    writeFileSync(join(dir, arabicWelcome), good.replace(/<mj-text>(.*?)<\/mj-text>/, '<mj-texty>$1</mj-texty>'));
    expect(await until(() => logged.some((l) => l.includes('workflows not reloaded')))).toBe(true);
    expect(logged.join('\n')).toContain(`${arabicWelcome}:${line}: <mj-texty>: Element mj-texty doesn't exist`);

    await register('cus_ar_1');
    expect(await welcome('cus_ar_1')).toEqual({ status: 'sent', subject: 'أهلًا بك يا Layla!' });
  });

  it('sends the fixed version once it is saved', async () => {
    writeFileSync(join(dir, arabicWelcome), good.replace('أهلًا بك', 'مرحبًا بك'));
    expect(await until(() => logged.at(-1)?.startsWith('workflows reloaded') === true)).toBe(true);
    await register('cus_ar_2');
    expect(await welcome('cus_ar_2')).toEqual({ status: 'sent', subject: 'مرحبًا بك يا Layla!' });
  });
});
