import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readUnits, totalRequests, writeUnits } from './dynamo-meter.js';
import {
  type CostAssumptions,
  type CostComparison,
  compareCost,
  defaultAssumptions,
  idleSweepPerMonth,
  type StepFigures,
} from './workflow-cost.js';
import { type EngineResult, longWaitWorkflow, runEngine, stepTotals, workflowId } from './workflow-engine.js';
import { type InterpreterResult, runInterpreter, shippedCartWorkflow } from './workflow-interpreter.js';

/**
 * The workflow engine's figures: the interpreter alone (workflow-interpreter.ts), then the cart recovery workflow on
 * the local engine, driven as a shop and an operator would (PutEvents through the SDK, `POST /clock`), its workflow
 * and timer functions metered per phase and per step (a step = an entry in `enrollment.visits`, read from the
 * workflow's report counters `step:*`).
 */

export interface WorkflowOptions {
  readonly customers: number;
  readonly warmUpCustomers: number;
  /** Customers of another workflow, waiting 30 days while the measured ones go through theirs. */
  readonly bystanders: number;
  readonly interpreter: { readonly customers: number; readonly rounds: number };
}

export interface WorkflowResult {
  readonly interpreter: InterpreterResult;
  readonly engine: EngineResult;
  /** Per step of the `step` phases, as the cost is computed from them. */
  readonly perStep: StepFigures;
  /** Process CPU per DynamoDB request in the sweeps (where only the timer function runs): see the notes. */
  readonly cpuMsPerRequest: number;
  readonly cost: CostComparison;
  readonly assumptions: CostAssumptions;
  /** The timer schedule alone (a run a minute finding nothing due), per 30 days. */
  readonly idleSweepPerMonth: number;
}

const templates = fileURLToPath(new URL('../workflows/templates', import.meta.url));

export async function runWorkflow(options: WorkflowOptions): Promise<WorkflowResult> {
  const interpreter = runInterpreter(options.interpreter);
  const dir = mkdtempSync(join(tmpdir(), 'rekindle-bench-workflows-'));
  try {
    cpSync(shippedCartWorkflow, join(dir, `${workflowId}.workflow.json`));
    writeFileSync(join(dir, `${longWaitWorkflow.id}.workflow.json`), JSON.stringify(longWaitWorkflow, null, 2));
    for (const name of ['cart-reminder', 'cart-coupon']) {
      cpSync(join(templates, name), join(dir, 'templates', name), { recursive: true });
    }
    return summarize(interpreter, await runEngine(dir, options));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function summarize(interpreter: InterpreterResult, engine: EngineResult): WorkflowResult {
  // Where only the timer function runs: no event invoked the workflow function in the phase.
  const sweeps = engine.phases.filter(
    (p) => p.kind === 'step' && p.sweepRuns > 0 && Object.keys(p.invokedBy).length === 0,
  );
  const cpuMsPerRequest =
    sweeps.reduce((n, p) => n + p.cpuMicros, 0) /
    1000 /
    Math.max(
      1,
      sweeps.reduce((n, p) => n + p.allRequests, 0),
    );
  const totals = stepTotals(engine.phases);
  const per = (n: number) => n / Math.max(1, totals.steps);
  const requests = per(totalRequests(totals.dynamo));
  const perStep: StepFigures = {
    writeUnits: per(writeUnits(totals.dynamo)),
    indexWriteUnits: per(totals.indexWriteUnits),
    readUnits: per(readUnits(totals.dynamo)),
    requests,
    invocations: per(totals.invocations),
    cpuMs: requests * cpuMsPerRequest,
  };
  const idle = engine.phases.find((p) => p.kind === 'idle sweep');
  const idleRequests = idle ? totalRequests(idle.dynamo) / Math.max(1, idle.sweepRuns) : 0;
  const idleRun = {
    requests: idleRequests,
    readUnits: idle ? readUnits(idle.dynamo) / Math.max(1, idle.sweepRuns) : 0,
    cpuMs: idleRequests * cpuMsPerRequest,
  };
  return {
    interpreter,
    engine,
    perStep,
    cpuMsPerRequest,
    cost: compareCost(perStep, defaultAssumptions),
    assumptions: defaultAssumptions,
    idleSweepPerMonth: idleSweepPerMonth(idleRun, defaultAssumptions),
  };
}
