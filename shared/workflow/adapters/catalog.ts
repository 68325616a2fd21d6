import type { WorkflowCatalog } from '../core/executor/ports.js';
import { eventsHeard } from '../core/interpreter/listens.js';
import type { Workflow } from '../core/schema/workflow.js';
import type { DynamoWorkflowStore } from '../store/workflow-store.js';

/**
 * The workflows this engine runs: the files it was given are the newest versions (published to the table when
 * loaded, so enrollments on them can finish after the next change); older versions come from the table.
 */
export class PublishedCatalog implements WorkflowCatalog {
  private current: readonly Workflow[] = [];
  private heard = new Set<string>();

  constructor(private readonly store: DynamoWorkflowStore) {}

  /**
   * Publishes each (a changed file under an old version number is refused), then runs them as the newest. The
   * events every published version of them hears are noted, so an event no enrollment can act on costs nothing.
   */
  async load(workflows: readonly Workflow[], at: string): Promise<void> {
    for (const workflow of workflows) await this.store.publish(workflow, at);
    const ids = new Set(workflows.map((w) => w.id));
    const older = (await this.store.definitions()).filter((w) => ids.has(w.id));
    this.heard = new Set([...workflows, ...older].flatMap((w) => [...eventsHeard(w)]));
    this.current = workflows;
  }

  hears(detailType: string): boolean {
    return this.heard.has(detailType);
  }

  latest(): readonly Workflow[] {
    return this.current;
  }

  async version(id: string, version: number): Promise<Workflow | undefined> {
    return this.current.find((w) => w.id === id && w.version === version) ?? this.store.version(id, version);
  }
}
