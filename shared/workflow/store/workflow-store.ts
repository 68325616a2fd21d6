import { createHash } from 'node:crypto';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { writeIfCondition } from '../../platform/dynamodb/conditional.js';
import { queryAll } from '../../platform/dynamodb/query-all.js';
import type { Counts, WorkflowCounters } from '../core/executor/ports.js';
import type { Workflow } from '../core/schema/workflow.js';

/** A version was published before with other content: a change must raise `version`. */
export class VersionChangedError extends Error {
  override readonly name = 'VersionChangedError';
}

export interface PublishedVersion {
  readonly id: string;
  readonly version: number;
  readonly name: string;
  readonly status: string;
  readonly publishedAt: string;
  readonly hash: string;
}

const registryPk = 'WORKFLOWS';
const versionSk = (id: string, version: number) => `${id}#V${String(version).padStart(6, '0')}`;
const statsKey = (id: string, version: number) => ({ pk: `WFSTATS#${id}`, sk: `V${String(version).padStart(6, '0')}` });

/**
 * Published workflow versions (`WORKFLOWS` / `<id>#V<000002>`: the definition as published, kept for as long as
 * enrollments may be on it) and report counters per version (`WFSTATS#<id>` / `V<000002>`, one number per counter).
 */
export class DynamoWorkflowStore implements WorkflowCounters {
  private readonly cache = new Map<string, Workflow>();

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  /**
   * Records a version once; publishing the same content again is a no-op, other content under a published
   * version number is refused (in-flight enrollments rely on what that version said).
   */
  async publish(workflow: Workflow, at: string): Promise<'published' | 'unchanged'> {
    const hash = hashOf(workflow);
    const written = await writeIfCondition(() =>
      this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: {
            pk: registryPk,
            sk: versionSk(workflow.id, workflow.version),
            id: workflow.id,
            version: workflow.version,
            name: workflow.name,
            status: workflow.status,
            publishedAt: at,
            hash,
            definition: JSON.stringify(workflow),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
    this.cache.set(versionSk(workflow.id, workflow.version), workflow);
    if (written) return 'published';
    const existing = await this.get(workflow.id, workflow.version, true);
    if (existing?.hash !== hash) {
      throw new VersionChangedError(
        `workflow ${workflow.id} v${workflow.version} is already published with other content: raise "version"`,
      );
    }
    return 'unchanged';
  }

  async version(id: string, version: number): Promise<Workflow | undefined> {
    const cached = this.cache.get(versionSk(id, version));
    if (cached) return cached;
    const found = await this.get(id, version, false);
    if (!found) return undefined;
    const workflow: Workflow = JSON.parse(found.definition);
    this.cache.set(versionSk(id, version), workflow);
    return workflow;
  }

  /** Every published version, by id then version. */
  async list(): Promise<PublishedVersion[]> {
    const items = await queryAll(this.db, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': registryPk },
      ProjectionExpression: 'id, version, #name, #status, publishedAt, #hash',
      ExpressionAttributeNames: { '#name': 'name', '#status': 'status', '#hash': 'hash' },
    });
    return items.map(toVersion);
  }

  /** Every published version's definition (a handful of workflows, a few versions each: one small partition). */
  async definitions(): Promise<Workflow[]> {
    const items = await queryAll(this.db, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': registryPk },
      ProjectionExpression: '#definition',
      ExpressionAttributeNames: { '#definition': 'definition' },
    });
    return items.map((item): Workflow => JSON.parse(String(item.definition)));
  }

  async add(workflowId: string, version: number, counts: Counts): Promise<void> {
    const entries = Object.entries(counts).filter(([, n]) => n !== 0);
    if (entries.length === 0) return;
    const names: Record<string, string> = {};
    const values: Record<string, number> = {};
    entries.forEach(([name, n], i) => {
      names[`#c${i}`] = name;
      values[`:c${i}`] = n;
    });
    await this.db.send(
      new UpdateCommand({
        TableName: this.table,
        Key: statsKey(workflowId, version),
        UpdateExpression: `ADD ${entries.map((_, i) => `#c${i} :c${i}`).join(', ')}`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      }),
    );
  }

  async claimRevenue(workflowId: string, key: string, enrollmentId: string): Promise<boolean> {
    // One item per converting event and workflow (`WFREVENUE#<workflow>` / key); the first enrollment keeps it. The
    // enrollment is kept as a hash: its id names the customer, and this item outlives a purge.
    const claimant = createHash('sha256').update(enrollmentId).digest('hex');
    return writeIfCondition(() =>
      this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: { pk: `WFREVENUE#${workflowId}`, sk: key, claimant },
          ConditionExpression: 'attribute_not_exists(pk) OR claimant = :me',
          ExpressionAttributeValues: { ':me': claimant },
        }),
      ),
    );
  }

  async read(workflowId: string): Promise<Readonly<Record<number, Counts>>> {
    const page = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `WFSTATS#${workflowId}` },
      }),
    );
    const byVersion: Record<number, Counts> = {};
    for (const { pk: _pk, sk, ...counters } of page.Items ?? []) {
      const numbers = Object.entries(counters).filter((e): e is [string, number] => typeof e[1] === 'number');
      byVersion[Number(String(sk).slice(1))] = Object.fromEntries(numbers);
    }
    return byVersion;
  }

  private async get(id: string, version: number, consistent: boolean) {
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.table,
        Key: { pk: registryPk, sk: versionSk(id, version) },
        ConsistentRead: consistent,
      }),
    );
    return Item ? { hash: String(Item.hash), definition: String(Item.definition) } : undefined;
  }
}

/** Content hash of a definition: key order does not matter, so re-saving a file unchanged is not a change. */
function hashOf({ $schema: _where, ...workflow }: Workflow): string {
  return createHash('sha256').update(canonical(workflow)).digest('hex');
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function toVersion(item: Record<string, unknown>): PublishedVersion {
  return {
    id: String(item.id),
    version: Number(item.version),
    name: String(item.name),
    status: String(item.status),
    publishedAt: String(item.publishedAt),
    hash: String(item.hash),
  };
}
