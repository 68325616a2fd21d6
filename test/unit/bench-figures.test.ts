import { describe, expect, it } from 'vitest';
import { emptyCounters } from '../../bench/dynamo-meter.js';
import { customers, make } from '../../bench/events.js';
import { gatherFigures, writtenBy } from '../../bench/figures.js';
import { type PhaseResult, redeliveryPhase, targetsOf } from '../../bench/tracking.js';

const [customer] = customers('t', 1);
if (!customer) throw new Error('no customer');

describe('bench: the functions an event reaches', () => {
  it('a known customer’s storefront event goes to track, and its fact on to loyalty and workflows', () => {
    expect(targetsOf([make.orderCompleted(customer)])).toBe('track→loyalty+workflow');
    expect(targetsOf([make.productViewed(customer)])).toBe('track→workflow');
  });

  it('a visitor’s event hands no fact on; SES engagement and unrouted events go where the routing table says', () => {
    expect(targetsOf([make.productViewedAnonymous(customer)])).toBe('track');
    expect(targetsOf([make.emailOpened(customer)])).toBe('engagement');
    expect(targetsOf([make.unrouted(customer)])).toBe('–');
  });
});

describe('bench: what a phase writes', () => {
  const phase = (name: string, writes: Record<string, number>, units: Record<string, number>): PhaseResult => ({
    name,
    events: 2,
    putEventsCalls: 1,
    wallMs: 1,
    cpuMicros: 1,
    delivered: 2,
    failedAttempts: 0,
    parked: 0,
    indexWritesCounted: true,
    targets: 'track→loyalty',
    dynamo: { ...emptyCounters(), reportedWriteUnits: 3, requests: { PutItem: 2 } },
    byFunction: {
      loyalty: {
        ...emptyCounters(),
        writes: { 'PutItem CUST/LOYALTY': 1 },
        writeUnitsByKey: { 'PutItem CUST/LOYALTY': 2 },
      },
      track: { ...emptyCounters(), writes, writeUnitsByKey: units },
    },
  });

  it('names each write by function, operation and kind of key, per event, with its units', () => {
    const p = phase(redeliveryPhase, { 'PutItem CUST/EVT': 2 }, { 'PutItem CUST/EVT': 1 });
    expect(writtenBy(p)).toEqual([
      'track: PutItem CUST/EVT ×1.00 (0.50 WCU)',
      'loyalty: PutItem CUST/LOYALTY ×0.50 (1.00 WCU)',
    ]);
    const figures = gatherFigures({ tracking: { warmUpEvents: 0, mix: p, perType: [p], baseline: p, failures: [] } });
    expect(figures.redelivered?.writeUnits).toBe(1.5);
    expect(figures.redelivered?.writes).toHaveLength(2);
    expect(figures.productViewed).toBeUndefined();
  });
});
