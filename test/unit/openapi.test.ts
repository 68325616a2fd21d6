import { describe, expect, it } from 'vitest';
import openApi from '../../docs/openapi.json' with { type: 'json' };
import { createAdminApi } from '../../shared/admin/admin.js';
import type { CustomerReader } from '../../shared/customer/store/customer-reader.js';
import type { InactiveCustomerSource } from '../../shared/lifecycle/core/inactive-report.js';
import type { PurgeService } from '../../shared/lifecycle/core/purge-service.js';
import type { LoyaltyService } from '../../shared/loyalty/core/loyalty-service.js';
import type { LoyaltyStore } from '../../shared/loyalty/core/ports.js';
import type { MessageReader } from '../../shared/messaging/core/ports.js';
import { ControllableClock } from '../../shared/platform/clock.js';
import type { ParkedEventStore } from '../../shared/platform/dynamodb/parked-events.js';
import type { WorkflowDeps } from '../../shared/workflow/routes/workflow-routes.js';

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
