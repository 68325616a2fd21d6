import * as z from 'zod';
import { type ApiResponse, json, problem, type Router } from '../../platform/http/http.js';
import { parseOrThrow } from '../../platform/http/parse.js';
import { ContentionError } from '../../platform/retry-on-conflict.js';
import { balanceAt } from '../core/balance.js';
import type { LoyaltyService } from '../core/loyalty-service.js';
import type { LoyaltyStore } from '../core/ports.js';

export interface LoyaltyDeps {
  readonly store: LoyaltyStore;
  readonly service: LoyaltyService;
  readonly now: () => Date;
}

export interface LoyaltySummary {
  /** `debt`: points owed beyond the available ones (a refund of spent points), repaid by the next points earned. */
  readonly points: {
    readonly available: number;
    readonly pending: number;
    readonly lifetime: number;
    readonly debt?: number | undefined;
  };
  readonly tier: string | null;
}

const redemptionRequest = z
  .object({
    key: z.string().min(1).max(128).describe("The client's idempotency key: the same key always gives the same coupon"),
    points: z.number().int().positive(),
  })
  .strict();

const ledgerQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().min(1).optional(),
});

/** Points and tier as of now; zero points and no tier before the first posting. */
export async function loyaltySummary(deps: LoyaltyDeps, customerId: string): Promise<LoyaltySummary> {
  const stored = await deps.store.load(customerId);
  if (!stored) return { points: { available: 0, pending: 0, lifetime: 0 }, tier: null };
  const balance = balanceAt(stored.account, deps.now().toISOString());
  return { points: balance, tier: stored.account.tier };
}

/** `GET /customers/{id}/ledger` and `POST /customers/{id}/redemptions`, for known customers only. */
export function addLoyaltyRoutes(
  router: Router,
  deps: LoyaltyDeps,
  customerExists: (id: string) => Promise<boolean>,
  unknownCustomer: (id: string) => ApiResponse,
): void {
  router
    .add('GET', '/customers/{id}/ledger', async (req, { id = '' }) => {
      const query = parseOrThrow(ledgerQuery, Object.fromEntries(req.query), 'query');
      if (!(await customerExists(id))) return unknownCustomer(id);
      return json(200, await deps.store.ledger(id, query.limit, query.cursor));
    })
    .add('POST', '/customers/{id}/redemptions', async (req, { id = '' }) => {
      const body = parseOrThrow(redemptionRequest, req.body, 'body');
      if (!(await customerExists(id))) return unknownCustomer(id);
      const at = deps.now().toISOString();
      let result: Awaited<ReturnType<LoyaltyService['apply']>>;
      try {
        result = await deps.service.apply(id, { kind: 'redeem', key: body.key, points: body.points, at });
      } catch (error) {
        if (!(error instanceof ContentionError)) throw error;
        return problem(503, 'AccountBusy', 'the account is being updated by many postings at once; retry shortly');
      }
      const { outcome } = result;
      if (outcome.status === 'refused') {
        const status = outcome.reason === 'insufficient-points' ? 409 : 422;
        return problem(status, refusalCodes[outcome.reason], outcome.message);
      }
      if (!result.redemption) return problem(500, 'InternalError', 'the redemption produced no coupon');
      return json(outcome.status === 'duplicate' ? 200 : 201, { ...result.redemption, customerId: id });
    });
}

const refusalCodes = {
  'insufficient-points': 'InsufficientPoints',
  'below-minimum': 'BelowMinimum',
  'not-a-step': 'NotAStep',
  'invalid-points': 'InvalidPoints',
  'no-exchange-rate': 'NoExchangeRate',
} as const;
