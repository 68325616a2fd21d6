import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadTemplateNames } from '../../../infra/cli/validate.js';

/** The workflow fixtures: valid examples, and one malformed file per validation rule with what it must report. */

export const fixturesDir = 'test/fixtures/workflows';
export const templatesDir = join(fixturesDir, 'templates');
export const validDir = join(fixturesDir, 'valid');
export const invalidDir = join(fixturesDir, 'invalid');

export const fixtureTemplates = loadTemplateNames(templatesDir);

export const validFixtures = readdirSync(validDir).sort();
export const invalidFixtures = readdirSync(invalidDir).sort();

export function readFixture(dir: string, file: string): unknown {
  return JSON.parse(readFileSync(join(dir, file), 'utf8'));
}

export interface Expected {
  /** Every path reported, in order. */
  readonly paths: readonly string[];
  /** What the message of the first path says. */
  readonly message: RegExp;
}

/** file → what validation reports. Every file in invalid/ must have a row (a test checks). */
export const expectedErrors: Readonly<Record<string, Expected>> = {
  'unknown-next.workflow.json': {
    paths: ['steps.email-1.next', 'steps.done'],
    message: /^unknown step "dnoe" \(did you mean "done"\?\); steps are: wait-4h, email-1, done$/,
  },
  'unknown-start.workflow.json': { paths: ['start'], message: /^unknown step "begin"/ },
  'unknown-timeout-step.workflow.json': { paths: ['steps.wait-order.onTimeout'], message: /^unknown step "sms-1"/ },
  'unknown-migration-target.workflow.json': {
    paths: ['migrations.1.email'],
    message: /^unknown step "email-2" \(did you mean "email-1"\?\)/,
  },
  'migration-from-later-version.workflow.json': {
    paths: ['migrations.2'],
    message: /must be an earlier version than this one \(2\)/,
  },
  'unreachable-step.workflow.json': { paths: ['steps.orphan'], message: /^unreachable: no path from start/ },
  'cycle-without-wait.workflow.json': {
    paths: ['steps.email-1'],
    message: /^cycle without a wait: email-1 → check → email-1 /,
  },
  'missing-template.workflow.json': {
    paths: ['steps.email-1.template'],
    message:
      /^template "cart-followup" not found: expected a folder templates\/cart-followup\/ with e\.g\. en\.mjml \(email\)$/,
  },
  'empty-template-folder.workflow.json': {
    paths: ['steps.email-1.template'],
    message: /^template "empty-folder" not found/,
  },
  'bad-duration.workflow.json': { paths: ['steps.wait-4h.duration'], message: /^must be an ISO-8601 duration/ },
  'fallback-same-channel.workflow.json': {
    paths: ['steps.email-1.fallback'],
    message: /^must differ from channel \("email"\)/,
  },
  'split-weights.workflow.json': {
    paths: ['steps.ab.paths'],
    message: /^weights add up to 90; they must add up to 100$/,
  },
  'enrollment-key-without-correlation.workflow.json': {
    paths: ['goal.match.cartId'],
    message: /^"\$enrollment\.key" needs correlation/,
  },
  'correlation-without-event-trigger.workflow.json': { paths: ['correlation'], message: /^needs an event trigger/ },
  'missing-next.workflow.json': {
    paths: ['steps.email-1.next'],
    message: /^required: .*every path must end in a step of type exit or purge/,
  },
  'bad-channel.workflow.json': {
    paths: ['steps.email-1.channel'],
    message: /^must be one of "email", "sms", "whatsapp"$/,
  },
  'misspelt-field.workflow.json': {
    paths: ['steps.email-1.template', 'steps.email-1.tempalte'],
    message: /^required$/,
  },
  'unknown-step-type.workflow.json': {
    paths: ['steps.email-1.type'],
    message: /^must be one of "send", "wait", "waitForEvent", "branch", .*"exit"$/,
  },
  'bad-step-id.workflow.json': { paths: ['steps.email 1'], message: /^invalid key: must be 1-64 letters/ },
  'bad-pattern.workflow.json': {
    paths: ['trigger.event.pattern.total[0].numeric'],
    message: /^operator '>>' is not supported$/,
  },
  'two-triggers.workflow.json': {
    paths: ['trigger'],
    message: /^a trigger needs exactly one of event, segment or date$/,
  },
  'bad-occasion.workflow.json': { paths: ['trigger.date.occasion.name'], message: /^must be one of .*"eid-al-fitr"/ },
  'wait-duration-and-until.workflow.json': {
    paths: ['steps.wait-4h'],
    message: /^a wait step needs exactly one of duration or until$/,
  },
  'engagement-unknown-step.workflow.json': {
    paths: ['steps.check.cases[0].when.path'],
    message: /^unknown step "emial-1" \(did you mean "email-1"\?\)/,
  },
  'bad-operand.workflow.json': {
    paths: ['steps.check.cases[0].when.value'],
    message: /^must be a non-empty list for in$/,
  },
  'emit-consumed-event.workflow.json': {
    paths: ['steps.announce.detailType'],
    message: /^"Order Completed" is an event Rekindle consumes/,
  },
  'cooldown-without-reentry.workflow.json': {
    paths: ['reentry.cooldown'],
    message: /^only applies when policy is "always" or "afterExit"$/,
  },
};
