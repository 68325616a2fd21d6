import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { writeIfCondition } from '../../platform/dynamodb/conditional.js';
import { dueKeys, dueShardOf, earliestDue } from '../../platform/dynamodb/due-shards.js';
import { customerPk } from '../../platform/dynamodb/keys.js';
import { pack, unpack } from '../../platform/dynamodb/packed.js';
import { queryAll } from '../../platform/dynamodb/query-all.js';
import { retryOnConflict } from '../../platform/retry-on-conflict.js';
import { withFailures } from '../core/executor/failures.js';
import type {
  EffectFailure,
  EnrollmentRef,
  EnrollmentStore,
  Outbox,
  StoredEnrollment,
} from '../core/executor/ports.js';
import type { Enrollment } from '../core/interpreter/types.js';

export const enrollmentShards = 4;
const enrollmentDue = { kind: 'wf', shards: enrollmentShards };
const enrollmentPrefix = 'ENR#';
const emptyOutbox: Outbox = { actions: [], counts: {} };

/**
 * One item per enrollment under its customer (`CUST#<id>` / `ENR#<enrollment id>`), the commit point of every
 * step: the enrollment (gzipped JSON), its revision, its outbox and the ids of the events it applied. Plain
 * attributes (workflow, version, status, step, wakeAt) are for the API and reports. Timers ride on `byDue`
 * (`wf#<n>`): a wake, or an outbox a crash left behind.
 */
export class DynamoEnrollmentStore implements EnrollmentStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async load(ref: EnrollmentRef): Promise<StoredEnrollment | null> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.table, Key: enrollmentKey(ref), ConsistentRead: true }),
    );
    return Item ? toStored(Item) : null;
  }

  async ofCustomer(customerId: string): Promise<StoredEnrollment[]> {
    const items = await queryAll(this.db, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :enr)',
      ExpressionAttributeValues: { ':pk': customerPk(customerId), ':enr': enrollmentPrefix },
      ConsistentRead: true,
    });
    return items.map(toStored);
  }

  async commit(next: StoredEnrollment, expectedRevision: number, dueAt: string | null): Promise<boolean> {
    const e = next.enrollment;
    return writeIfCondition(() =>
      this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: {
            ...enrollmentKey({ customerId: e.customerId, enrollmentId: e.id }),
            customerId: e.customerId,
            enrollmentId: e.id,
            workflowId: e.workflowId,
            version: e.version,
            status: e.status,
            step: e.step,
            wakeAt: e.wake?.at ?? null,
            enrolledAt: e.enrolledAt,
            revision: next.revision,
            enrollment: pack(e),
            outbox: pack(next.outbox),
            applied: pack(next.applied),
            ...(dueAt ? { dueShard: dueShardOf('wf', enrollmentShards, e.id), dueAt } : {}),
          },
          ConditionExpression: expectedRevision === 0 ? 'attribute_not_exists(pk)' : 'revision = :expected',
          ...(expectedRevision === 0 ? {} : { ExpressionAttributeValues: { ':expected': expectedRevision } }),
        }),
      ),
    );
  }

  async clearOutbox(
    ref: EnrollmentRef,
    revision: number,
    dueAt: string | null,
    enrollment?: Enrollment,
  ): Promise<boolean> {
    // The same revision: what the effects did is written into it, not a new step.
    const set = enrollment ? 'SET outbox = :empty, enrollment = :enrollment' : 'SET outbox = :empty';
    return writeIfCondition(() =>
      this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: enrollmentKey(ref),
          UpdateExpression: dueAt ? `${set}, dueShard = :shard, dueAt = :due` : `${set} REMOVE dueShard, dueAt`,
          ConditionExpression: 'revision = :r AND outbox <> :empty',
          ExpressionAttributeValues: {
            ':empty': pack(emptyOutbox),
            ':r': revision,
            ...(enrollment ? { ':enrollment': pack(enrollment) } : {}),
            ...(dueAt ? { ':shard': dueShardOf('wf', enrollmentShards, ref.enrollmentId), ':due': dueAt } : {}),
          },
        }),
      ),
    );
  }

  /**
   * Writes a failure that came after the step's commit (a held message that failed at the sweep) into the step's
   * history. A commit of its own (the revision moves on, so an executor that read before it decides again), made
   * only when no outbox is pending, whose flush would otherwise lose its counters. False: no such enrollment.
   */
  recordFailures(ref: EnrollmentRef, failures: readonly EffectFailure[]): Promise<boolean> {
    return retryOnConflict(`enrollment ${ref.enrollmentId}`, async () => {
      const stored = await this.load(ref);
      if (!stored) return { done: false };
      const written = await writeIfCondition(() =>
        this.db.send(
          new UpdateCommand({
            TableName: this.table,
            Key: enrollmentKey(ref),
            UpdateExpression: 'SET enrollment = :enrollment, revision = :next',
            ConditionExpression: 'revision = :r AND outbox = :empty',
            ExpressionAttributeValues: {
              ':enrollment': pack(withFailures(stored.enrollment, failures)),
              ':next': stored.revision + 1,
              ':r': stored.revision,
              ':empty': pack(emptyOutbox),
            },
          }),
        ),
      );
      return written ? { done: true } : undefined;
    });
  }

  async due(now: string): Promise<EnrollmentRef[]> {
    const keys = await dueKeys(this.db, this.table, enrollmentDue, now);
    return keys.map(({ pk, sk }) => ({
      customerId: pk.slice('CUST#'.length),
      enrollmentId: sk.slice(enrollmentPrefix.length),
    }));
  }

  earliestDueAt(after: string): Promise<string | null> {
    return earliestDue(this.db, this.table, enrollmentDue, after);
  }
}

const enrollmentKey = ({ customerId, enrollmentId }: EnrollmentRef) => ({
  pk: customerPk(customerId),
  sk: `${enrollmentPrefix}${enrollmentId}`,
});

function toStored(item: Record<string, unknown>): StoredEnrollment {
  return {
    enrollment: unpack<Enrollment>(item.enrollment),
    revision: typeof item.revision === 'number' ? item.revision : 0,
    outbox: item.outbox === undefined ? emptyOutbox : unpack<Outbox>(item.outbox),
    applied: item.applied === undefined ? [] : unpack<string[]>(item.applied),
  };
}
