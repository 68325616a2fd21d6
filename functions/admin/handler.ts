import { CustomerReader } from '../../shared/adapters/dynamodb/customer-reader.js';
import { DynamoEnrollmentStore } from '../../shared/adapters/dynamodb/enrollment-store.js';
import { DynamoInactiveCustomers } from '../../shared/adapters/dynamodb/inactive-customers.js';
import { DynamoMessageReader } from '../../shared/adapters/dynamodb/message-reader.js';
import { DynamoWorkflowStore } from '../../shared/adapters/dynamodb/workflow-store.js';
import { EventBridgePublisher } from '../../shared/adapters/eventbridge/publisher.js';
import { createLoyaltyRuntime } from '../../shared/adapters/lambda/loyalty-runtime.js';
import { createRuntime } from '../../shared/adapters/lambda/runtime.js';
import { createDataRequests } from '../../shared/adapters/lifecycle/purge-runtime.js';
import { createAdminApi } from '../../shared/api/admin.js';
import { loadConfig } from '../../shared/config.js';
import { parseLoyaltyProgram } from '../../shared/schemas/loyalty-program.js';
import program from '../../workflows/loyalty.json' with { type: 'json' };
import { createAdminHandler } from './admin.js';

const config = loadConfig();
const rt = createRuntime(config);
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
