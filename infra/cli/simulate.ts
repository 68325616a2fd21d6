import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  type CustomerReport,
  type Effect,
  type EnrollmentReport,
  parseEventLines,
  type SimulationReport,
  simulate,
} from '../../shared/workflow/core/simulate.js';
import { validateWorkflow } from '../../shared/workflow/core/validate.js';
import type { CliIo } from './io.js';
import { loadTemplateNames, validateFile } from './validate.js';

export const simulateUsage = `Usage: rekindle simulate <workflow.json> --events <file.jsonl> [--until ISO] [--templates DIR] [--json]

Replays recorded events through a workflow on a virtual clock and prints, per customer, the path taken and every
message that would go out. Nothing is sent.

Each line of the events file is an EventBridge event: {"detail-type", "source", "time", "detail"}, with
detail.customerId naming the customer, and optionally "context": {"profile", "points", "stats", "engagement"}, the
customer's facts for branch conditions from that event on.

  --events FILE    the recorded events (JSON Lines)
  --until ISO      stop the clock here (default: 400 days after the last event)
  --templates DIR  template folders (default: templates/ beside the workflow file)
  --json           print the report as JSON
  -h, --help       show this help

Exit code: 0 after a simulation, 1 when the workflow or the events file is invalid, 2 on a usage error.`;

export function simulateCommand(args: readonly string[], io: CliIo): number {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      events: { type: 'string' },
      until: { type: 'string' },
      templates: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.out(simulateUsage);
    return 0;
  }
  const [file, ...extra] = positionals;
  if (file === undefined || extra.length > 0 || values.events === undefined) {
    io.err(`rekindle simulate: give one workflow file and --events FILE\n\n${simulateUsage}`);
    return 2;
  }
  if (values.until !== undefined && Number.isNaN(Date.parse(values.until))) {
    io.err(`rekindle simulate: --until must be an ISO-8601 time, not "${values.until}"`);
    return 2;
  }

  const checked = validateFile(file, io.cwd, values.templates);
  if (checked.errors.length > 0) {
    for (const e of checked.errors)
      io.err(e.path === '' ? `${file}: ${e.message}` : `${file}: ${e.path}: ${e.message}`);
    return 1;
  }
  const path = resolve(io.cwd, file);
  const templates = loadTemplateNames(
    values.templates ? resolve(io.cwd, values.templates) : join(dirname(path), 'templates'),
  );
  const validation = validateWorkflow(JSON.parse(readFileSync(path, 'utf8')), { templates });
  if (!validation.ok) return 1; // validateFile reported these already

  let text: string;
  try {
    text = readFileSync(resolve(io.cwd, values.events), 'utf8');
  } catch (error) {
    io.err(`${values.events}: cannot read: ${String(error)}`);
    return 1;
  }
  const parsed = parseEventLines(text);
  if (!parsed.ok) {
    for (const e of parsed.errors) io.err(`${values.events}:${e.line}: ${e.message}`);
    return 1;
  }

  const report = simulate(validation.workflow, parsed.events, { until: values.until });
  io.out(values.json ? JSON.stringify(report, null, 2) : formatReport(report));
  return 0;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The report as text: one block per customer, then a summary line. */
export function formatReport(report: SimulationReport): string {
  const { workflow, summary } = report;
  const events = report.customers.reduce((n, c) => n + c.events, 0);
  const lines = [
    `${workflow.id} v${workflow.version}: ${plural(events, 'event')}` +
      (report.from === null ? '' : ` from ${report.from}`) +
      (report.until === null ? '' : `, clock until ${report.until}`),
  ];
  for (const customer of report.customers) lines.push('', ...formatCustomer(customer));
  const revenue = summary.revenue === 0 ? '' : ` (revenue ${summary.revenue})`;
  const control = summary.controlConverted === 0 ? '' : `, ${summary.controlConverted} converted in control`;
  const skipped = summary.skippedEvents === 0 ? '' : `, ${plural(summary.skippedEvents, 'event')} after the horizon`;
  lines.push(
    '',
    `${plural(summary.customers, 'customer')}, ${summary.enrolled} enrolled, ${summary.converted} converted${revenue}` +
      `${control}, ${plural(summary.messages, 'message')}${skipped}`,
  );
  return lines.join('\n');
}

function formatCustomer(customer: CustomerReport): string[] {
  const lines = [`${customer.customerId} (${plural(customer.events, 'event')})`];
  if (customer.enrollments.length === 0) lines.push('  not enrolled');
  for (const enrollment of customer.enrollments) lines.push(...formatEnrollment(enrollment));
  return lines;
}

function formatEnrollment(e: EnrollmentReport): string[] {
  const lines = [`  enrolled ${e.enrolledAt}  ${e.id} (v${e.version})`];
  for (const p of e.path) lines.push(`    ${p.at}  ${p.step}: ${p.outcome}`);
  for (const m of e.messages) {
    const offer = m.offer === null ? '' : `  offer ${JSON.stringify(m.offer)}`;
    const verb = m.skipped === undefined ? 'send    ' : 'skip    ';
    const why = m.skipped === undefined ? '' : `  (${m.skipped})`;
    lines.push(`    ${verb} ${m.at}  ${m.channel} ${m.template} @${m.step}  key ${m.idempotencyKey}${offer}${why}`);
  }
  for (const effect of e.effects) lines.push(`    ${formatEffect(effect)}`);
  for (const c of e.conversions) {
    const revenue = c.revenue === null ? 'no revenue' : `revenue ${c.revenue}`;
    lines.push(`    convert  ${c.at}  ${c.event}, ${revenue}${c.control ? ' (control group)' : ''}`);
  }
  const { outcome: o } = e;
  lines.push(
    o.status === 'active'
      ? `    active at ${o.step ?? '-'}${o.wake ? `, next wake ${o.wake.at}` : ''} when the clock stopped`
      : `    ended    ${o.endedAt ?? '-'}  ${o.status}${o.reason ? ` (${o.reason})` : ''} at ${o.step ?? '-'}`,
  );
  return lines;
}

function formatEffect(effect: Effect): string {
  const head = (label: string) => `${label.padEnd(8)} ${effect.at}  `;
  switch (effect.type) {
    case 'awardPoints':
      return `${head('points')}${effect.points >= 0 ? '+' : ''}${effect.points} (${effect.reason}) @${effect.step}`;
    case 'setAttribute':
      return `${head('set')}${effect.name} = ${JSON.stringify(effect.value)} @${effect.step}`;
    case 'tag':
      return `${head('tag')}${[...effect.add.map((t) => `+${t}`), ...effect.remove.map((t) => `-${t}`)].join(' ')} @${effect.step}`;
    case 'emit':
      return `${head('emit')}${effect.detailType} ${JSON.stringify(effect.detail)} @${effect.step}`;
    case 'purge':
      return `${head('purge')}${effect.reason ?? 'no reason given'} @${effect.step}`;
  }
}
