import { describe, expect, it } from 'vitest';
import { holds } from '../../../../shared/workflow/core/interpreter/conditions.js';
import type { Context } from '../../../../shared/workflow/core/interpreter/types.js';
import type { Condition } from '../../../../shared/workflow/core/schema/workflow.js';

const context: Context = {
  profile: { tier: 'gold', email: 'a@example.com', consents: { sms: true }, attributes: { vip: true, score: 7 } },
  points: { available: 1200 },
  stats: { orders: 3, revenue: 250.5, lastOrderAt: '2026-02-01T10:00:00Z' },
  engagement: { 'email-1': { delivered: true, opened: true, clicked: false } },
};

const cases: [string, Condition, boolean][] = [
  ['tier in list', { path: 'profile.tier', op: 'in', value: ['gold', 'platinum'] }, true],
  ['tier not in list', { path: 'profile.tier', op: 'in', value: ['silver'] }, false],
  ['consent', { path: 'profile.consents.sms', op: 'eq', value: true }, true],
  ['missing consent is not true', { path: 'profile.consents.email', op: 'eq', value: true }, false],
  ['points gte', { path: 'points.available', op: 'gte', value: 1000 }, true],
  ['points lt', { path: 'points.available', op: 'lt', value: 1000 }, false],
  ['orders gt', { path: 'stats.orders', op: 'gt', value: 2 }, true],
  ['date lt', { path: 'stats.lastOrderAt', op: 'lt', value: '2026-03-01' }, true],
  ['date gt', { path: 'stats.lastOrderAt', op: 'gt', value: '2026-03-01' }, false],
  ['missing field compares false', { path: 'stats.refunded', op: 'lt', value: 100 }, false],
  ['attribute exists', { path: 'attributes.vip', op: 'exists' }, true],
  ['attribute absent', { path: 'attributes.churned', op: 'exists', value: false }, true],
  ['missing is null', { path: 'profile.phone', op: 'eq', value: null }, true],
  ['opened', { path: 'steps.email-1.opened', op: 'eq', value: true }, true],
  ['clicked', { path: 'steps.email-1.clicked', op: 'eq', value: true }, false],
  ['unknown step engagement is false', { path: 'steps.sms-1.delivered', op: 'eq', value: false }, true],
  [
    'all',
    {
      all: [
        { path: 'profile.tier', op: 'eq', value: 'gold' },
        { path: 'stats.orders', op: 'gte', value: 5 },
      ],
    },
    false,
  ],
  [
    'any',
    {
      any: [
        { path: 'profile.tier', op: 'eq', value: 'silver' },
        { path: 'stats.orders', op: 'gte', value: 3 },
      ],
    },
    true,
  ],
  ['not', { not: { path: 'attributes.vip', op: 'eq', value: true } }, false],
  ['string and number differ', { path: 'attributes.score', op: 'eq', value: '7' }, false],
];

describe('branch conditions', () => {
  it.each(cases)('%s', (_, condition, expected) => {
    expect(holds(condition, context)).toBe(expected);
  });
});
