import { type ApiRequest, type ApiResponse, json, problem, Router } from '../../platform/http/http.js';
import type { RefusedToken, UnsubscribeService, UnsubscribeView } from '../core/unsubscribe-service.js';
import { pageLanguage, unsubscribePage } from './unsubscribe-page.js';

/**
 * The public unsubscribe routes, apart from the admin API (on AWS their own Function URL, open to anyone holding a
 * signed link; locally mounted on the admin server):
 * - `GET /u/{token}`: the preference page with a button that POSTs. It never unsubscribes.
 * - `POST /u/{token}`: unsubscribes at once, whatever the body (RFC 8058 one-click sends `List-Unsubscribe=One-Click`,
 *   the page's form the same); repeating it changes nothing. 200: a page for a browser, JSON when asked, else empty.
 * A tampered, expired or malformed token is a 400 saying which, as a page or as JSON `{error, message}` by Accept.
 */
export function createUnsubscribeApi(service: UnsubscribeService): Router {
  return new Router()
    .add('GET', '/u/{token}', async (req, { token = '' }) => respond(req, 'GET', await service.preview(token)))
    .add('POST', '/u/{token}', async (req, { token = '' }) => respond(req, 'POST', await service.unsubscribe(token)));
}

const errorNames: Readonly<Record<RefusedToken, string>> = {
  tampered: 'TamperedToken',
  expired: 'ExpiredToken',
  malformed: 'MalformedToken',
};

// The page holds a live link: not cached, not framed (clickjacking the button), its URL never sent as a referrer.
const pageHeaders = {
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
};

function respond(req: ApiRequest, method: 'GET' | 'POST', view: UnsubscribeView): ApiResponse {
  const accept = req.headers?.accept ?? '';
  const wantsHtml = accept.includes('text/html');
  const wantsJson = !wantsHtml && accept.includes('application/json');
  const status = view.outcome === 'refused' ? 400 : 200;
  if (wantsHtml || (method === 'GET' && !wantsJson)) {
    const language = pageLanguage(view.locale, req.headers?.['accept-language']);
    return {
      status,
      body: unsubscribePage(view, language),
      headers: { 'content-type': 'text/html; charset=utf-8', ...pageHeaders },
    };
  }
  if (view.outcome === 'refused') return problem(400, errorNames[view.problem], view.message);
  if (wantsJson) return json(200, { status: view.outcome, channel: view.channel });
  // A mail client's one-click POST asks for nothing back.
  return {
    status: 200,
    body: '',
    headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
  };
}
