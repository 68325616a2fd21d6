import * as z from 'zod';
import { type ApiResponse, json, type Router } from '../../platform/http/http.js';
import { parseOrThrow } from '../../platform/http/parse.js';
import type { MessageReader } from '../core/ports.js';

const messagesQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().min(1).optional(),
});

const problemsQuery = z.object({ limit: z.coerce.number().int().min(1).max(100).default(50) });

/**
 * `GET /customers/{id}/messages`: every message, sent or skipped (with why), newest first, with its status history.
 * `GET /problems`: the messages that failed (a template that does not render, a provider's refusal), newest first.
 */
export function addMessageRoutes(
  router: Router,
  messages: MessageReader,
  customerExists: (id: string) => Promise<boolean>,
  unknownCustomer: (id: string) => ApiResponse,
): void {
  router.add('GET', '/customers/{id}/messages', async (req, { id = '' }) => {
    const query = parseOrThrow(messagesQuery, Object.fromEntries(req.query), 'query');
    if (!(await customerExists(id))) return unknownCustomer(id);
    return json(200, await messages.messages(id, query.limit, query.cursor));
  });
  router.add('GET', '/problems', async (req) => {
    const query = parseOrThrow(problemsQuery, Object.fromEntries(req.query), 'query');
    return json(200, { items: await messages.problems(query.limit) });
  });
}
