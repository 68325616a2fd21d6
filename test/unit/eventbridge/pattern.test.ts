/**
 * Examples from the Amazon EventBridge user guide: each `describe` names the page, and each test an example
 * event/pattern pair documented there (or the documented rule it illustrates).
 */
import { describe, expect, it } from 'vitest';
import { matchesPattern, validatePattern } from '../../../shared/platform/eventbridge/pattern.js';

const matches = (pattern: unknown, event: unknown): boolean => matchesPattern(validatePattern(pattern), event);

const ec2Terminated = {
  version: '0',
  id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
  'detail-type': 'EC2 Instance State-change Notification',
  source: 'aws.ec2',
  account: '111122223333',
  time: '2017-12-22T18:43:48Z',
  region: 'us-west-1',
  resources: ['arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0'],
  detail: { 'instance-id': 'i-1234567890abcdef0', state: 'terminated' },
};

/** The example event of the content-filtering examples (also Event Ruler's README). */
const ec2Running = {
  version: '0',
  id: 'ddddd4-aaaa-7777-4444-345dd43cc333',
  'detail-type': 'EC2 Instance State-change Notification',
  source: 'aws.ec2',
  account: '012345679012',
  time: '2017-10-02T16:24:49Z',
  region: 'us-east-1',
  resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-000000aaaaaa00000'],
  detail: {
    'c-count': 5,
    'd-count': 3,
    'x-limit': 301.8,
    'source-ip': '10.0.0.33',
    'instance-id': 'i-000000aaaaaa00000',
    state: 'running',
  },
};

const withDetail = (detail: Record<string, unknown>) => ({
  ...ec2Running,
  detail: { ...ec2Running.detail, ...detail },
});

describe('Creating Amazon EventBridge event patterns', () => {
  const terminations = {
    source: ['aws.ec2'],
    'detail-type': ['EC2 Instance State-change Notification'],
    detail: { state: ['terminated'] },
  };

  it('selects the EC2 instance-termination event, ignoring fields the pattern does not name', () => {
    expect(matches(terminations, ec2Terminated)).toBe(true);
  });

  it('requires every field of the pattern to match (AND)', () => {
    expect(matches(terminations, { ...ec2Terminated, detail: { state: 'running' } })).toBe(false);
    expect(matches(terminations, { ...ec2Terminated, source: 'aws.ecs' })).toBe(false);
  });

  it('requires the field names to be present with the same nesting', () => {
    const { detail: _detail, ...withoutDetail } = ec2Terminated;
    expect(matches(terminations, withoutDetail)).toBe(false);
    expect(matches(terminations, { ...ec2Terminated, state: 'terminated', detail: {} })).toBe(false);
  });

  it('matches any one of several values of a field (OR), as in "source": ["aws.ec2", "aws.fargate"]', () => {
    const pattern = { source: ['aws.ec2', 'aws.fargate'] };
    expect(matches(pattern, ec2Terminated)).toBe(true);
    expect(matches(pattern, { ...ec2Terminated, source: 'aws.fargate' })).toBe(true);
    expect(matches(pattern, { ...ec2Terminated, source: 'aws.s3' })).toBe(false);
  });

  it('compares strings exactly, character by character and case-sensitively', () => {
    expect(matches({ detail: { state: ['Terminated'] } }, ec2Terminated)).toBe(false);
    expect(matches({ detail: { state: ['terminated '] } }, ec2Terminated)).toBe(false);
  });
});

describe('Arrays in Amazon EventBridge event patterns', () => {
  const pattern = {
    resources: [
      'arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f',
      'arn:aws:ec2:us-east-1:111122223333:instance/i-b188560f',
      'arn:aws:ec2:us-east-1:444455556666:instance/i-b188560f',
    ],
  };

  it('matches when the pattern array and the event array intersect', () => {
    const event = {
      resources: [
        'arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:eb56d16b-bbf0-401d-b893-d5978ed4a025:autoScalingGroupName/ASGTerminate',
        'arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f',
      ],
    };
    expect(matches(pattern, event)).toBe(true);
  });

  it('does not match when the arrays have no value in common', () => {
    expect(matches(pattern, { resources: ['arn:aws:ec2:us-east-1:999999999999:instance/i-b188560f'] })).toBe(false);
  });
});

describe('Matching events on null values and empty strings in Amazon EventBridge', () => {
  const event = {
    version: '0',
    id: '3e3c153a-8339-4e30-8c35-687ebef853fe',
    'detail-type': 'EC2 Instance Launch Successful',
    source: 'aws.autoscaling',
    account: '123456789012',
    time: '2015-11-11T21:31:47Z',
    region: 'us-east-1',
    resources: [],
    detail: { eventVersion: '', responseElements: null },
  };

  it('matches an empty string with [""]', () => {
    expect(matches({ detail: { eventVersion: [''] } }, event)).toBe(true);
  });

  it('matches a null value with [null]', () => {
    expect(matches({ detail: { responseElements: [null] } }, event)).toBe(true);
  });

  it('does not treat null and the empty string as interchangeable', () => {
    expect(matches({ detail: { responseElements: [''] } }, event)).toBe(false);
    expect(matches({ detail: { eventVersion: [null] } }, event)).toBe(false);
  });
});

describe('Content filtering in Amazon EventBridge event patterns', () => {
  describe('prefix matching', () => {
    it('matches "time" values starting with "2017-10-02"', () => {
      expect(matches({ time: [{ prefix: '2017-10-02' }] }, ec2Running)).toBe(true);
      expect(matches({ time: [{ prefix: '2017-10-03' }] }, ec2Running)).toBe(false);
    });

    it('matches a prefix regardless of case with equals-ignore-case', () => {
      const pattern = { detail: { service: [{ prefix: { 'equals-ignore-case': 'EventB' } }] } };
      expect(matches(pattern, withDetail({ service: 'EVENTBRIDGE' }))).toBe(true);
      expect(matches(pattern, withDetail({ service: 'eventbridge' }))).toBe(true);
      expect(matches(pattern, withDetail({ service: 'Lambda' }))).toBe(false);
    });
  });

  describe('suffix matching', () => {
    it('matches "FileName" values ending with ".png"', () => {
      expect(matches({ FileName: [{ suffix: '.png' }] }, { FileName: 'photo.png' })).toBe(true);
      expect(matches({ FileName: [{ suffix: '.png' }] }, { FileName: 'photo.PNG' })).toBe(false);
    });

    it('matches a suffix regardless of case with equals-ignore-case', () => {
      const pattern = { detail: { FileName: [{ suffix: { 'equals-ignore-case': '.png' } }] } };
      expect(matches(pattern, withDetail({ FileName: 'photo.PNG' }))).toBe(true);
      expect(matches(pattern, withDetail({ FileName: 'photo.jpg' }))).toBe(false);
    });
  });

  describe('anything-but matching', () => {
    it('excludes a single string: "anything-but": "initializing"', () => {
      const pattern = { detail: { state: [{ 'anything-but': 'initializing' }] } };
      expect(matches(pattern, ec2Running)).toBe(true);
      expect(matches(pattern, withDetail({ state: 'initializing' }))).toBe(false);
    });

    it('excludes a single number: "anything-but": 123', () => {
      const pattern = { detail: { 'x-limit': [{ 'anything-but': 123 }] } };
      expect(matches(pattern, ec2Running)).toBe(true);
      expect(matches(pattern, withDetail({ 'x-limit': 123 }))).toBe(false);
    });

    it('excludes a list of strings', () => {
      const pattern = { detail: { state: [{ 'anything-but': ['stopped', 'overloaded'] }] } };
      expect(matches(pattern, ec2Running)).toBe(true);
      expect(matches(pattern, withDetail({ state: 'overloaded' }))).toBe(false);
    });

    it('excludes a list of numbers', () => {
      const pattern = { detail: { 'x-limit': [{ 'anything-but': [100, 200, 300] }] } };
      expect(matches(pattern, ec2Running)).toBe(true);
      expect(matches(pattern, withDetail({ 'x-limit': 200 }))).toBe(false);
    });

    it('excludes a prefix: "anything-but": { "prefix": "init" }', () => {
      const pattern = { detail: { state: [{ 'anything-but': { prefix: 'init' } }] } };
      expect(matches(pattern, ec2Running)).toBe(true);
      expect(matches(pattern, withDetail({ state: 'initializing' }))).toBe(false);
    });

    it('excludes a suffix: "anything-but": { "suffix": ".png" }', () => {
      const pattern = { FileName: [{ 'anything-but': { suffix: '.png' } }] };
      expect(matches(pattern, { FileName: 'notes.txt' })).toBe(true);
      expect(matches(pattern, { FileName: 'photo.png' })).toBe(false);
    });

    it('excludes any casing of a value: "anything-but": { "equals-ignore-case": "initializing" }', () => {
      const pattern = { state: [{ 'anything-but': { 'equals-ignore-case': 'initializing' } }] };
      expect(matches(pattern, { state: 'running' })).toBe(true);
      expect(matches(pattern, { state: 'INITIALIZING' })).toBe(false);
    });

    it('excludes values matching a wildcard: "anything-but": { "wildcard": "*/lib/*" }', () => {
      const pattern = { FilePath: [{ 'anything-but': { wildcard: '*/lib/*' } }] };
      expect(matches(pattern, { FilePath: '/usr/bin/node' })).toBe(true);
      expect(matches(pattern, { FilePath: '/usr/lib/node' })).toBe(false);
    });
  });

  describe('numeric matching', () => {
    const pattern = {
      detail: {
        'c-count': [{ numeric: ['>', 0, '<=', 5] }],
        'd-count': [{ numeric: ['<', 10] }],
        'x-limit': [{ numeric: ['=', 3.018e2] }],
      },
    };

    it('matches when every numeric condition holds', () => {
      expect(matches(pattern, ec2Running)).toBe(true);
    });

    it('fails when any numeric condition fails', () => {
      expect(matches(pattern, withDetail({ 'c-count': 6 }))).toBe(false);
      expect(matches(pattern, withDetail({ 'd-count': 10 }))).toBe(false);
      expect(matches(pattern, withDetail({ 'x-limit': 301.9 }))).toBe(false);
    });
  });

  describe('IP address matching', () => {
    it('matches addresses in 10.0.0.0/24', () => {
      const pattern = { detail: { sourceIPAddress: [{ cidr: '10.0.0.0/24' }] } };
      expect(matches(pattern, withDetail({ sourceIPAddress: '10.0.0.255' }))).toBe(true);
      expect(matches(pattern, withDetail({ sourceIPAddress: '10.0.1.0' }))).toBe(false);
    });
  });

  describe('exists matching', () => {
    const pending = {
      version: '0',
      id: '7bf73129-1428-4cd3-a780-95db273d1602',
      'detail-type': 'EC2 Instance State-change Notification',
      source: 'aws.ec2',
      account: '123456789012',
      time: '2015-11-11T21:29:54Z',
      region: 'us-east-1',
      resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-abcd1111'],
      detail: { 'instance-id': 'i-abcd1111', state: 'pending' },
    };
    const withCCountObject = {
      'detail-type': ['EC2 Instance State-change Notification'],
      resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-02ebd4584a2ebd341'],
      detail: { state: ['initializing', 'running'], 'c-count': { c1: 100 } },
    };

    it('"exists": true matches an event that has detail.state', () => {
      expect(matches({ detail: { state: [{ exists: true }] } }, pending)).toBe(true);
    });

    it('"exists": true does not match an event without detail.state', () => {
      const { state: _state, ...detail } = pending.detail;
      expect(matches({ detail: { state: [{ exists: true }] } }, { ...pending, detail })).toBe(false);
    });

    it('"exists": false matches an event without detail.c-count', () => {
      expect(matches({ detail: { 'c-count': [{ exists: false }] } }, pending)).toBe(true);
    });

    it('"exists": false also matches when c-count is an object, because exists only sees leaf nodes', () => {
      expect(matches({ detail: { 'c-count': [{ exists: false }] } }, withCCountObject)).toBe(true);
      expect(matches({ detail: { 'c-count': [{ exists: true }] } }, withCCountObject)).toBe(false);
    });
  });

  describe('equals-ignore-case matching', () => {
    it('matches a value regardless of case', () => {
      const pattern = { 'detail-type': [{ 'equals-ignore-case': 'ec2 instance state-change notification' }] };
      expect(matches(pattern, ec2Running)).toBe(true);
      expect(matches(pattern, { ...ec2Running, 'detail-type': 'EC2 Instance Launch Successful' })).toBe(false);
    });
  });

  describe('wildcard matching', () => {
    it('matches "*" against zero or more characters, several times in one value', () => {
      const pattern = { EventBusArn: [{ wildcard: 'arn:aws:events:us-east-1:*:event-bus/*' }] };
      expect(matches(pattern, { EventBusArn: 'arn:aws:events:us-east-1:123456789012:event-bus/orders' })).toBe(true);
      expect(matches(pattern, { EventBusArn: 'arn:aws:events:us-east-1::event-bus/' })).toBe(true);
      expect(matches(pattern, { EventBusArn: 'arn:aws:events:eu-west-1:123456789012:event-bus/orders' })).toBe(false);
    });
  });

  describe('or matching ($or)', () => {
    it('matches when any of the $or sub-patterns matches', () => {
      const pattern = {
        detail: {
          $or: [
            { 'c-count': [{ numeric: ['>', 0, '<=', 5] }] },
            { 'd-count': [{ numeric: ['<', 10] }] },
            { 'x-limit': [{ numeric: ['=', 3.018e2] }] },
          ],
        },
      };
      expect(matches(pattern, ec2Running)).toBe(true);
      expect(matches(pattern, withDetail({ 'c-count': 0, 'd-count': 10, 'x-limit': 1 }))).toBe(false);
      expect(matches(pattern, withDetail({ 'c-count': 0, 'd-count': 9, 'x-limit': 1 }))).toBe(true);
    });

    it('ANDs the $or with the keys beside it: source && (metricName || namespace)', () => {
      const pattern = {
        source: ['aws.cloudwatch'],
        $or: [{ metricName: ['CPUUtilization', 'ReadLatency'] }, { namespace: ['AWS/EC2', 'AWS/ES'] }],
      };
      expect(matches(pattern, { source: 'aws.cloudwatch', namespace: 'AWS/ES' })).toBe(true);
      expect(matches(pattern, { source: 'aws.cloudwatch', metricName: 'ReadLatency' })).toBe(true);
      expect(matches(pattern, { source: 'aws.cloudwatch', metricName: 'WriteLatency' })).toBe(false);
      expect(matches(pattern, { source: 'aws.ec2', metricName: 'ReadLatency' })).toBe(false);
    });
  });

  describe('complex example with multiple matching', () => {
    const pattern = {
      time: [{ prefix: '2017-10-02' }],
      detail: {
        state: [{ 'anything-but': 'initializing' }],
        'c-count': [{ numeric: ['>', 0, '<=', 5] }],
        'd-count': [{ numeric: ['<', 10] }],
        'x-limit': [{ 'anything-but': [100, 200, 300] }],
      },
    };

    it('matches the example event', () => {
      expect(matches(pattern, ec2Running)).toBe(true);
    });

    it('rejects the event when one combined condition fails', () => {
      expect(matches(pattern, withDetail({ state: 'initializing' }))).toBe(false);
      expect(matches(pattern, withDetail({ 'x-limit': 300 }))).toBe(false);
      expect(matches(pattern, { ...ec2Running, time: '2017-10-03T00:00:00Z' })).toBe(false);
    });

    it('uses only the last reference to a key mentioned more than once', () => {
      // JSON objects here cannot repeat a key, but $or can restate a sibling key: the restatement wins.
      const restated = { location: [{ prefix: 'us-' }], $or: [{ location: ['eu-west'] }, { zone: ['a'] }] };
      expect(matches(restated, { location: 'eu-west' })).toBe(true);
      expect(matches(restated, { location: 'us-east', zone: 'a' })).toBe(true);
      expect(matches(restated, { location: 'us-east' })).toBe(false);
    });
  });
});

describe('Comparison operators for use in event patterns in Amazon EventBridge', () => {
  it('"Region": [ { "anything-but": { "prefix": "us-" } } ] matches regions outside the US', () => {
    const pattern = { Region: [{ 'anything-but': { prefix: 'us-' } }] };
    expect(matches(pattern, { Region: 'eu-west-1' })).toBe(true);
    expect(matches(pattern, { Region: 'us-east-1' })).toBe(false);
  });

  it('"service": [ { "prefix": { "equals-ignore-case": "eventb" } } ] matches "EventBridge"', () => {
    expect(matches({ service: [{ prefix: { 'equals-ignore-case': 'eventb' } }] }, { service: 'EventBridge' })).toBe(
      true,
    );
  });

  it('"Location": [ "New York" ], "Day": [ "Monday" ] needs both values (And)', () => {
    const pattern = { Location: ['New York'], Day: ['Monday'] };
    expect(matches(pattern, { Location: 'New York', Day: 'Monday' })).toBe(true);
    expect(matches(pattern, { Location: 'New York', Day: 'Tuesday' })).toBe(false);
  });
});
