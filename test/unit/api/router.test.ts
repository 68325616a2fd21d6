import { describe, expect, it } from 'vitest';
import { type ApiRequest, json, Router } from '../../../shared/platform/http/http.js';

const request = (method: string, path: string): ApiRequest => ({
  method,
  path,
  query: new URLSearchParams(),
  body: undefined,
});

/** Answers with the route that matched and its path parameters. */
const echo = (name: string) => async (_req: ApiRequest, params: Readonly<Record<string, string>>) =>
  json(200, { route: name, params });

const router = () =>
  new Router()
    .add('GET', '/customers/{id}', echo('customer'))
    .add('GET', '/customers/{id}/timeline', echo('timeline'))
    .add('POST', '/clock', echo('set-clock'))
    .add('GET', '/clock', echo('get-clock'));

describe('Router', () => {
  it('routes by method and path template, passing the path parameters', async () => {
    expect(await router().handle(request('GET', '/customers/cus_1'))).toEqual({
      status: 200,
      body: { route: 'customer', params: { id: 'cus_1' } },
    });
    expect(await router().handle(request('GET', '/customers/cus_1/timeline'))).toEqual({
      status: 200,
      body: { route: 'timeline', params: { id: 'cus_1' } },
    });
  });

  it('picks the route for the method when two share a path', async () => {
    expect((await router().handle(request('POST', '/clock'))).body).toMatchObject({ route: 'set-clock' });
    expect((await router().handle(request('GET', '/clock'))).body).toMatchObject({ route: 'get-clock' });
  });

  it('answers 400 naming the parameter for an id longer than any Rekindle stores (not a 500 from the table)', async () => {
    const response = await router().handle(request('GET', `/customers/${'x'.repeat(10_000)}`));
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.body)).toContain('id must be at most 256 characters');
  });

  it('decodes percent-encoded path parameters', async () => {
    const response = await router().handle(request('GET', '/customers/cus%201%2Fb'));
    expect(response.body).toMatchObject({ params: { id: 'cus 1/b' } });
  });

  it('answers an unknown path with a 404 JSON problem', async () => {
    expect(await router().handle(request('GET', '/nope'))).toEqual({
      status: 404,
      body: { error: 'NotFound', message: 'no route for GET /nope' },
    });
  });

  it('does not let a parameter span path segments', async () => {
    expect((await router().handle(request('GET', '/customers/a/b'))).status).toBe(404);
    expect((await router().handle(request('GET', '/customers/'))).status).toBe(404);
  });

  it('answers a known path with the wrong method with a 405 JSON problem', async () => {
    expect(await router().handle(request('DELETE', '/customers/cus_1'))).toEqual({
      status: 405,
      body: { error: 'MethodNotAllowed', message: 'DELETE is not allowed on /customers/cus_1' },
    });
  });

  it('answers a malformed percent-encoding with a 4xx problem instead of throwing', async () => {
    const response = await router()
      .handle(request('GET', '/customers/%E0%A4%A'))
      .catch((error: unknown) => ({ status: 500, body: String(error) }));
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
  });

  it('lists every route it holds', () => {
    expect(router().list()).toEqual([
      { method: 'GET', template: '/customers/{id}' },
      { method: 'GET', template: '/customers/{id}/timeline' },
      { method: 'POST', template: '/clock' },
      { method: 'GET', template: '/clock' },
    ]);
  });
});
