import { describe, expect, it } from 'vitest';
import {
  campaignOutcome,
  cutoffOf,
  defaultSince,
  type InactiveCustomerFacts,
  inactiveCsvCells,
  inactiveCsvHeader,
  inactiveCustomer,
  maskEmail,
  sinceIssue,
} from '../../../shared/lifecycle/core/inactive-report.js';
import type { Enrollment } from '../../../shared/workflow/core/interpreter/types.js';

const now = new Date('2027-03-01T12:00:00.000Z');

const enrollment = (over: Partial<Enrollment>): Enrollment => ({
  id: 'win-back#c1#-',
  workflowId: 'win-back',
  version: 1,
  customerId: 'c1',
  key: null,
  enrolledAt: '2027-01-01T00:00:00.000Z',
  status: 'active',
  step: 'offer',
  wake: null,
  waitingFor: null,
  goalDeadline: null,
  history: [],
  visits: {},
  exitReason: null,
  endedAt: null,
  ...over,
});

const facts = (over: Partial<InactiveCustomerFacts> = {}): InactiveCustomerFacts => ({
  customerId: 'c1',
  firstName: 'Layla',
  lastName: 'Haddad',
  email: 'layla@example.com',
  lastActiveAt: '2026-12-20T18:00:00.000Z',
  orders: 2,
  lastOrderAt: '2026-11-02T10:00:00.000Z',
  revenue: 250.1,
  refunded: 40.05,
  currency: 'SAR',
  loyalty: null,
  enrollments: [],
  lastMessage: null,
  ...over,
});

describe('inactive report: the row a marketer reads', () => {
  it('counts whole days of silence and nets refunds off the revenue', () => {
    const row = inactiveCustomer(facts(), [], now);
    expect(row).toMatchObject({ name: 'Layla Haddad', daysInactive: 70, revenue: 210.05, currency: 'SAR' });
    expect(row).toMatchObject({ points: 0, tier: null, lastCampaign: null, lastMessage: null });
  });

  it('masks the email to its first character and domain; a missing name is null', () => {
    expect(maskEmail('layla@example.com')).toBe('l***@example.com');
    expect(maskEmail('ليلى@example.sa')).toBe('ل***@example.sa');
    expect(maskEmail('not-an-address')).toBe('***');
    expect(inactiveCustomer(facts({ firstName: null, lastName: null, email: null }), [], now)).toMatchObject({
      name: null,
      email: null,
    });
  });

  it('the last campaign is the enrollment entered last, with the name of the version entered', () => {
    const older = enrollment({ id: 'welcome#c1#-', workflowId: 'welcome', enrolledAt: '2026-06-01T00:00:00.000Z' });
    const newer = enrollment({ version: 2, enrolledAt: '2027-01-10T00:00:00.000Z' });
    const names = [
      { id: 'win-back', version: 1, name: 'Win back v1' },
      { id: 'win-back', version: 2, name: 'Win back' },
    ];
    const row = inactiveCustomer(facts({ enrollments: [newer, older] }), names, now);
    expect(row.lastCampaign).toEqual({
      workflowId: 'win-back',
      workflowName: 'Win back',
      version: 2,
      enteredAt: '2027-01-10T00:00:00.000Z',
      outcome: 'in-progress',
      step: 'offer',
      endedAt: null,
    });
  });

  it('names the outcome: converted, timed out, completed, exited, purged, held out, stopped', () => {
    const at = now.toISOString();
    const ended = { status: 'exited' as const, endedAt: '2027-02-01T00:00:00.000Z' };
    expect(campaignOutcome(enrollment({ status: 'converted' }), at)).toBe('converted');
    expect(
      campaignOutcome(enrollment({ ...ended, exitReason: 'completed', goalDeadline: '2027-02-08T00:00:00.000Z' }), at),
    ).toBe('timed-out');
    expect(
      campaignOutcome(enrollment({ ...ended, exitReason: 'completed', goalDeadline: '2027-03-08T00:00:00.000Z' }), at),
    ).toBe('completed');
    expect(campaignOutcome(enrollment({ ...ended, exitReason: 'completed' }), at)).toBe('completed');
    expect(campaignOutcome(enrollment({ ...ended, exitReason: 'exit-event' }), at)).toBe('exited');
    expect(campaignOutcome(enrollment({ ...ended, exitReason: 'purged' }), at)).toBe('purged');
    expect(campaignOutcome(enrollment({ status: 'held-out', exitReason: 'held-out' }), at)).toBe('held-out');
    expect(campaignOutcome(enrollment({ ...ended, exitReason: 'step-budget' }), at)).toBe('stopped');
  });

  it('one CSV cell per header column, numbers kept as numbers', () => {
    const cells = inactiveCsvCells(inactiveCustomer(facts({ enrollments: [enrollment({})] }), [], now));
    expect(cells).toHaveLength(inactiveCsvHeader.length);
    expect(cells.slice(0, 8)).toEqual([
      'c1',
      'Layla Haddad',
      'l***@example.com',
      '2026-12-20T18:00:00.000Z',
      70,
      2,
      '2026-11-02T10:00:00.000Z',
      210.05,
    ]);
    expect(cells[inactiveCsvHeader.indexOf('campaignOutcome')]).toBe('in-progress');
  });
});

describe('inactive report: the days it covers', () => {
  it('the cutoff is `days` before now; the default horizon three years before its day', () => {
    const cutoff = cutoffOf(now, 60);
    expect(cutoff).toBe('2026-12-31T12:00:00.000Z');
    expect(defaultSince(cutoff)).toBe('2023-12-31');
  });

  it('refuses a horizon after the cutoff day or more than ten years before it', () => {
    const cutoff = cutoffOf(now, 60);
    expect(sinceIssue('2026-12-31', cutoff)).toBeNull();
    expect(sinceIssue('2016-12-31', cutoff)).toBeNull();
    expect(sinceIssue('2027-01-01', cutoff)).toMatch(/on or before 2026-12-31/);
    expect(sinceIssue('2016-12-30', cutoff)).toMatch(/on or after 2016-12-31/);
  });
});
