import { requestCells, requestHeaders } from './cells.js';
import { type DynamoCounters, totalRequests } from './dynamo-meter.js';
import { fixed, integer, ratio, type TableRow } from './table.js';
import type { WorkflowResult } from './workflow.js';
import { prices } from './workflow-cost.js';
import { cartSweepFunction, type EnginePhase, stepTotals, workflowFunctions } from './workflow-engine.js';

/** The workflow engine's blocks of the bench table, and their notes. */

const functionsOf = (p: { byFunction: Readonly<Record<string, DynamoCounters>> }): string =>
  workflowFunctions.filter((fn) => p.byFunction[fn] && totalRequests(p.byFunction[fn]) > 0).join('+') || '–';

function phaseRow(p: EnginePhase): TableRow {
  const [per, by] =
    p.steps > 0 ? ['step', p.steps] : p.kind === 'idle sweep' ? ['run', p.sweepRuns] : ['input', p.inputs];
  return {
    kind: 'row',
    cells: [
      p.name,
      functionsOf(p),
      integer(p.inputs),
      integer(p.steps),
      per,
      ...requestCells(p.dynamo, by),
      fixed(p.indexWriteUnits / by),
      fixed(p.invocations / by),
    ],
  };
}

/** The cart sweep where it announced carts: per cart, apart from the steps (what starts the workflow, not a step). */
function cartSweepRows(phases: readonly EnginePhase[]): TableRow[] {
  return phases.flatMap((p): TableRow[] => {
    const sweep = p.cartSweep;
    if (!sweep || sweep.announced === 0) return [];
    return [
      {
        kind: 'row',
        cells: [
          `  cart sweep in “${p.name.split(' → ')[0]}”, not in the totals`,
          cartSweepFunction,
          integer(sweep.announced),
          '',
          'cart',
          ...requestCells(sweep.dynamo, sweep.announced),
          '–',
          '–',
        ],
      },
    ];
  });
}

export function workflowRows(result: WorkflowResult): TableRow[] {
  const { interpreter, engine, cost } = result;
  const parse = interpreter.baselines[0]?.microsPerOp ?? Number.NaN;
  const totals = stepTotals(engine.phases);
  const sweeps = engine.phases.filter((p) => p.sweepRuns > 0);
  return [
    {
      kind: 'section',
      title: `Workflow interpreter: advance() alone, no I/O; ${integer(interpreter.rows[0]?.customers ?? 0)} customers a round, the median round`,
    },
    {
      kind: 'header',
      cells: [
        'workflow; then the executor’s work on one enrollment',
        'advances',
        'steps',
        'steps/s',
        'µs/step',
        '×parse',
      ],
    },
    ...interpreter.rows.map(
      (r): TableRow => ({
        kind: 'row',
        cells: [
          r.workflow,
          integer(r.advances),
          integer(r.steps),
          integer(r.stepsPerSecond),
          fixed(r.microsPerStep),
          ratio(r.microsPerStep / parse),
        ],
      }),
    ),
    ...interpreter.baselines.map(
      (b): TableRow => ({
        kind: 'row',
        cells: [
          `${b.name}, ${integer(b.bytes)} B`,
          '',
          '',
          integer(1e6 / b.microsPerOp),
          fixed(b.microsPerOp),
          ratio(b.microsPerOp / parse),
        ],
      }),
    ),
    {
      kind: 'section',
      title: `Workflow engine: abandoned-cart for ${integer(engine.customers)} customers on the local engine; the workflow functions' DynamoDB figures per step (per input without steps)`,
    },
    {
      kind: 'header',
      cells: ['phase', 'function', 'inputs', 'steps', 'per', ...requestHeaders, 'idx WCU', 'invoc.'],
    },
    ...engine.phases.map(phaseRow),
    {
      kind: 'row',
      cells: [
        'all phases with steps',
        functionsOf(totals),
        '',
        integer(totals.steps),
        'step',
        ...requestCells(totals.dynamo, totals.steps),
        fixed(totals.indexWriteUnits / totals.steps),
        fixed(totals.invocations / totals.steps),
      ],
    },
    ...workflowFunctions.map(
      (fn, i): TableRow => ({
        kind: 'row',
        cells: [
          `  ${i === workflowFunctions.length - 1 ? '└' : '├'} ${fn}`,
          '',
          '',
          '',
          '',
          ...requestCells(totals.byFunction[fn] ?? totals.dynamo, totals.steps),
        ],
      }),
    ),
    ...cartSweepRows(engine.phases),
    {
      kind: 'section',
      title: 'Timer sweep: what the workflow-timers function read, against the enrollments in the table',
    },
    {
      kind: 'header',
      cells: [
        'sweep',
        'enrollments',
        'due',
        'runs',
        'Query',
        'index keys',
        'other items',
        'GetItem',
        'read',
        'read÷due',
      ],
    },
    ...sweeps.map((p): TableRow => {
      const d = p.byFunction['workflow-timers'];
      const gets = d?.requests.GetItem ?? 0;
      const read = (d?.queryItems ?? 0) + gets;
      return {
        kind: 'row',
        cells: [
          p.name,
          integer(p.enrollments),
          integer(p.inputs),
          integer(p.sweepRuns),
          integer(d?.requests.Query ?? 0),
          integer(p.sweepKeys),
          integer((d?.queryItems ?? 0) - p.sweepKeys),
          integer(gets),
          integer(read),
          p.inputs ? fixed(read / p.inputs) : '–',
        ],
      };
    }),
    {
      kind: 'section',
      title: `Cost per 1,000 steps at ${prices.region} list prices (on-demand, no free tier) against Step Functions Standard`,
    },
    { kind: 'header', cells: ['item', 'per step', 'unit', 'USD per unit', 'USD per 1,000 steps'] },
    ...cost.lines.map(
      (l): TableRow => ({
        kind: 'row',
        cells: [l.item, fixed(l.perStep, 4), l.unit, l.unitPrice.toExponential(3), fixed(l.per1000, 5)],
      }),
    ),
    { kind: 'row', cells: ['Rekindle, all of the above', '', '', '', fixed(cost.totalPer1000, 5)] },
    {
      kind: 'row',
      cells: [
        'Step Functions Standard, 1 transition a step',
        '1',
        'transition',
        prices.stepFunctionsTransition.toExponential(3),
        fixed(cost.stepFunctionsPer1000, 5),
      ],
    },
    { kind: 'row', cells: ['Step Functions ÷ Rekindle', '', '', '', ratio(cost.cheaperBy)] },
  ];
}

export function workflowNotes(result: WorkflowResult): string[] {
  const { engine, interpreter, perStep, cost, assumptions } = result;
  const totals = stepTotals(engine.phases);
  const invokedBy: Record<string, number> = {};
  for (const p of engine.phases) {
    for (const [type, n] of Object.entries(p.invokedBy)) invokedBy[type] = (invokedBy[type] ?? 0) + n;
  }
  const byEvent = Object.entries(invokedBy).map(([type, n]) => `${type} ${integer(n)}`);
  const half = Math.ceil(engine.customers / 2);
  return [
    `Workflow interpreter: advance() on each workflow for ${integer(interpreter.rows[0]?.customers ?? 0)} synthetic ` +
      'customers (one warm-up round, then the median of the timed ones): the enter input, each wake with ' +
      'its own token at its time, and for every other customer an Order Completed 5 h after entering, as the executor ' +
      'feeds them. A step is an entry in enrollment.visits. ×parse: ÷ JSON.parse of one enrollment (waiting for the ' +
      'order) timed in the same run; unpack and pack are what the executor does to that enrollment on each ' +
      'load and commit (its item carries two more packed attributes, outbox and applied).',
    'Workflow engine: a third engine (frozen clock, in memory) with two workflow files: the shipped abandoned-cart ' +
      '(entered on Cart Abandoned, which the cart sweep announces 1 h after the cart; wait 3 h, email, wait a day ' +
      'for an order, else SMS; goal any Order Completed within 7 days), measured, and ' +
      `checkout-follow-up (wait 30 days), which ${integer(engine.bystanders)} other customers enter first so that ` +
      'the table holds enrollments not due; a recording messenger; after a warm-up group run through the same ' +
      'story. The customers ' +
      'register the day before; their Cart Updated go through PutEvents (SDK) in batches of 10; the clock moves by ' +
      `POST /clock {"advance": ...}, each move to the one due time it is for; ${integer(half)} of them order 5 h after ` +
      `the cart. Steps: the workflow's report ` +
      `counters step:* (DynamoWorkflowStore.read), ${integer(totals.steps)} in all. Messages recorded: ` +
      `${integer(engine.sent.email)} emails, ${integer(engine.sent.sms)} SMS.`,
    'Per: step = ÷ the steps of the phase; input = ÷ the events sent (Cart Updated, Product Viewed and Order ' +
      'Completed move no step: the cart enters later, on Cart Abandoned; the order converts through the goal); run = ' +
      '÷ sweep runs. Only the workflow and workflow-timers functions are counted (track and loyalty handle the same ' +
      'events for their own ends); the cart sweep, which reads each due cart and its customer’s last order time, ' +
      'publishes Cart Abandoned and takes the cart off byDue, is shown per cart announced, not in the totals (a ' +
      'lifecycle cost that any workflow starting from Cart Abandoned shares). WCU/RCU as in the ' +
      'tracking table (dynalite ConsumedCapacity, base table). idx WCU: writes to the secondary indexes (byDue for ' +
      'enrollments, held messages and loyalty accounts; any other), counted as in the tracking table (keys only: an ' +
      'entry put or deleted is one unit; a new due time is a delete and a put; a write that keeps the key costs the ' +
      'index nothing); dynalite reports none. invoc.: Lambda invocations: events routed ' +
      `to the workflow function (all phases: ${byEvent.join(', ')}), including the events other functions publish, and sweep runs.`,
    'The local clock asks the timer job for its next due time (a Limit 1 Query per byDue shard) to stop there on ' +
      'its way; AWS has no such request (the schedule fires every minute), so those Queries are taken out. A sweep ' +
      'run Queries every shard of enrollments and of date timers (8), due or not: the idle row is the cost of each ' +
      `of the 43,200 runs a month, $${fixed(result.idleSweepPerMonth, 3)} a month whatever the traffic.`,
    'Timer sweep: enrollments = enrollment items in the table (what a Scan would read; counted by the bench, as due ' +
      'is: those with dueAt ≤ the time the clock moved to); index keys = entries the sweep’s byDue Queries returned ' +
      '(as many as are due: the ended and the waiting enrollments are not read); other items = what the other ' +
      'Queries returned (each woken customer’s carts); read = all items returned + GetItem (the enrollment, the ' +
      'profile and the loyalty account of each due one).',
    `Cost: per step of the phases with steps, i.e. including the Order Completed that convert (no step of their ` +
      `own). Lambda duration = DynamoDB requests per step (${fixed(perStep.requests)}) × ` +
      `(${assumptions.roundTripMs} ms assumed round trip to DynamoDB in the region, awaited one by one + ` +
      `${fixed(result.cpuMsPerRequest)} ms CPU per request measured in the sweep phases, where only the timer function ` +
      'runs: the whole process, i.e. the handler, its SDK client and dynalite serving it, an upper bound of the ' +
      `handler’s own) = ${fixed(cost.lambdaMsPerStep, 1)} ms a step at ${integer(assumptions.lambdaMemoryGb * 1024)} MB, ` +
      'arm64, billed per ms. Prices: bench/workflow-cost.ts (sources cited there).',
    'Not included: messaging (the bench sends through a stub here; what one email send costs, measured through the ' +
      'real messenger, is in the Messaging blocks below), EventBridge PutEvents of events steps emit ($1 per million; cart recovery emits ' +
      'none; the cart sweep puts one Cart Abandoned per cart; the storefront events are the shop’s own), EventBridge Scheduler (the timer schedule, within its free ' +
      'tier), storage, PITR backups, KMS, CloudWatch logs, and the track and loyalty functions. Nor, on the Step ' +
      'Functions side, the Lambda and storage a state-machine design would need around its transitions.',
    ...workflowWarnings(result),
  ];
}

/** Anything that makes the figures measure something else than the story told. */
function workflowWarnings({ engine }: WorkflowResult): string[] {
  const half = Math.ceil(engine.customers / 2);
  const expected: [string, number, number][] = [
    ['emails sent', engine.sent.email, engine.customers],
    ['SMS sent', engine.sent.sms, engine.customers - half],
    ['entered', engine.stats.entered ?? 0, engine.customers],
    ['converted', engine.stats.converted ?? 0, half],
  ];
  return [
    ...expected
      .filter(([, got, want]) => got !== want)
      .map(([what, got, want]) => `warning: workflow bench: ${what} ${got}, expected ${want}`),
    ...engine.phases
      .filter((p) => p.failedAttempts > 0 || p.parked > 0)
      .map((p) => `warning: ${p.name}: ${p.failedAttempts} failed handler attempts, ${p.parked} events parked`),
    ...engine.phases
      .filter((p) => p.name.startsWith('clock') && p.sweepRuns !== 1)
      .map((p) => `warning: ${p.name}: ${p.sweepRuns} sweep runs, expected 1 (a due time on the way?)`),
    ...engine.failures.map((f) => `engine failure: ${f}`),
  ];
}
