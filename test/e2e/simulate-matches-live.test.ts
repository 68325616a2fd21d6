import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repositoryRoot } from '../../shared/schemas/generate.js';
import { rekindle } from '../helpers/cli.js';
import { type EngineHarness, startHarness } from './local-engine.js';

// Issue 4: `rekindle simulate` over a recorded history prints the same sends the live engine makes for it. The
// history is what the bus carried: the shop's events and the engine's own Cart Abandoned, which start the workflow.
// The shop's events are replayed into the local engine through the real SDK, each at its own time on the engine's
// clock, and the engine announces the abandoned carts itself: they must be the recorded ones. The live sends are
// the message records, the simulated ones the CLI's JSON report over the whole recording.
const history = 'test/fixtures/workflows/recorded/abandoned-cart.jsonl';
const until = '2026-11-12T00:00:00.000Z';

interface Recorded {
  'detail-type': string;
  source: string;
  time: string;
  detail: { customerId: string };
}
interface Send {
  customerId: string;
  key: string;
  step: string;
  template: string;
  at: string;
  /** Why it did not go out (the workflow's daily cap); null when sent. */
  skipped: string | null;
}

const lines: Recorded[] = readFileSync(join(repositoryRoot, history), 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => JSON.parse(l));
const customers = [...new Set(lines.map((l) => l.detail.customerId))].sort();
/** Rekindle's own events in the recording: the live engine publishes these itself. */
const isEngines = (l: Recorded) => l.source === 'rekindle';
const byKey = (a: Send, b: Send) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

describe('rekindle simulate agrees with the live engine', () => {
  let h: EngineHarness;
  beforeAll(async () => {
    h = await startHarness(new Date(lines[0]?.time ?? until));
    for (const line of lines.filter((l) => !isEngines(l))) {
      if (Date.parse(line.time) > h.engine.clock.now().getTime()) await h.post('/clock', { set: line.time });
      const entry: PutEventsRequestEntry = {
        EventBusName: 'rekindle',
        Source: line.source,
        DetailType: line['detail-type'],
        Detail: JSON.stringify(line.detail),
        Time: new Date(line.time),
      };
      expect((await h.put([entry])).FailedEntryCount).toBe(0);
      await h.settle();
    }
    await h.post('/clock', { set: until });
    await h.settle();
  });
  afterAll(async () => h?.stop());

  it('announces the recorded Cart Abandoned, once each, and no other', async () => {
    const { body } = await h.get(`/bus/events?type=${encodeURIComponent('Cart Abandoned')}`);
    const announced = (body as { items: Recorded[] }).items.map((e) => ({
      'detail-type': e['detail-type'],
      source: e.source,
      time: e.time,
      detail: e.detail,
    }));
    const recorded = lines.filter(isEngines);
    const byTimeAndCustomer = (a: Recorded, b: Recorded) =>
      a.time.localeCompare(b.time) || a.detail.customerId.localeCompare(b.detail.customerId);
    expect(recorded.length).toBeGreaterThanOrEqual(5);
    expect(announced.sort(byTimeAndCustomer)).toEqual(recorded.sort(byTimeAndCustomer));
  });

  it('sends (and skips) the same messages, at the same times, under the same idempotency keys', async () => {
    const live: Send[] = [];
    for (const customerId of customers) {
      const { body } = await h.get(`/customers/${customerId}/messages?limit=100`);
      const items = (
        body as {
          items: (Send & {
            idempotencyKey: string;
            status: string;
            workflow: { id: string };
            history: { detail?: string }[];
          })[];
        }
      ).items;
      for (const m of items.filter((i) => i.workflow.id === 'abandoned-cart')) {
        const skipped = m.status === 'skipped' ? (m.history[0]?.detail ?? 'skipped') : null;
        live.push({ customerId, key: m.idempotencyKey, step: m.step, template: m.template, at: m.at, skipped });
      }
    }

    // Run where the engine's copy of the shipped workflows is: the same file the live engine ran.
    const run = await rekindle(
      [
        'simulate',
        'workflows/abandoned-cart.workflow.json',
        '--events',
        join(repositoryRoot, history),
        '--until',
        until,
        '--json',
      ],
      dirname(h.workflowsDir),
    );
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as {
      customers: {
        customerId: string;
        enrollments: {
          messages: { idempotencyKey: string; step: string; template: string; at: string; skipped?: string }[];
        }[];
      }[];
    };
    const simulated: Send[] = report.customers.flatMap((c) =>
      c.enrollments.flatMap((e) =>
        e.messages.map((m) => ({
          customerId: c.customerId,
          key: m.idempotencyKey,
          step: m.step,
          template: m.template,
          at: m.at,
          skipped: m.skipped ?? null,
        })),
      ),
    );

    // The history exercises both branches for several customers, orders with and without the cart's id, one before
    // the cart counts as abandoned (cus-farah: never enters), and the workflow's daily cap (two carts of one customer
    // make a third message within 24 hours).
    expect(simulated.filter((s) => s.skipped === null).length).toBeGreaterThanOrEqual(6);
    expect(simulated.filter((s) => s.skipped !== null).map((s) => s.customerId)).toEqual(['cus-dana']);
    expect(simulated.filter((s) => s.customerId === 'cus-farah')).toEqual([]);
    expect(live.sort(byKey)).toEqual(simulated.sort(byKey));
  });
});
