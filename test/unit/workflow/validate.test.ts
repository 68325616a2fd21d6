import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../../shared/platform/duration.js';
import type { FieldIssue } from '../../../shared/platform/errors.js';
import { validateWorkflow } from '../../../shared/workflow/core/validate.js';

type Draft = Record<string, unknown>;

/** Sets (or with `undefined`, deletes) the value at a dotted path such as `steps.check.cases.0.next`. */
function set(draft: Draft, path: string, value: unknown): void {
  const keys = path.split('.');
  const last = keys.pop() ?? '';
  let node: unknown = draft;
  for (const key of keys) node = isRecord(node) ? node[key] : undefined;
  if (!isRecord(node)) throw new Error(`no object at ${path}`);
  if (value === undefined) delete node[last];
  else node[last] = value;
}

const isRecord = (value: unknown): value is Draft => typeof value === 'object' && value !== null;

/** A small valid workflow; each test breaks one thing in a copy. */
function workflow(): Draft {
  return {
    id: 'cart',
    version: 1,
    name: 'Cart',
    trigger: { event: { detailType: 'Cart Abandoned' } },
    correlation: { key: 'cartId' },
    reentry: { policy: 'never' },
    start: 'wait',
    steps: {
      wait: { type: 'wait', duration: 'PT4H', next: 'email' },
      email: { type: 'send', channel: 'email', template: 'cart-reminder', next: 'check' },
      check: {
        type: 'branch',
        cases: [{ when: { path: 'steps.email.opened', op: 'eq', value: true }, next: 'done' }],
        default: 'done',
      },
      done: { type: 'exit' },
    },
  };
}

const context = { templates: new Set(['cart-reminder']) };

function errorsOf(change: (w: Draft) => void): FieldIssue[] {
  const w = workflow();
  change(w);
  const result = validateWorkflow(w, context);
  return result.ok ? [] : [...result.errors];
}

const first = (change: (w: Draft) => void): string => {
  const [error] = errorsOf(change);
  return error ? `${error.path}: ${error.message}` : 'valid';
};

describe('validateWorkflow', () => {
  it('accepts the base workflow and returns it typed, with defaults', () => {
    const result = validateWorkflow(workflow(), context);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.workflow).toMatchObject({ priority: 0, status: 'active', start: 'wait' });
    expect(result.workflow.steps.email).toEqual({
      type: 'send',
      channel: 'email',
      template: 'cart-reminder',
      next: 'check',
    });
  });

  it('rejects what is not a workflow at all', () => {
    expect(validateWorkflow([], context)).toEqual({ ok: false, errors: [{ path: '', message: 'must be an object' }] });
  });
});

describe('shape errors are traced to the option the author meant', () => {
  it.each<[string, (w: Draft) => void, string[]]>([
    [
      'a misspelt trigger kind',
      (w) => set(w, 'trigger', { evnt: { detailType: 'Cart Abandoned' } }),
      [
        'trigger: a trigger needs exactly one of event, segment or date',
        'trigger.evnt: unknown field (check the spelling)',
      ],
    ],
    [
      'a misspelt field inside the event trigger',
      (w) => set(w, 'trigger', { event: { detailTyp: 'Cart Abandoned' } }),
      ['trigger.event.detailType: required', 'trigger.event.detailTyp: unknown field (check the spelling)'],
    ],
    [
      'an unknown operator',
      (w) => set(w, 'steps.check.cases.0.when.op', 'equals'),
      ['steps.check.cases[0].when.op: must be one of "eq", "ne", "gt", "gte", "lt", "lte", "exists", "in"'],
    ],
    [
      'an unknown condition path, deep inside all/any',
      (w) =>
        set(w, 'steps.check.cases.0.when', {
          all: [{ any: [{ path: 'profile.favouriteColour', op: 'eq', value: 'red' }] }],
        }),
      [
        'steps.check.cases[0].when.all[0].any[0].path: must be profile.<field>, points.available|pending|lifetime, ' +
          'stats.<field>, attributes.<name> or steps.<stepId>.delivered|opened|clicked',
      ],
    ],
    [
      'a step without a type',
      (w) => set(w, 'steps.done.type', undefined),
      [
        'steps.done.type: must be one of "send", "wait", "waitForEvent", "branch", "split", "holdout", ' +
          '"awardPoints", "setAttribute", "tag", "emit", "purge", "exit"',
      ],
    ],
    [
      'a coupon with both percent and amount',
      (w) => set(w, 'steps.email.offer', { coupon: { percent: 10, amount: 5, expiresIn: 'P3D' } }),
      ['steps.email.offer.coupon: a coupon needs expiresIn and exactly one of percent or amount'],
    ],
    [
      'a coupon over 100 percent',
      (w) => set(w, 'steps.email.offer', { coupon: { percent: 150, expiresIn: 'P3D' } }),
      ['steps.email.offer.coupon.percent: must be at most 100'],
    ],
    [
      'an unknown RFM class',
      (w) => set(w, 'trigger', { segment: { rfm: 'whales' } }),
      ['trigger.segment.rfm: must be one of "champions", "loyal", "potential-loyalist", "new-customers", '],
    ],
    [
      'a fixed date that is not a date',
      (w) => set(w, 'trigger', { date: { fixed: '24/12/2026' } }),
      ['trigger.date.fixed: must be a date such as 2026-12-24'],
    ],
    [
      'an unknown calendar',
      (w) => set(w, 'trigger', { date: { occasion: { calendar: 'julian', name: 'christmas' } } }),
      ['trigger.date.occasion.calendar: must be one of "gregorian", "hijri", "persian"'],
    ],
    [
      'a local time with seconds',
      (w) => set(w, 'steps.wait', { type: 'wait', until: { localTime: '10:00:00' }, next: 'email' }),
      ['steps.wait.until.localTime: must be a 24-hour time HH:MM such as 09:30'],
    ],
    [
      'a wait until both a time and a date',
      (w) =>
        set(w, 'steps.wait', {
          type: 'wait',
          until: { localTime: '10:00', date: '2026-12-24T00:00:00Z' },
          next: 'email',
        }),
      ['steps.wait.until: until needs exactly one of localTime or date'],
    ],
    [
      'a tag step that does nothing',
      (w) => set(w, 'steps.done', { type: 'tag', next: 'exit' }),
      ['steps.done: needs add, remove or both'],
    ],
    [
      'a $ string other than $enrollment.key',
      (w) => set(w, 'goal', { event: 'Order Completed', within: 'P7D', match: { cartId: '$cart.id' } }),
      ['goal.match.cartId: strings starting with $ are reserved; "$enrollment.key" is the enrollment\'s key'],
    ],
    ['a fractional version', (w) => set(w, 'version', 1.5), ['version: must be a whole number']],
    ['an empty name', (w) => set(w, 'name', ''), ['name: must not be empty']],
  ])('%s', (_name, change, expected) => {
    const errors = errorsOf(change).map((e) => `${e.path}: ${e.message}`);
    expect(errors).toHaveLength(expected.length);
    expected.forEach((text, i) => {
      expect(errors[i]).toContain(text);
    });
  });
});

describe('durations', () => {
  it.each(['PT4H', 'P3D', 'P2W', 'P1M', 'P1Y2M3DT4H5M6.5S', 'PT0.5S', 'PT4H0M'])('accepts %s', (duration) => {
    expect(first((w) => set(w, 'steps.wait.duration', duration))).toBe('valid');
  });

  it.each(['4 hours', 'PT', 'P', 'P1.5D', 'pt4h', 'T4H', 'P-1D', ''])('rejects %j as not ISO-8601', (duration) => {
    expect(first((w) => set(w, 'steps.wait.duration', duration))).toBe(
      'steps.wait.duration: must be an ISO-8601 duration such as PT4H, P3D, P2W or P1M',
    );
  });

  it.each(['PT0H', 'P0D', 'PT0S'])('rejects %s as a zero wait', (duration) => {
    expect(first((w) => set(w, 'steps.wait.duration', duration))).toBe('steps.wait.duration: must be longer than zero');
  });

  it('agrees with parseDuration on what is a duration', () => {
    for (const text of ['PT4H', 'P1W', 'P1Y2M3DT4H5M6.5S', '4 hours', 'P1.5D', 'PT', 'P1DT', 'P0D', 'PT1.S']) {
      const parsed = parseDuration(text);
      const longerThanZero = parsed !== null && Object.values(parsed).some((n) => n > 0);
      const accepted = first((w) => set(w, 'steps.wait.duration', text)) === 'valid';
      expect(accepted, text).toBe(longerThanZero);
    }
  });

  it('checks the timeout, the goal window, the coupon expiry and the cooldown', () => {
    const errors = errorsOf((w) => {
      set(w, 'steps.wait', {
        type: 'waitForEvent',
        event: 'Order Completed',
        timeout: '1d',
        onEvent: 'done',
        onTimeout: 'email',
      });
      set(w, 'goal', { event: 'Order Completed', within: 'a week' });
      set(w, 'steps.email.offer', { coupon: { amount: 5, expiresIn: 'P0D' } });
      set(w, 'reentry', { policy: 'always', cooldown: '30 days' });
    });
    expect(errors.map((e) => e.path)).toEqual([
      'reentry.cooldown',
      'goal.within',
      'steps.wait.timeout',
      'steps.email.offer.coupon.expiresIn',
    ]);
  });
});

describe('semantic rules', () => {
  it('names every bad reference: start, next, onEvent, onTimeout, cases, default, split paths', () => {
    const errors = errorsOf((w) => {
      set(w, 'steps.email.next', 'chek');
      set(w, 'steps.wait', {
        type: 'waitForEvent',
        event: 'Order Completed',
        timeout: 'P1D',
        onEvent: 'x1',
        onTimeout: 'x2',
      });
      set(w, 'steps.check.cases.0.next', 'x3');
      set(w, 'steps.check.default', 'x4');
      set(w, 'steps.ab', {
        type: 'split',
        paths: [
          { weight: 50, next: 'x5' },
          { weight: 50, next: 'done' },
        ],
      });
    });
    expect(errors.map((e) => e.path)).toEqual([
      'steps.wait.onEvent',
      'steps.wait.onTimeout',
      'steps.email.next',
      'steps.check.cases[0].next',
      'steps.check.default',
      'steps.ab.paths[0].next',
      'steps.email',
      'steps.check',
      'steps.done',
      'steps.ab',
    ]);
    expect(errors[2]?.message).toMatch(/^unknown step "chek" \(did you mean "check"\?\)/);
    expect(errors[0]?.message).not.toMatch(/did you mean/);
  });

  it('accepts a loop that waits', () => {
    expect(first((w) => set(w, 'steps.check.default', 'wait'))).toBe('valid');
  });

  it('finds a loop without a wait even when another loop through the same steps waits', () => {
    // check → email → check never pauses; check → wait → email → check does.
    const errors = errorsOf((w) => {
      set(w, 'steps.check.cases.0.next', 'email');
      set(w, 'steps.check.default', 'wait');
    });
    expect(errors).toEqual([
      { path: 'steps.done', message: 'unreachable: no path from start ("wait") leads to this step' },
      {
        path: 'steps.email',
        message:
          'cycle without a wait: email → check → email would repeat at once, forever; add a wait or waitForEvent ' +
          'step to it',
      },
    ]);
  });

  it('finds a step that loops to itself', () => {
    expect(first((w) => set(w, 'steps.check.default', 'check'))).toMatch(
      /^steps\.check: cycle without a wait: check → check /,
    );
  });

  it('requires engagement tests to name a send step, compared with true or false', () => {
    expect(first((w) => set(w, 'steps.check.cases.0.when.path', 'steps.wait.opened'))).toBe(
      'steps.check.cases[0].when.path: must name a send step: "wait" is a wait step',
    );
    expect(first((w) => set(w, 'steps.check.cases.0.when', { path: 'steps.email.clicked', op: 'gt', value: 1 }))).toBe(
      'steps.check.cases[0].when.value: engagement is true or false: use op eq or ne with value true or false',
    );
  });

  it('requires correlation wherever $enrollment.key is used', () => {
    const errors = errorsOf((w) => {
      set(w, 'correlation', undefined);
      set(w, 'exit', [{ event: 'Cart Emptied', match: { cartId: '$enrollment.key' } }]);
      set(w, 'steps.wait', {
        type: 'waitForEvent',
        event: 'Order Completed',
        match: { cartId: '$enrollment.key', paid: true },
        timeout: 'P1D',
        onEvent: 'done',
        onTimeout: 'email',
      });
    });
    expect(errors.map((e) => e.path)).toEqual(['exit[0].match.cartId', 'steps.wait.match.cartId']);
  });

  it('lists the channels whose template files are expected', () => {
    expect(
      first((w) => {
        set(w, 'steps.email.template', 'nope');
        set(w, 'steps.email.fallback', 'sms');
      }),
    ).toBe(
      'steps.email.template: template "nope" not found: expected a folder templates/nope/ with e.g. en.mjml (email) ' +
        'and en.sms.txt (sms)',
    );
  });

  it('accepts split weights that add up to 100', () => {
    const split = (...weights: number[]) =>
      first((w) => {
        set(w, 'start', 'ab');
        set(w, 'steps.ab', { type: 'split', paths: weights.map((weight) => ({ weight, next: 'wait' })) });
      });
    expect(split(20, 30, 50)).toBe('valid');
    expect(split(60, 50)).toBe('steps.ab.paths: weights add up to 110; they must add up to 100');
  });

  it('reports trigger pattern errors at their path inside the pattern', () => {
    const at = (pattern: unknown) => first((w) => set(w, 'trigger.event.pattern', pattern));
    expect(at({ total: [{ numeric: ['>', 20] }], $or: [{ tier: ['gold'] }, { vip: [true] }] })).toBe('valid');
    expect(at({})).toBe('trigger.event.pattern: empty objects are not allowed');
    expect(at({ $or: [{ tier: ['gold'] }] })).toBe(
      'trigger.event.pattern.$or: $or must be an array of at least 2 objects',
    );
    expect(at({ cart: { total: 5 } })).toBe(
      'trigger.event.pattern.cart.total: must be an object or an array of match values',
    );
  });
});
