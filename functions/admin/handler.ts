import { CustomerReader } from '../../shared/adapters/dynamodb/customer-reader.js';
import { createRuntime } from '../../shared/adapters/lambda/runtime.js';
import { createAdminApi } from '../../shared/api/admin.js';
import { loadConfig } from '../../shared/config.js';
import { createAdminHandler } from './admin.js';

const rt = createRuntime(loadConfig());
// No clock control on AWS: time there is the real time.
export const handler = createAdminHandler(
  createAdminApi({ customers: new CustomerReader(rt.db, rt.table), parked: rt.parked }),
);
