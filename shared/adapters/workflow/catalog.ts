import type { WorkflowCatalog } from '../../domain/workflow/executor/ports.js';
import type { Workflow } from '../../schemas/workflow.js';
import type { DynamoWorkflowStore } from '../dynamodb/workflow-store.js';

/**
 * The workflows this engine runs: the files it was given are the newest versions (published to the table when
 * loaded, so enrollments on them can finish after the next change); older versions come from the table.
 */
export class PublishedCatalog implements WorkflowCatalog {
  private current: readonly Workflow[] = [];

  constructor(private readonly store: DynamoWorkflowStore) {}

  /** Publishes each (a changed file under an old version number is refused), then runs them as the newest. */
  async load(workflows: readonly Workflow[], at: string): Promise<void> {
    for (const workflow of workflows) await this.store.publish(workflow, at);
    this.current = workflows;
  }

  latest(): readonly Workflow[] {
    return this.current;
  }

  async version(id: string, version: number): Promise<Workflow | undefined> {
    return this.current.find((w) => w.id === id && w.version === version) ?? this.store.version(id, version);
  }
}
