/**
 * What a workflow step costs on AWS, from the figures the bench measured per step, at us-east-1 list prices
 * (on-demand, no free tier, no Savings Plans), against Step Functions Standard, which bills per state transition.
 */

export const prices = {
  region: 'us-east-1',
  // DynamoDB on-demand, Standard table class: $0.625 per million write request units, $0.125 per million read
  // request units (after the 2024-11-01 halving). https://aws.amazon.com/dynamodb/pricing/on-demand/ (figures
  // also in https://airbyte.com/data-engineering-resources/dynamodb-pricing, "Current Pricing Structure (US East)").
  dynamoWriteUnit: 0.625 / 1e6,
  dynamoReadUnit: 0.125 / 1e6,
  // Lambda, Arm: $0.20 per million requests, $0.0000133334 per GB-second (first 7.5 billion GB-s a month).
  // https://aws.amazon.com/lambda/pricing/ (tiers also in https://cloudchipr.com/blog/aws-lambda-pricing).
  lambdaRequest: 0.2 / 1e6,
  lambdaArmGbSecond: 0.0000133334,
  // Step Functions Standard: $0.025 per 1,000 state transitions. https://aws.amazon.com/step-functions/pricing/
  stepFunctionsTransition: 0.025 / 1000,
} as const;

export interface CostAssumptions {
  /** Memory of the workflow functions (`infra/aws/rekindle-function.ts`: 256 MB). */
  readonly lambdaMemoryGb: number;
  /** One DynamoDB request's round trip from Lambda in the same region; the executor awaits them one by one. */
  readonly roundTripMs: number;
}

export const defaultAssumptions: CostAssumptions = { lambdaMemoryGb: 256 / 1024, roundTripMs: 5 };

/** Per workflow step, as measured. */
export interface StepFigures {
  readonly writeUnits: number;
  /** Writes to the secondary indexes (by DynamoDB's rules; see `index-writes.ts`). */
  readonly indexWriteUnits: number;
  readonly readUnits: number;
  /** DynamoDB requests (each a round trip the handler waits for). */
  readonly requests: number;
  /** Lambda invocations (an event to the workflow function, a run of the timer sweep). */
  readonly invocations: number;
  /** CPU time (an upper bound of the handler's own: see the notes). */
  readonly cpuMs: number;
}

export interface CostLine {
  readonly item: string;
  /** Quantity per step, in `unit`. */
  readonly perStep: number;
  readonly unit: string;
  /** USD per `unit`. */
  readonly unitPrice: number;
  /** USD per 1,000 steps. */
  readonly per1000: number;
}

export interface CostComparison {
  readonly lines: readonly CostLine[];
  readonly totalPer1000: number;
  readonly stepFunctionsPer1000: number;
  /** Step Functions Standard ÷ Rekindle: how many times cheaper a step is here. */
  readonly cheaperBy: number;
  /** Billed Lambda milliseconds per step: round trips × `roundTripMs` + CPU. */
  readonly lambdaMsPerStep: number;
}

export function compareCost(step: StepFigures, assume: CostAssumptions = defaultAssumptions): CostComparison {
  const lambdaMsPerStep = step.requests * assume.roundTripMs + step.cpuMs;
  const line = (item: string, perStep: number, unit: string, unitPrice: number): CostLine => ({
    item,
    perStep,
    unit,
    unitPrice,
    per1000: perStep * unitPrice * 1000,
  });
  const lines = [
    line('DynamoDB writes, table', step.writeUnits, 'WRU', prices.dynamoWriteUnit),
    line('DynamoDB writes, secondary indexes', step.indexWriteUnits, 'WRU', prices.dynamoWriteUnit),
    line('DynamoDB reads', step.readUnits, 'RRU', prices.dynamoReadUnit),
    line('Lambda requests', step.invocations, 'request', prices.lambdaRequest),
    line('Lambda duration (Arm)', (lambdaMsPerStep / 1000) * assume.lambdaMemoryGb, 'GB-s', prices.lambdaArmGbSecond),
  ];
  const totalPer1000 = lines.reduce((sum, l) => sum + l.per1000, 0);
  const stepFunctionsPer1000 = prices.stepFunctionsTransition * 1000;
  return { lines, totalPer1000, stepFunctionsPer1000, cheaperBy: stepFunctionsPer1000 / totalPer1000, lambdaMsPerStep };
}

/** The timer schedule's own cost: one sweep a minute whatever the traffic, each finding nothing due. */
export function idleSweepPerMonth(
  run: { readonly requests: number; readonly readUnits: number; readonly cpuMs: number },
  assume: CostAssumptions = defaultAssumptions,
): number {
  const runs = 60 * 24 * 30;
  const ms = run.requests * assume.roundTripMs + run.cpuMs;
  const perRun =
    run.readUnits * prices.dynamoReadUnit +
    prices.lambdaRequest +
    (ms / 1000) * assume.lambdaMemoryGb * prices.lambdaArmGbSecond;
  return runs * perRun;
}
