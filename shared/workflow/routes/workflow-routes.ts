import { type ApiResponse, json, problem, type Router } from '../../platform/http/http.js';
import { statsOf, sumCounts } from '../core/executor/counts.js';
import type { EnrollmentStore, WorkflowCounters } from '../core/executor/ports.js';
import type { Enrollment } from '../core/interpreter/types.js';
import type { PublishedVersion } from '../store/workflow-store.js';

export interface WorkflowDeps {
  readonly enrollments: Pick<EnrollmentStore, 'ofCustomer'>;
  readonly workflows: Pick<WorkflowCounters, 'read'> & { list(): Promise<PublishedVersion[]> };
}

/** `GET /customers/{id}/enrollments`, `GET /workflows`, `GET /workflows/{id}/stats`. */
export function addWorkflowRoutes(
  router: Router,
  deps: WorkflowDeps,
  customerExists: (id: string) => Promise<boolean>,
  unknownCustomer: (id: string) => ApiResponse,
): void {
  router
    .add('GET', '/customers/{id}/enrollments', async (_req, { id = '' }) => {
      const stored = await deps.enrollments.ofCustomer(id);
      if (stored.length === 0 && !(await customerExists(id))) return unknownCustomer(id);
      const items = stored
        .map((s) => enrollmentView(s.enrollment))
        .sort((a, b) => (a.enrolledAt < b.enrolledAt ? 1 : a.enrolledAt > b.enrolledAt ? -1 : 0));
      return json(200, { items });
    })
    .add('GET', '/workflows', async () => {
      const versions = await deps.workflows.list();
      const ids = [...new Set(versions.map((v) => v.id))];
      const items = ids.map((id) => {
        const own = versions.filter((v) => v.id === id).sort((a, b) => a.version - b.version);
        const latest = own.at(-1);
        return {
          id,
          name: latest?.name,
          status: latest?.status,
          latestVersion: latest?.version,
          versions: own.map(({ version, publishedAt, status }) => ({ version, publishedAt, status })),
        };
      });
      return json(200, { items });
    })
    .add('GET', '/workflows/{id}/stats', async (_req, { id = '' }) => {
      const published = (await deps.workflows.list()).filter((v) => v.id === id);
      if (published.length === 0) return problem(404, 'WorkflowNotFound', `no published workflow with id '${id}'`);
      const byVersion = await deps.workflows.read(id);
      const versions = Object.fromEntries(published.map((v) => [v.version, statsOf(byVersion[v.version] ?? {})]));
      const total = statsOf(sumCounts(Object.values(byVersion)));
      return json(200, { workflowId: id, total, versions });
    });
}

function enrollmentView(e: Enrollment) {
  return {
    id: e.id,
    workflowId: e.workflowId,
    version: e.version,
    key: e.key,
    status: e.status,
    step: e.step,
    enrolledAt: e.enrolledAt,
    nextWakeAt: e.status === 'active' ? (e.wake?.at ?? null) : null,
    waitingFor: e.waitingFor ? { event: e.waitingFor.event, until: e.waitingFor.timeoutAt } : null,
    goalDeadline: e.goalDeadline,
    exitReason: e.exitReason,
    endedAt: e.endedAt,
    history: e.history,
  };
}

export { statsOf, sumCounts, type WorkflowStats } from '../core/executor/counts.js';
