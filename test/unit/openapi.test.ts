import { describe, expect, it } from 'vitest';
import openApi from '../../docs/openapi.json' with { type: 'json' };
import { ControllableClock } from '../../shared/adapters/clock.js';
import type { CustomerReader } from '../../shared/adapters/dynamodb/customer-reader.js';
import type { ParkedEventStore } from '../../shared/adapters/dynamodb/parked-events.js';
import { createAdminApi } from '../../shared/api/admin.js';

describe('docs/openapi.json', () => {
  it('documents every route the admin API serves (locally, with the clock), and no other', () => {
    // Only the route list is read here, so the stores are never called.
    const router = createAdminApi({
      customers: {} as CustomerReader,
      parked: {} as ParkedEventStore,
      clock: new ControllableClock(),
    });
    const served = router
      .list()
      .map((r) => `${r.method} ${r.template}`)
      .concat('POST /settle') // added by the local engine
      .sort();
    const documented = Object.entries(openApi.paths)
      .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`))
      .sort();
    expect(documented).toEqual(served);
  });
});
