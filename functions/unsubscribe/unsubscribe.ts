import type { LambdaFunctionURLEvent, LambdaFunctionURLResult } from 'aws-lambda';
import { encodeResponse, type Router } from '../../shared/platform/http/http.js';

/**
 * Function URL (public: mail clients post to it without credentials) -> the unsubscribe router -> a page, JSON or
 * an empty 200. The body is not parsed: the token in the path is the whole request.
 */
export const createUnsubscribeHandler =
  (router: () => Promise<Router>) =>
  async (event: LambdaFunctionURLEvent): Promise<LambdaFunctionURLResult> => {
    const response = await (await router()).handle({
      method: event.requestContext.http.method,
      path: event.rawPath.replace(/\/+$/, '') || '/',
      query: new URLSearchParams(event.rawQueryString),
      body: event.body && event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body,
      headers: event.headers,
    });
    const { headers, text } = encodeResponse(response);
    return { statusCode: response.status, headers, body: text };
  };
