import { createAdminApi } from '../../shared/admin/admin.js';
import { CustomerReader } from '../../shared/customer/store/customer-reader.js';
import { createDataRequests } from '../../shared/lifecycle/compose.js';
import { DynamoInactiveCustomers } from '../../shared/lifecycle/store/inactive-customers.js';
import { createLoyaltyRuntime } from '../../shared/loyalty/compose.js';
import { parseLoyaltyProgram } from '../../shared/loyalty/core/program.js';
import { DynamoMessageReader } from '../../shared/messaging/store/message-reader.js';
import { loadConfig } from '../../shared/platform/config.js';
import { EventBridgePublisher } from '../../shared/platform/eventbridge/publisher.js';
import { createRuntime } from '../../shared/platform/lambda/runtime.js';
import { DynamoEnrollmentStore } from '../../shared/workflow/store/enrollment-store.js';
import { DynamoWorkflowStore } from '../../shared/workflow/store/workflow-store.js';
import program from '../../workflows/loyalty.json' with { type: 'json' };
import { createAdminHandler } from './admin.js';

const config = loadConfig();
const rt = createRuntime(config, { service: 'admin' });
const loyalty = createLoyaltyRuntime(rt, config, parseLoyaltyProgram(program));
// No clock control on AWS: time there is the real time. Redemptions publish `Points Redeemed` to the bus.
export const handler = createAdminHandler(
  createAdminApi({
    customers: new CustomerReader(rt.db, rt.table),
    parked: rt.parked,
    loyalty: { ...loyalty, now: rt.now },
    messages: new DynamoMessageReader(rt.db, rt.table),
    reports: { inactive: new DynamoInactiveCustomers(rt.db, rt.table), now: rt.now },
    workflows: {
      enrollments: new DynamoEnrollmentStore(rt.db, rt.table),
      workflows: new DynamoWorkflowStore(rt.db, rt.table),
    },
    dataRequests: createDataRequests(
      rt,
      EventBridgePublisher.create(config.EVENT_BUS_NAME, config.EVENTBRIDGE_ENDPOINT),
    ),
  }),
);
