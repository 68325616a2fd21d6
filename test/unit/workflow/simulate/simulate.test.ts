import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  parseEventLines,
  type RecordedEvent,
  type SimulationReport,
  simulate,
} from '../../../../shared/workflow/core/simulate.js';
import { fixturesDir } from '../fixtures.js';
import { loadWorkflow } from '../interpreter/journey.js';

const workflow = loadWorkflow('abandoned-cart');
const eventsFile = join(fixturesDir, 'events/abandoned-cart.jsonl');

function recorded(text = readFileSync(eventsFile, 'utf8')): readonly RecordedEvent[] {
  const parsed = parseEventLines(text);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.events;
}

const enrollmentOf = (report: SimulationReport, customerId: string) => {
  const customer = report.customers.find((c) => c.customerId === customerId);
  expect(customer?.enrollments).toHaveLength(1);
  const enrollment = customer?.enrollments[0];
  if (!enrollment) throw new Error(`${customerId} not enrolled`);
  return enrollment;
};

const sends = (report: SimulationReport, customerId: string) =>
  enrollmentOf(report, customerId).messages.map((m) => `${m.at} ${m.channel} ${m.template} ${m.idempotencyKey}`);

describe('simulate: abandoned cart over a recorded history', () => {
  const report = simulate(workflow, recorded());

  it('emails both customers 4 hours after their cart, and texts the coupon only to the one who ordered late', () => {
    expect(sends(report, 'customer-ada')).toEqual([
      '2026-03-02T14:00:00.000Z email cart-reminder abandoned-cart#customer-ada#cart-ada:email-1:1',
    ]);
    expect(sends(report, 'customer-bo')).toEqual([
      '2026-03-02T15:30:00.000Z email cart-reminder abandoned-cart#customer-bo#cart-bo:email-1:1',
      '2026-03-03T15:30:00.000Z sms cart-coupon abandoned-cart#customer-bo#cart-bo:sms-coupon:1',
    ]);
    expect(enrollmentOf(report, 'customer-bo').messages[1]?.offer).toEqual({
      coupon: { percent: 10, expiresIn: 'P3D' },
    });
  });

  it('counts one conversion, with its revenue, and says how each enrollment ended', () => {
    const ada = enrollmentOf(report, 'customer-ada');
    const bo = enrollmentOf(report, 'customer-bo');
    expect(ada.conversions).toEqual([
      { at: '2026-03-02T18:00:00.000Z', event: 'Order Completed', revenue: 80.5, key: null, control: false },
    ]);
    expect(ada.outcome).toMatchObject({ status: 'converted', step: 'wait-order', endedAt: '2026-03-02T18:00:00.000Z' });
    // Bo's order came after the 7-day goal window: no conversion.
    expect(bo.conversions).toEqual([]);
    expect(bo.outcome).toMatchObject({ status: 'exited', reason: 'completed', step: 'done', wake: null });
    expect(report.summary).toEqual({
      customers: 2,
      enrolled: 2,
      converted: 1,
      controlConverted: 0,
      revenue: 80.5,
      messages: 3,
      skippedEvents: 0,
    });
  });

  it('records the whole path with times, including the branch taken on the timeout', () => {
    expect(enrollmentOf(report, 'customer-bo').path.map((p) => `${p.at} ${p.step}: ${p.outcome}`)).toEqual([
      '2026-03-02T11:30:00.000Z control-group: treated',
      '2026-03-02T11:30:00.000Z wait-4h: waiting until 2026-03-02T15:30:00.000Z',
      '2026-03-02T15:30:00.000Z wait-4h: waited',
      '2026-03-02T15:30:00.000Z email-1: sent',
      '2026-03-02T15:30:00.000Z wait-order: waiting for Order Completed until 2026-03-03T15:30:00.000Z',
      '2026-03-03T15:30:00.000Z wait-order: timeout',
      '2026-03-03T15:30:00.000Z engaged: case 0',
      '2026-03-03T15:30:00.000Z sms-coupon: sent',
      '2026-03-03T15:30:00.000Z done: exited',
    ]);
  });

  it('is the same report whatever the order of the lines, sorted by customer', () => {
    const lines = readFileSync(eventsFile, 'utf8').trimEnd().split('\n');
    const shuffled = simulate(workflow, recorded([...lines].reverse().join('\n')));
    expect(shuffled.customers.map((c) => c.customerId)).toEqual(['customer-ada', 'customer-bo']);
    // Line numbers differ, nothing else: the report does not carry them.
    expect(shuffled).toEqual(report);
  });

  it('uses the context of the recorded line: without engagement, the coupon goes by email', () => {
    const text = readFileSync(eventsFile, 'utf8').replace(/,"context":\{.*\}\}\}\}/, '}');
    expect(text).not.toContain('context');
    expect(
      sends(simulate(workflow, recorded(text)), 'customer-bo').map((s) => s.split(' ').slice(1, 3).join(' ')),
    ).toEqual(['email cart-reminder', 'email cart-coupon']);
  });

  it('stops the clock at --until, leaving the enrollment waiting, and skips later events', () => {
    const stopped = simulate(workflow, recorded(), { until: '2026-03-03T00:00:00Z' });
    expect(stopped.until).toBe('2026-03-03T00:00:00.000Z');
    expect(sends(stopped, 'customer-bo')).toHaveLength(1);
    expect(enrollmentOf(stopped, 'customer-bo').outcome).toMatchObject({
      status: 'active',
      step: 'wait-order',
      wake: { at: '2026-03-03T15:30:00.000Z' },
    });
    expect(stopped.summary.skippedEvents).toBe(1);
  });

  it('delivers an order to the right cart only, and lists customers who never enrolled', () => {
    const text = [
      '{"detail-type":"Cart Abandoned","source":"rekindle","time":"2026-03-02T10:00:00Z","detail":{"customerId":"customer-ada","cartId":"c1","total":50}}',
      '{"detail-type":"Cart Abandoned","source":"rekindle","time":"2026-03-02T10:00:00Z","detail":{"customerId":"customer-ada","cartId":"c2","total":60}}',
      '{"detail-type":"Order Completed","source":"shop","time":"2026-03-02T12:00:00Z","detail":{"customerId":"customer-ada","cartId":"c2","total":60}}',
      '{"detail-type":"Cart Abandoned","source":"rekindle","time":"2026-03-02T10:00:00Z","detail":{"customerId":"customer-bo","cartId":"c3","total":5}}',
    ].join('\n');
    const result = simulate(workflow, recorded(text));
    const ada = result.customers.find((c) => c.customerId === 'customer-ada');
    expect(ada?.enrollments.map((e) => [e.key, e.outcome.status, e.messages.length])).toEqual([
      ['c1', 'exited', 2],
      ['c2', 'converted', 0],
    ]);
    expect(result.customers.find((c) => c.customerId === 'customer-bo')).toEqual({
      customerId: 'customer-bo',
      events: 1,
      enrollments: [],
    });
    expect(result.summary).toMatchObject({ customers: 2, enrolled: 1, converted: 1, revenue: 60, messages: 2 });
  });
});

describe('parseEventLines', () => {
  it('reports each malformed line by its number, skipping blank lines', () => {
    const good = '{"detail-type":"X","source":"s","time":"2026-01-01T00:00:00Z","detail":{"customerId":"c"}}';
    const parsed = parseEventLines(
      [
        good,
        '',
        '{not json',
        '{"detail-type":"X","source":"s","time":"yesterday","detail":{"customerId":"c"}}',
        good.replace('"customerId":"c"', '"id":"c"'),
      ].join('\n'),
    );
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors.map((e) => e.line)).toEqual([3, 4, 5]);
    expect(parsed.errors[0]?.message).toMatch(/^not valid JSON/);
    expect(parsed.errors[1]?.message).toMatch(/^time: must be an ISO-8601 time/);
    expect(parsed.errors[2]?.message).toMatch(/^detail\.customerId: /);
  });

  it('reads the envelope, normalises the time and keeps the context', () => {
    const parsed = parseEventLines(
      '{"detail-type":"X","source":"s","time":"2026-01-01T03:00:00+03:00","detail":{"customerId":"c","n":1},"context":{"points":{"available":5}}}\n',
    );
    expect(parsed).toEqual({
      ok: true,
      events: [
        {
          detailType: 'X',
          source: 's',
          time: '2026-01-01T00:00:00.000Z',
          detail: { customerId: 'c', n: 1 },
          customerId: 'c',
          context: { profile: {}, points: { available: 5 } },
          line: 1,
        },
      ],
    });
  });
});
