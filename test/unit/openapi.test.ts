import { describe, expect, it } from 'vitest';
import openApi from '../../docs/openapi.json' with { type: 'json' };
import { ControllableClock } from '../../shared/adapters/clock.js';
import type { CustomerReader } from '../../shared/adapters/dynamodb/customer-reader.js';
import type { ParkedEventStore } from '../../shared/adapters/dynamodb/parked-events.js';
import { createAdminApi } from '../../shared/api/admin.js';
import type { WorkflowDeps } from '../../shared/api/workflow-routes.js';
import type { InactiveCustomerSource } from '../../shared/domain/lifecycle/inactive-report.js';
import type { PurgeService } from '../../shared/domain/lifecycle/purge-service.js';
import type { LoyaltyService } from '../../shared/domain/loyalty/loyalty-service.js';
import type { LoyaltyStore } from '../../shared/domain/loyalty/ports.js';
import type { MessageReader } from '../../shared/domain/messaging/ports.js';

describe('docs/openapi.json', () => {
  it('documents every route the admin API serves (locally, with the clock), and no other', () => {
    // Only the route list is read here, so the stores are never called.
    const router = createAdminApi({
      customers: {} as CustomerReader,
      parked: {} as ParkedEventStore,
      clock: new ControllableClock(),
      loyalty: { store: {} as LoyaltyStore, service: {} as LoyaltyService, now: () => new Date() },
      workflows: { enrollments: {} as WorkflowDeps['enrollments'], workflows: {} as WorkflowDeps['workflows'] },
      messages: {} as MessageReader,
      reports: { inactive: {} as InactiveCustomerSource, now: () => new Date() },
      dataRequests: { export: async () => null, purge: {} as PurgeService, now: () => new Date() },
    });
    const served = router
      .list()
      .map((r) => `${r.method} ${r.template}`)
      .concat('POST /settle', 'GET /bus/events') // added by the local engine
      .concat('GET /u/{token}', 'POST /u/{token}') // the unsubscribe routes the local admin server serves too
      .sort();
    const documented = Object.entries(openApi.paths)
      .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`))
      .sort();
    expect(documented).toEqual(served);
  });
});
