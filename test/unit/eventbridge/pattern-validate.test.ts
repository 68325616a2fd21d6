/**
 * What EventBridge rejects when a rule is created (AWS Event Ruler's JsonRuleCompiler), and the JSON path
 * each error names.
 */
import { describe, expect, it } from 'vitest';
import { InvalidPatternError, validatePattern } from '../../../shared/platform/eventbridge/pattern.js';

const errorOf = (pattern: unknown): InvalidPatternError => {
  try {
    validatePattern(pattern);
  } catch (error) {
    if (error instanceof InvalidPatternError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(pattern)} to be rejected`);
};

describe('validatePattern accepts', () => {
  it.each([
    { source: ['aws.ec2'], 'detail-type': ['EC2 Instance State-change Notification'] },
    { detail: { responseElements: [null], eventVersion: [''], flag: [true], n: [5, 123456789012] } },
    { a: [{ prefix: 'x' }, { prefix: { 'equals-ignore-case': 'x' } }, { suffix: { 'equals-ignore-case': 'x' } }] },
    { a: [{ numeric: ['>=', -5e9, '<', 5e9] }, { numeric: ['=', 0.000001] }, { exists: false }] },
    { a: [{ 'anything-but': { wildcard: ['*/lib/*', '*.tmp'] } }, { 'anything-but': 5 }, { cidr: '::/0' }] },
    { a: [{ wildcard: 'a*b*c\\*d\\\\' }], $or: [{ b: ['x'] }, { c: { d: ['y'] } }] },
  ])('%j', (pattern) => {
    expect(validatePattern(pattern)).toBe(pattern);
  });
});

describe('InvalidPatternError', () => {
  it('is an Error named InvalidPatternError whose message leads with the JSON path', () => {
    const error = errorOf({ detail: { price: [{ numeric: ['>>', 5] }] } });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('InvalidPatternError');
    expect(error.path).toBe('detail.price[0].numeric');
    expect(error.message).toBe("detail.price[0].numeric: operator '>>' is not supported");
  });
});

describe('validatePattern rejects', () => {
  it.each<[string, unknown, string]>([
    ['a non-object pattern', ['aws.ec2'], '(root): '],
    ['a null pattern', null, '(root): '],
    ['an empty pattern', {}, '(root): empty objects are not allowed'],
    ['an empty nested object', { detail: {} }, 'detail: empty objects are not allowed'],
    ['a leaf that is not an array', { source: 'aws.ec2' }, 'source: must be an object or an array'],
    ['a null leaf', { source: null }, 'source: must be an object or an array'],
    ['an empty array', { detail: { state: [] } }, 'detail.state: empty arrays are not allowed'],
    ['a nested array value', { source: [['aws.ec2']] }, 'source[0]: match values must be'],
    ['an empty filter object', { source: [{}] }, 'source[0]: a content filter must have exactly one key'],
    ['two operators in one object', { s: [{ prefix: 'a', suffix: 'b' }] }, 's[0]: a content filter must have exactly'],
    ['an unknown operator', { s: ['a', { contains: 'x' }] }, "s[1]: operator 'contains' is not supported"],
    ['a non-string prefix', { s: [{ prefix: 5 }] }, 's[0].prefix: must be a string'],
    ['prefix with another modifier', { s: [{ prefix: { wildcard: 'a' } }] }, "s[0].prefix: operator 'wildcard'"],
    [
      'a non-string suffix ignore-case',
      { s: [{ suffix: { 'equals-ignore-case': 1 } }] },
      's[0].suffix.equals-ignore-case:',
    ],
    [
      'a non-string equals-ignore-case',
      { s: [{ 'equals-ignore-case': ['a'] }] },
      's[0].equals-ignore-case: must be a string',
    ],
    ['a non-boolean exists', { s: [{ exists: 'true' }] }, 's[0].exists: must be true or false'],
    ['exists as a number', { s: [{ exists: 1 }] }, 's[0].exists: must be true or false'],
  ])('%s', (_, pattern, message) => {
    expect(errorOf(pattern).message).toContain(message);
  });

  describe('numeric', () => {
    it.each<[string, unknown, string]>([
      ['a non-array operand', 5, 'n[0].numeric: must be an array'],
      ['an empty array', [], 'n[0].numeric[0]: must be one of'],
      ['a number where the operator goes', [0, '<', 5], 'n[0].numeric[0]: must be one of'],
      ['an unknown operator', ['!=', 5], "n[0].numeric: operator '!=' is not supported"],
      ['a missing operand', ['>'], 'n[0].numeric[1]: must be a number'],
      ['a string operand', ['>', '5'], 'n[0].numeric[1]: must be a number'],
      ['"=" with a second bound', ['=', 1, '<', 2], "n[0].numeric: '=' takes exactly one number"],
      ['a range opened by "<"', ['<', 5, '>', 0], "n[0].numeric: '<' takes exactly one number"],
      ['a range closed by ">"', ['>', 0, '>', 5], 'n[0].numeric[2]: the second operator of a range must be'],
      ['a range missing its upper bound', ['>', 0, '<='], 'n[0].numeric: a range must be'],
      ['a range with too many elements', ['>', 0, '<', 5, 6], 'n[0].numeric: a range must be'],
      ['a non-numeric upper bound', ['>', 0, '<', null], 'n[0].numeric[3]: must be a number'],
      [
        'a lower bound above the upper bound',
        ['>', 5, '<=', 1],
        'the lower bound 5 must be less than the upper bound 1',
      ],
      ['equal bounds', ['>=', 5, '<=', 5], 'the lower bound 5 must be less than the upper bound 5'],
      ['a bound beyond 5e9', ['<', 6e9], 'n[0].numeric[1]: 6000000000 is outside the supported range'],
      ['more than 6 decimals', ['=', 0.1234567], 'n[0].numeric[1]: 0.1234567 has more than 6 digits'],
    ])('%s', (_, numeric, message) => {
      expect(errorOf({ n: [{ numeric }] }).message).toContain(message);
    });
  });

  describe('anything-but', () => {
    it.each<[string, unknown, string]>([
      ['null', null, 'a[0].anything-but: must be a string, a number'],
      ['a boolean', true, 'a[0].anything-but: must be a string, a number'],
      ['an empty list', [], 'a[0].anything-but: must be a non-empty list of only strings or only numbers'],
      ['a mixed list', ['a', 1], 'a[0].anything-but: must be a non-empty list of only strings or only numbers'],
      ['a list holding null', [null], 'a[0].anything-but: must be a non-empty list'],
      ['an out-of-range number', [1, 6e9], 'a[0].anything-but[1]: 6000000000 is outside'],
      ['a single out-of-range number', -6e9, 'a[0].anything-but: -6000000000 is outside'],
      ['an empty object', {}, 'a[0].anything-but: an anything-but object must have exactly one key'],
      ['an unsupported operator', { numeric: ['>', 1] }, "a[0].anything-but: operator 'numeric' is not supported"],
      ['an empty prefix', { prefix: '' }, 'a[0].anything-but.prefix: an empty prefix is not allowed'],
      ['an empty suffix in a list', { suffix: ['.png', ''] }, 'a[0].anything-but.suffix[1]: an empty suffix'],
      ['a non-string prefix', { prefix: 5 }, 'a[0].anything-but.prefix: must be a string'],
      ['an empty prefix list', { prefix: [] }, 'a[0].anything-but.prefix: must not be an empty list'],
      ['a bad wildcard', { wildcard: 'a**' }, 'a[0].anything-but.wildcard: consecutive wildcard characters'],
    ])('%s', (_, operand, message) => {
      expect(errorOf({ a: [{ 'anything-but': operand }] }).message).toContain(message);
    });
  });

  describe('wildcard', () => {
    it.each<[string, unknown, string]>([
      ['consecutive "**"', 'dir/**/x', 'w[0].wildcard: consecutive wildcard characters at position 4'],
      ['a backslash escaping a letter', 'a\\b', "w[0].wildcard: invalid escape at position 1: '\\' may only escape"],
      ['a trailing backslash', 'abc\\', 'w[0].wildcard: invalid escape at position 3'],
      ['a non-string', 5, 'w[0].wildcard: must be a string'],
    ])('%s', (_, wildcard, message) => {
      expect(errorOf({ w: [{ wildcard }] }).message).toContain(message);
    });
  });

  describe('cidr', () => {
    it.each<[string, unknown, string]>([
      ['a missing prefix length', '10.0.0.0', "ip[0].cidr: '10.0.0.0' must be address/prefix-length"],
      ['two slashes', '10.0.0.0/8/8', 'ip[0].cidr: '],
      ['a non-integer length', '10.0.0.0/abc', 'ip[0].cidr: prefix length must be an integer from 0 to 31'],
      ['an IPv4 length of 32', '10.0.0.1/32', 'ip[0].cidr: prefix length must be an integer from 0 to 31'],
      ['an IPv6 length of 128', '::1/128', 'ip[0].cidr: prefix length must be an integer from 0 to 127'],
      ['an octet above 255', '10.0.0.256/24', "ip[0].cidr: '10.0.0.256' is not an IPv4 or IPv6 address"],
      ['an ambiguous octet with a leading zero', '010.0.0.0/8', "ip[0].cidr: '010.0.0.0' is not an IPv4"],
      ['a host name', 'example.com/24', "ip[0].cidr: 'example.com' is not an IPv4 or IPv6 address"],
      ['two "::" in IPv6', '1::2::3/64', "ip[0].cidr: '1::2::3' is not an IPv4 or IPv6 address"],
      ['a number', 10, 'ip[0].cidr: must be a string'],
    ])('%s', (_, cidr, message) => {
      expect(errorOf({ ip: [{ cidr }] }).message).toContain(message);
    });
  });

  describe('$or', () => {
    it.each<[string, unknown, string]>([
      ['$or that is not an array', { $or: { a: ['x'] } }, '$or: $or must be an array of at least 2 objects'],
      ['$or with one branch', { detail: { $or: [{ a: ['x'] }] } }, 'detail.$or: $or must be an array of at least 2'],
      ['$or with a non-object branch', { $or: [{ a: ['x'] }, ['b']] }, '$or[1]: each $or element must be an object'],
      ['$or with an empty branch', { $or: [{ a: ['x'] }, {}] }, '$or[1]: empty objects are not allowed'],
      [
        'an operator name used as a field inside $or',
        { $or: [{ numeric: [1] }, { prefix: ['abc'] }] },
        "$or[0].numeric: 'numeric' is reserved and cannot be a field name inside $or",
      ],
      [
        'a bad filter deep inside $or',
        { detail: { $or: [{ a: ['x'] }, { state: [{ prefix: 1 }] }] } },
        'detail.$or[1].state[0].prefix: must be a string',
      ],
    ])('%s', (_, pattern, message) => {
      expect(errorOf(pattern).message).toContain(message);
    });
  });
});
