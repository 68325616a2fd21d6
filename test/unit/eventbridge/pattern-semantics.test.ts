/**
 * Matching edge cases beyond the guide's examples, following AWS Event Ruler (the engine behind EventBridge).
 */
import { describe, expect, it } from 'vitest';
import { matchesPattern, validatePattern } from '../../../shared/platform/eventbridge/pattern.js';

const matches = (pattern: unknown, event: unknown): boolean => matchesPattern(validatePattern(pattern), event);

describe('value types', () => {
  it('never matches the string "5" with the number 5, either way round', () => {
    expect(matches({ n: ['5'] }, { n: 5 })).toBe(false);
    expect(matches({ n: [5] }, { n: '5' })).toBe(false);
  });

  it('compares numbers by value: 300 matches 3e2 and 5 matches 5.0', () => {
    expect(matches({ n: [300] }, JSON.parse('{"n": 3e2}'))).toBe(true);
    expect(matches({ n: [5] }, JSON.parse('{"n": 5.0}'))).toBe(true);
    expect(matches({ n: [5] }, { n: 5.5 })).toBe(false);
  });

  it('matches booleans only with JSON booleans', () => {
    expect(matches({ flag: [true] }, { flag: true })).toBe(true);
    expect(matches({ flag: [true] }, { flag: 'true' })).toBe(false);
    expect(matches({ flag: [false] }, { flag: 0 })).toBe(false);
  });

  it('applies string filters to strings only', () => {
    expect(matches({ n: [{ prefix: '1' }] }, { n: 12 })).toBe(false);
    expect(matches({ n: [{ suffix: '2' }] }, { n: 12 })).toBe(false);
    expect(matches({ n: [{ wildcard: '*' }] }, { n: 12 })).toBe(false);
    expect(matches({ n: [{ 'equals-ignore-case': 'true' }] }, { n: true })).toBe(false);
  });

  it('applies numeric filters to JSON numbers only, not numeric strings', () => {
    expect(matches({ n: [{ numeric: ['>', 0] }] }, { n: '5' })).toBe(false);
  });
});

describe('numeric boundaries', () => {
  it.each([
    [['>', 0], 0, false],
    [['>=', 0], 0, true],
    [['<', 5], 5, false],
    [['<=', 5], 5, true],
    [['=', 5], 5, true],
    [['>', 0, '<', 5], 5, false],
    [['>=', -1.5, '<=', 5], -1.5, true],
    [['>', 0, '<=', 5], 0.000001, true],
  ])('numeric %j on %d is %s', (numeric, value, expected) => {
    expect(matches({ n: [{ numeric }] }, { n: value })).toBe(expected);
  });

  it('only compares numbers within ±5e9, so an open "> 0" does not match 6e9', () => {
    expect(matches({ n: [{ numeric: ['>', 0] }] }, { n: 5e9 })).toBe(true);
    expect(matches({ n: [{ numeric: ['>', 0] }] }, { n: 6e9 })).toBe(false);
  });
});

describe('anything-but', () => {
  it('does not match an event that lacks the field', () => {
    expect(matches({ detail: { state: [{ 'anything-but': 'initializing' }] } }, { detail: {} })).toBe(false);
  });

  it('matches values of other types than the excluded ones', () => {
    expect(matches({ state: [{ 'anything-but': 'initializing' }] }, { state: 5 })).toBe(true);
    expect(matches({ state: [{ 'anything-but': 'initializing' }] }, { state: null })).toBe(true);
    expect(matches({ limit: [{ 'anything-but': [100, 200] }] }, { limit: '100' })).toBe(true);
    expect(matches({ limit: [{ 'anything-but': { prefix: 'x' } }] }, { limit: 7 })).toBe(true);
  });

  it('matches an event array when any element is not excluded', () => {
    const pattern = { state: [{ 'anything-but': 'initializing' }] };
    expect(matches(pattern, { state: ['initializing', 'running'] })).toBe(true);
    expect(matches(pattern, { state: ['initializing'] })).toBe(false);
  });

  it('accepts lists of prefixes and suffixes', () => {
    const pattern = { region: [{ 'anything-but': { prefix: ['us-', 'eu-'] } }] };
    expect(matches(pattern, { region: 'ap-south-1' })).toBe(true);
    expect(matches(pattern, { region: 'eu-west-1' })).toBe(false);
  });
});

describe('exists', () => {
  it('counts null as an existing leaf value', () => {
    expect(matches({ a: [{ exists: true }] }, { a: null })).toBe(true);
    expect(matches({ a: [{ exists: false }] }, { a: null })).toBe(false);
  });

  it('treats an empty array or object as absent, since neither holds a leaf', () => {
    expect(matches({ a: [{ exists: true }] }, { a: [] })).toBe(false);
    expect(matches({ a: [{ exists: false }] }, { a: [] })).toBe(true);
    expect(matches({ a: [{ exists: false }] }, { a: {} })).toBe(true);
  });

  it('sees an array of values as an existing field', () => {
    expect(matches({ a: [{ exists: true }] }, { a: [1, 2] })).toBe(true);
  });

  it('"exists": false fails if any element of an event array of objects has the field', () => {
    const pattern = { items: { discount: [{ exists: false }] } };
    expect(matches(pattern, { items: [{ sku: 'a' }, { sku: 'b' }] })).toBe(true);
    expect(matches(pattern, { items: [{ sku: 'a' }, { sku: 'b', discount: 5 }] })).toBe(false);
  });

  it('"exists": false only sees the array element chosen by fields whose names sort before it', () => {
    // Event Ruler walks pattern fields in name order; absence is judged against the elements chosen so far.
    const event = { items: [{ a: 'x', d: 5 }, { a: 'y' }] };
    expect(matches({ items: { a: ['y'], d: [{ exists: false }] } }, event)).toBe(true);
    expect(matches({ items: { z: ['y'], d: [{ exists: false }] } }, { items: [{ z: 'x', d: 5 }, { z: 'y' }] })).toBe(
      false,
    );
  });

  it('can be combined with values in the same list: absent or "x"', () => {
    const pattern = { a: [{ exists: false }, 'x'] };
    expect(matches(pattern, {})).toBe(true);
    expect(matches(pattern, { a: 'x' })).toBe(true);
    expect(matches(pattern, { a: 'y' })).toBe(false);
  });
});

describe('nesting and arrays of objects', () => {
  const employees = {
    employees: [
      { firstName: 'John', lastName: 'Doe' },
      { firstName: 'Anna', lastName: 'Smith' },
      { firstName: 'Peter', lastName: 'Jones' },
    ],
  };

  it('matches the nested keys of the pattern against each object of an event array', () => {
    expect(matches({ employees: { firstName: ['Anna'] } }, employees)).toBe(true);
    expect(matches({ employees: { firstName: ['Maria'] } }, employees)).toBe(false);
  });

  it('requires the fields matched inside an array to come from the same element', () => {
    expect(matches({ employees: { firstName: ['Anna'], lastName: ['Smith'] } }, employees)).toBe(true);
    expect(matches({ employees: { firstName: ['Anna'], lastName: ['Jones'] } }, employees)).toBe(false);
  });

  it('looks through arrays nested in arrays', () => {
    const nested = { employees: [[{ firstName: 'John' }, { firstName: 'Anna' }], [{ firstName: 'Peter' }]] };
    expect(matches({ employees: { firstName: ['Peter'] } }, nested)).toBe(true);
  });

  it('does not match a nested pattern against a scalar, nor a leaf pattern against an object', () => {
    expect(matches({ detail: { state: { name: ['running'] } } }, { detail: { state: 'running' } })).toBe(false);
    expect(matches({ detail: { state: ['running'] } }, { detail: { state: { name: 'running' } } })).toBe(false);
  });

  it('does not match a non-object event', () => {
    expect(matches({ source: ['aws.ec2'] }, 'aws.ec2')).toBe(false);
    expect(matches({ source: ['aws.ec2'] }, null)).toBe(false);
  });
});

describe('$or', () => {
  it('nests: source && (metricName || (metricType && namespace && (metricId || spaceId)) || scope)', () => {
    const pattern = {
      source: ['aws.cloudwatch'],
      $or: [
        { metricName: ['CPUUtilization', 'ReadLatency'] },
        {
          metricType: ['MetricType'],
          namespace: ['AWS/EC2', 'AWS/ES'],
          $or: [{ metricId: [1234] }, { spaceId: [1000] }],
        },
        { scope: ['Service'] },
      ],
    };
    const base = { source: 'aws.cloudwatch', metricType: 'MetricType', namespace: 'AWS/EC2' };
    expect(matches(pattern, { ...base, spaceId: 1000 })).toBe(true);
    expect(matches(pattern, { ...base, spaceId: 1001 })).toBe(false);
    expect(matches(pattern, { source: 'aws.cloudwatch', scope: 'Service' })).toBe(true);
  });

  it('combines parallel $or groups at different levels with AND', () => {
    const pattern = {
      $or: [{ metricName: ['CPUUtilization'] }, { namespace: ['AWS/EC2'] }],
      detail: { $or: [{ source: ['aws.cloudwatch'] }, { 'detail-type': ['CloudWatch Alarm State Change'] }] },
    };
    expect(matches(pattern, { namespace: 'AWS/EC2', detail: { source: 'aws.cloudwatch' } })).toBe(true);
    expect(matches(pattern, { namespace: 'AWS/EC2', detail: { source: 'aws.ec2' } })).toBe(false);
  });
});

describe('cidr and IP addresses', () => {
  it('ignores host bits of the block address: 10.0.0.77/24 covers 10.0.0.0-255', () => {
    expect(matches({ ip: [{ cidr: '10.0.0.77/24' }] }, { ip: '10.0.0.1' })).toBe(true);
  });

  it('matches IPv6 blocks whatever the address notation', () => {
    const pattern = { ip: [{ cidr: '2001:db8::/32' }] };
    expect(matches(pattern, { ip: '2001:DB8:ffff::1' })).toBe(true);
    expect(matches(pattern, { ip: '2001:0db9::1' })).toBe(false);
    expect(matches(pattern, { ip: '10.0.0.1' })).toBe(false);
  });

  it('matches only strings that are IP addresses', () => {
    const pattern = { ip: [{ cidr: '0.0.0.0/0' }] };
    expect(matches(pattern, { ip: '203.0.113.9' })).toBe(true);
    expect(matches(pattern, { ip: 'localhost' })).toBe(false);
    expect(matches(pattern, { ip: '10.0.0.256' })).toBe(false);
    expect(matches(pattern, { ip: 167772161 })).toBe(false);
  });

  it('treats an IPv4-mapped IPv6 address as the IPv4 address, as Java (and so EventBridge) does', () => {
    expect(matches({ ip: [{ cidr: '10.0.0.0/8' }] }, { ip: '::ffff:a00:1' })).toBe(true);
  });

  it('matches an exact IP string against any notation of the same address', () => {
    expect(matches({ ip: ['2001:db8::1'] }, { ip: '2001:0db8:0:0:0:0:0:1' })).toBe(true);
    expect(matches({ ip: ['2001:db8::1'] }, { ip: '2001:db8::2' })).toBe(false);
  });
});

describe('wildcard', () => {
  it.each([
    ['*', '', true],
    ['*Title*', 'The Title Page', true],
    ['*.png', 'photo.png.jpg', false],
    ['a*ab', 'aab', true],
    ['a*ab', 'ab', false],
    ['a*b*c', 'axxbyyc', true],
    ['a*b*c', 'axxcyyb', false],
    ['*x*y*', 'xy', true],
    ['*x*y*', 'yx', false],
    ['Simple*Service', 'simple queue service', false],
    ['\\*literal', '*literal', true],
    ['\\*literal', 'xliteral', false],
    ['back\\\\slash', 'back\\slash', true],
  ])('wildcard %j on %j is %s', (wildcard, value, expected) => {
    expect(matches({ v: [{ wildcard }] }, { v: value })).toBe(expected);
  });
});
