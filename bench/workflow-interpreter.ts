import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { pack, unpack } from '../shared/platform/dynamodb/packed.js';
import { advance } from '../shared/workflow/core/interpreter/advance.js';
import type { Context, Enrollment, IncomingEvent, Input } from '../shared/workflow/core/interpreter/types.js';
import { type Workflow, workflowDefinition } from '../shared/workflow/core/schema/workflow.js';
import { median } from './bundles.js';

/**
 * The workflow interpreter alone (`advance`, no I/O): synthetic customers run through a workflow, fed enter, wake and
 * event inputs the way the executor feeds them (a wake with the enrollment's own token at its time; an event before
 * the next wake when there is one). A step is an entry in `enrollment.visits`. Beside it, what the executor does to
 * the same enrollment on every step (parse it, unpack and pack its stored form), timed in the same run.
 */

export interface InterpreterOptions {
  /** Customers per round. */
  readonly customers: number;
  /** Timed rounds (after one warm-up round); the median round is reported. */
  readonly rounds: number;
}

export interface InterpreterRow {
  readonly workflow: string;
  readonly customers: number;
  /** Calls of `advance`. */
  readonly advances: number;
  readonly steps: number;
  /** The median round. */
  readonly ms: number;
  readonly stepsPerSecond: number;
  readonly microsPerStep: number;
}

export interface BaselineRow {
  readonly name: string;
  readonly bytes: number;
  readonly microsPerOp: number;
}

export interface InterpreterResult {
  readonly rows: readonly InterpreterRow[];
  readonly baselines: readonly BaselineRow[];
}

const start = '2026-11-02T10:00:00.000Z';
const hours = (h: number) => new Date(Date.parse(start) + h * 3_600_000).toISOString();

/** The shipped cart recovery workflow, which the engine bench runs too. */
export const shippedCartWorkflow = new URL('../workflows/abandoned-cart.workflow.json', import.meta.url);
const fixtureFile = new URL('../test/fixtures/workflows/valid/abandoned-cart.workflow.json', import.meta.url);

interface Subject {
  readonly label: string;
  readonly workflow: Workflow;
  readonly source: string;
}

export const parseFile = (file: URL): Workflow => workflowDefinition.parse(JSON.parse(readFileSync(file, 'utf8')));

function subjects(): Subject[] {
  return [
    {
      label: 'abandoned-cart (workflows/, the engine bench’s)',
      workflow: parseFile(shippedCartWorkflow),
      source: 'rekindle', // entered on the engine's Cart Abandoned
    },
    {
      label: 'abandoned-cart v2 fixture (holdout, branch)',
      workflow: parseFile(fixtureFile),
      source: 'rekindle',
    },
  ];
}

interface Customer {
  readonly id: string;
  readonly cartId: string;
  readonly context: Context;
  /** Half the customers order 5 hours after entering (after the email, before the timeout). */
  readonly order: IncomingEvent | null;
}

function customersFor(count: number): Customer[] {
  return Array.from({ length: count }, (_, i) => {
    const id = `cus_${i}`;
    const cartId = `cart_${i}`;
    return {
      id,
      cartId,
      context: {
        profile: {
          email: `${id}@example.com`,
          phone: '+966500000000',
          locale: 'ar-SA',
          timezone: 'Asia/Riyadh',
          consents: { email: true, sms: i % 3 !== 0 },
        },
        points: { available: 120, pending: 0, lifetime: 120 },
        stats: { orders: i % 4, revenue: 80 * (i % 4) },
        engagement: { 'email-1': { delivered: true, opened: i % 2 === 0, clicked: false } },
      },
      order:
        i % 2 === 0
          ? {
              detailType: 'Order Completed',
              source: 'shop.example',
              detail: { customerId: id, cartId, orderId: `ord_${i}`, total: 80, currency: 'SAR' },
              occurredAt: hours(5),
            }
          : null,
    };
  });
}

/** One customer's journey (to its end, or `maxAdvances` calls of `advance`); the calls and the enrollment then. */
function journey(
  subject: Subject,
  c: Customer,
  maxAdvances = Number.POSITIVE_INFINITY,
): { advances: number; enrollment: Enrollment | null } {
  const detail = { customerId: c.id, cartId: c.cartId, total: 80, currency: 'SAR' };
  const enter: Input = {
    kind: 'enter',
    at: start,
    customerId: c.id,
    trigger: { detailType: triggerType(subject.workflow), source: subject.source, detail },
  };
  let enrollment = advance(subject.workflow, null, enter, c.context).enrollment;
  let advances = 1;
  let pending = c.order;
  while (enrollment && advances < maxAdvances) {
    const wake = enrollment.status === 'active' ? enrollment.wake : null;
    let input: Input;
    if (pending && (!wake || pending.occurredAt < wake.at)) {
      input = { kind: 'event', event: pending, now: pending.occurredAt };
      pending = null;
    } else if (wake) {
      input = { kind: 'wake', now: wake.at, token: wake.token };
    } else break;
    enrollment = advance(subject.workflow, enrollment, input, c.context).enrollment;
    advances++;
  }
  return { advances, enrollment };
}

const triggerType = (workflow: Workflow): string =>
  'event' in workflow.trigger ? workflow.trigger.event.detailType : '';

const stepsOf = (enrollment: Enrollment | null): number =>
  Object.values(enrollment?.visits ?? {}).reduce((a, b) => a + b, 0);

function round(subject: Subject, customers: readonly Customer[]) {
  let advances = 0;
  let steps = 0;
  const begin = performance.now();
  for (const c of customers) {
    const done = journey(subject, c);
    advances += done.advances;
    steps += stepsOf(done.enrollment);
  }
  return { ms: performance.now() - begin, advances, steps };
}

export function runInterpreter(options: InterpreterOptions): InterpreterResult {
  const customers = customersFor(options.customers);
  const rows = subjects().map((subject): InterpreterRow => {
    round(subject, customers); // warm-up: JIT
    const timed = Array.from({ length: options.rounds }, () => round(subject, customers));
    const ms = median(timed.map((r) => r.ms));
    const { advances, steps } = timed[0] ?? { advances: 0, steps: 0 };
    return {
      workflow: subject.label,
      customers: customers.length,
      advances,
      steps,
      ms,
      stepsPerSecond: steps / (ms / 1000),
      microsPerStep: (ms * 1000) / steps,
    };
  });
  return { rows, baselines: baselines(customers) };
}

/** The per-step work of the executor around `advance`, on a mid-journey enrollment (waiting for the order). */
function baselines(customers: readonly Customer[]): BaselineRow[] {
  const [subject] = subjects();
  const first = customers[1]; // one who never orders
  if (!subject || !first) return [];
  const { enrollment } = journey(subject, first, 2); // entered, then woken: waiting for the order
  const json = JSON.stringify(enrollment);
  const stored = pack(enrollment);
  const iterations = 20_000;
  const time = (op: () => unknown): number => {
    for (let i = 0; i < 1000; i++) op(); // warm-up
    const samples = Array.from({ length: 5 }, () => {
      const begin = performance.now();
      for (let i = 0; i < iterations / 5; i++) op();
      return ((performance.now() - begin) * 1000) / (iterations / 5);
    });
    return median(samples);
  };
  return [
    { name: 'JSON.parse of the enrollment', bytes: Buffer.byteLength(json), microsPerOp: time(() => JSON.parse(json)) },
    { name: 'unpack: gunzip + JSON.parse (load)', bytes: stored.byteLength, microsPerOp: time(() => unpack(stored)) },
    {
      name: 'pack: JSON.stringify + gzip (commit)',
      bytes: stored.byteLength,
      microsPerOp: time(() => pack(enrollment)),
    },
  ];
}
