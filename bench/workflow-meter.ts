import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DynamoCounters } from './dynamo-meter.js';

/**
 * What the DynamoDB meter cannot tell about the workflow functions, counted by SDK middleware of our own on their
 * clients (inside the meter's, so it sees the capacity the meter asked for): the local clock's probes. `POST /clock`
 * asks the timer job for its next due time (a `Limit 1` Query per shard of `byDue`) so it can stop there. AWS has no
 * such request (the schedule fires every minute), so the bench takes them out of the timer function's figures, and
 * counts the sweep's own `byDue` Queries to count its runs. (Index writes: the DynamoDB meter counts them.)
 */

/** `dueShardOf('wf', ...)` of the enrollment store: shard 0. */
const firstEnrollmentShard = 'wf#0';
const dueIndex = 'byDue';

export interface ProbeTally {
  /** The local clock's `Limit 1` Queries. */
  queries: number;
  /** Their reported read units, and how many reported none (the meter counts those at 0.5 RCU). */
  readUnits: number;
  empty: number;
  returned: number;
}

export interface WorkflowTally {
  readonly probes: ProbeTally;
  /** The timer sweep's own Queries of `byDue` (one per shard of each kind per run), and its runs. */
  sweepQueries: number;
  sweepRuns: number;
  /** Index entries those Queries returned: what the sweep found due. */
  sweepKeys: number;
}

export const emptyTally = (): WorkflowTally => ({
  probes: { queries: 0, readUnits: 0, empty: 0, returned: 0 },
  sweepQueries: 0,
  sweepRuns: 0,
  sweepKeys: 0,
});

/** `counters` without the local clock's probes (see the file comment). */
export function withoutProbes(counters: DynamoCounters, probes: ProbeTally): DynamoCounters {
  const query = (counters.requests.Query ?? 0) - probes.queries;
  const { Query: _query, ...others } = counters.requests;
  return {
    ...counters,
    requests: query > 0 ? { ...others, Query: query } : others,
    reportedReadUnits: counters.reportedReadUnits - probes.readUnits,
    emptyQueries: counters.emptyQueries - probes.empty,
    estimatedReadUnits: counters.estimatedReadUnits - probes.empty * 0.5,
    queryItems: counters.queryItems - probes.returned,
  };
}

export class WorkflowMeter {
  private readonly tallies = new Map<string, WorkflowTally>();

  constructor(private readonly functions: ReadonlySet<string>) {}

  /** Pass as `startLocalEngine({ instrumentDynamo })` after the DynamoDB meter's. */
  readonly instrument = (client: DynamoDBDocumentClient, functionName: string): void => {
    if (!this.functions.has(functionName)) return;
    const tally = this.tallyOf(functionName);
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const result = await next(args);
        const operation = (context.commandName ?? '').replace(/Command$/, '');
        const input: object = args.input;
        if (operation === 'Query') this.onQuery(tally, input, result.output);
        return result;
      },
      { step: 'initialize', name: 'benchWorkflowMeter', priority: 'low' },
    );
  };

  snapshot(): Record<string, WorkflowTally> {
    return structuredClone(Object.fromEntries(this.tallies));
  }

  private tallyOf(name: string): WorkflowTally {
    const existing = this.tallies.get(name);
    if (existing) return existing;
    const created = emptyTally();
    this.tallies.set(name, created);
    return created;
  }

  private onQuery(tally: WorkflowTally, input: object, output: object): void {
    if (Reflect.get(input, 'IndexName') !== dueIndex) return;
    if (Reflect.get(input, 'Limit') !== 1) {
      tally.sweepQueries++;
      const count = Reflect.get(output, 'Count');
      if (typeof count === 'number') tally.sweepKeys += count;
      // Every run reads the enrollments' first shard once (first page: no ExclusiveStartKey).
      const values: unknown = Reflect.get(input, 'ExpressionAttributeValues');
      const first = isRecord(values) && values[':shard'] === firstEnrollmentShard;
      if (first && Reflect.get(input, 'ExclusiveStartKey') === undefined) tally.sweepRuns++;
      return;
    }
    const units = Reflect.get(Reflect.get(output, 'ConsumedCapacity') ?? {}, 'CapacityUnits');
    const returned = Reflect.get(output, 'Count');
    tally.probes.queries++;
    if (typeof units === 'number' && units > 0) tally.probes.readUnits += units;
    else tally.probes.empty++;
    if (typeof returned === 'number') tally.probes.returned += returned;
  }
}

/** `a - b` field by field. */
export function diffTally(a: WorkflowTally, b: WorkflowTally): WorkflowTally {
  return {
    probes: {
      queries: a.probes.queries - b.probes.queries,
      readUnits: a.probes.readUnits - b.probes.readUnits,
      empty: a.probes.empty - b.probes.empty,
      returned: a.probes.returned - b.probes.returned,
    },
    sweepQueries: a.sweepQueries - b.sweepQueries,
    sweepRuns: a.sweepRuns - b.sweepRuns,
    sweepKeys: a.sweepKeys - b.sweepKeys,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
