import * as z from 'zod';
import openApi from '../../docs/openapi.json' with { type: 'json' };
import { addDataRequestRoutes, type DataRequestDeps } from '../customer/routes/data-request-routes.js';
import type { CustomerReader } from '../customer/store/customer-reader.js';
import { addReportRoutes, type ReportDeps } from '../lifecycle/routes/report-routes.js';
import { addLoyaltyRoutes, type LoyaltyDeps, loyaltySummary } from '../loyalty/routes/loyalty-routes.js';
import type { MessageReader } from '../messaging/core/ports.js';
import { addMessageRoutes } from '../messaging/routes/message-routes.js';
import { addDuration, parseDuration } from '../platform/duration.js';
import type { ParkedEventStore } from '../platform/dynamodb/parked-events.js';
import { ValidationError } from '../platform/errors.js';
import { type ApiRequest, type ApiResponse, json, problem, Router } from '../platform/http/http.js';
import { parseOrThrow } from '../platform/http/parse.js';
import { addWorkflowRoutes, type WorkflowDeps } from '../workflow/routes/workflow-routes.js';

export interface ClockControl {
  now(): Date;
  /** May do work before resolving (locally: run the timers that came due, then let the bus settle). */
  set(to: Date): Date | Promise<Date>;
}

export interface AdminDeps {
  readonly customers: CustomerReader;
  readonly parked: ParkedEventStore;
  /** Present only in the local engine: on AWS time is not ours to move. */
  readonly clock?: ClockControl;
  readonly loyalty?: LoyaltyDeps;
  readonly workflows?: WorkflowDeps;
  readonly messages?: MessageReader;
  /** `GET /reports/inactive`. */
  readonly reports?: ReportDeps;
  readonly dataRequests?: DataRequestDeps;
}

const timelineQuery = z.object({
  channel: z.enum(['web', 'email', 'sms', 'whatsapp']).optional(),
  type: z.string().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().min(1).optional(),
});

const clockChange = z
  .object({
    advance: z
      .string()
      .refine((d) => parseDuration(d) !== null, 'must be an ISO-8601 duration, e.g. PT4H')
      .optional(),
    set: z.iso.datetime({ offset: true }).optional(),
  })
  .strict()
  .refine((c) => (c.advance === undefined) !== (c.set === undefined), {
    message: 'give exactly one of "advance" (an ISO-8601 duration such as P60D) or "set" (an ISO time)',
  });

/** The admin API: one router for the local server and the Lambda Function URL. */
export function createAdminApi(deps: AdminDeps): Router {
  const router = new Router()
    .add('GET', '/health', async () => json(200, { ok: true }))
    .add('GET', '/openapi.json', async () => json(200, openApi))
    .add('GET', '/customers/{id}', async (_req, { id = '' }) => {
      const customer = await deps.customers.customer(id);
      if (!customer) return unknownCustomer(id);
      return json(200, deps.loyalty ? { ...customer, ...(await loyaltySummary(deps.loyalty, id)) } : customer);
    })
    .add('GET', '/customers/{id}/timeline', async (req, { id = '' }) => {
      const query = parseOrThrow(timelineQuery, Object.fromEntries(req.query), 'query');
      if (!(await deps.customers.customer(id))) return unknownCustomer(id);
      return json(200, await deps.customers.timeline(id, query));
    })
    .add('GET', '/dlq', async (req) => {
      const limit = parseOrThrow(
        z.coerce.number().int().min(1).max(1000).default(100),
        req.query.get('limit') ?? undefined,
        'limit',
      );
      return json(200, await deps.parked.page(limit, req.query.get('cursor') ?? undefined));
    });
  const clock = deps.clock;
  if (clock) {
    router
      .add('GET', '/clock', async () => json(200, { now: clock.now().toISOString() }))
      .add('POST', '/clock', async (req) => {
        const change = parseOrThrow(clockChange, req.body, 'body');
        const target =
          change.set !== undefined
            ? new Date(change.set)
            : addDuration(clock.now(), parseDuration(change.advance ?? '') ?? noDuration);
        try {
          return json(200, { now: (await clock.set(target)).toISOString() });
        } catch (error) {
          return problem(409, 'ClockConflict', error instanceof Error ? error.message : String(error));
        }
      });
  }
  const exists = async (id: string) => (await deps.customers.customer(id)) !== null;
  if (deps.loyalty) addLoyaltyRoutes(router, deps.loyalty, exists, unknownCustomer);
  if (deps.workflows) addWorkflowRoutes(router, deps.workflows, exists, unknownCustomer);
  if (deps.messages) addMessageRoutes(router, deps.messages, exists, unknownCustomer);
  if (deps.reports) addReportRoutes(router, deps.reports);
  if (deps.dataRequests) addDataRequestRoutes(router, deps.dataRequests, unknownCustomer);
  return router;
}

/** Routes a request, mapping expected errors to responses in one place. */
export async function handleAdminRequest(router: Router, request: ApiRequest): Promise<ApiResponse> {
  try {
    return await router.handle(request);
  } catch (error) {
    if (error instanceof ValidationError) return problem(400, 'ValidationError', error.message, error.issues);
    throw error;
  }
}

const noDuration = { years: 0, months: 0, weeks: 0, days: 0, hours: 0, minutes: 0, seconds: 0 };

const unknownCustomer = (id: string): ApiResponse => problem(404, 'CustomerNotFound', `no customer with id '${id}'`);
