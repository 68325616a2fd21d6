import * as z from 'zod';
import type { PurgeService } from '../../lifecycle/core/purge-service.js';
import { type ApiResponse, json, type Router } from '../../platform/http/http.js';
import { parseOrThrow } from '../../platform/http/parse.js';
import type { CustomerExport } from '../store/customer-export.js';

export interface DataRequestDeps {
  /** Null when nothing is held (the id was never seen). */
  export(customerId: string): Promise<CustomerExport | null>;
  readonly purge: PurgeService;
  readonly now: () => Date;
}

const erasureBody = z
  .object({ reason: z.string().trim().min(1).max(500).default('request') })
  .strict()
  .default({ reason: 'request' });

/**
 * Data-subject requests: `GET /customers/{id}/export` (everything held, as JSON; after a purge, empty sections and
 * the erasure) and `DELETE /customers/{id}` (the purge, reason "request" unless the body gives one; repeatable).
 */
export function addDataRequestRoutes(
  router: Router,
  deps: DataRequestDeps,
  unknownCustomer: (id: string) => ApiResponse,
): void {
  router
    .add('GET', '/customers/{id}/export', async (_req, { id = '' }) => {
      const held = await deps.export(id);
      return held ? json(200, held) : unknownCustomer(id);
    })
    .add('DELETE', '/customers/{id}', async (req, { id = '' }) => {
      const { reason } = parseOrThrow(erasureBody, req.body, 'body');
      const outcome = await deps.purge.purge({
        customerId: id,
        reason,
        requestedBy: req.caller ?? 'admin API',
        requestedAt: deps.now().toISOString(),
      });
      return outcome.status === 'unknown' ? unknownCustomer(id) : json(200, outcome);
    });
}
