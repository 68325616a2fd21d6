import * as z from 'zod';
import { ValidationError } from '../../platform/errors.js';
import { json, type Router } from '../../platform/http/http.js';
import { parseOrThrow } from '../../platform/http/parse.js';
import { cutoffOf, type InactiveCustomerSource, inactiveReport, sinceIssue } from '../core/inactive-report.js';

export interface ReportDeps {
  readonly inactive: InactiveCustomerSource;
  readonly now: () => Date;
}

const inactiveQuery = z.object({
  days: z.coerce.number().int().min(1).max(3650),
  since: z.iso.date().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().min(1).optional(),
});

/** `GET /reports/inactive?days=60[&since=YYYY-MM-DD][&limit=N][&cursor=...]`: one page, most recently silent first. */
export function addReportRoutes(router: Router, deps: ReportDeps): void {
  router.add('GET', '/reports/inactive', async (req) => {
    const query = parseOrThrow(inactiveQuery, Object.fromEntries(req.query), 'query');
    const now = deps.now();
    const issue = query.since === undefined ? null : sinceIssue(query.since, cutoffOf(now, query.days));
    if (issue !== null) throw new ValidationError([{ path: 'query.since', message: issue }]);
    return json(200, await inactiveReport(deps.inactive, query, now));
  });
}
