import type { LambdaFunctionURLEvent, LambdaFunctionURLResult } from 'aws-lambda';
import { handleAdminRequest } from '../../shared/admin/admin.js';
import type { Router } from '../../shared/platform/http/http.js';
import { problem } from '../../shared/platform/http/http.js';

/** Function URL (IAM-authenticated) -> the admin router -> JSON response. */
export const createAdminHandler =
  (router: Router) =>
  async (event: LambdaFunctionURLEvent): Promise<LambdaFunctionURLResult> => {
    let body: unknown;
    try {
      const text =
        event.body && event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
      body = text?.trim() ? JSON.parse(text) : undefined;
    } catch {
      return respond(problem(400, 'InvalidJson', 'the request body is not valid JSON'));
    }
    const response = await handleAdminRequest(router, {
      method: event.requestContext.http.method,
      path: event.rawPath.replace(/\/+$/, '') || '/',
      query: new URLSearchParams(event.rawQueryString),
      body,
      ...callerOf(event),
    });
    return respond(response);
  };

/** IAM-authenticated Function URL: the signer's ARN, for the audit record of an erasure. */
function callerOf(event: LambdaFunctionURLEvent): { caller?: string } {
  // The Function URL event carries `authorizer.iam` when AuthType is AWS_IAM; the type package leaves it out.
  const context: object = event.requestContext;
  const authorizer = 'authorizer' in context ? context.authorizer : undefined;
  const iam = typeof authorizer === 'object' && authorizer !== null && 'iam' in authorizer ? authorizer.iam : undefined;
  const arn = typeof iam === 'object' && iam !== null && 'userArn' in iam ? iam.userArn : undefined;
  return typeof arn === 'string' ? { caller: arn } : {};
}

const respond = (r: { status: number; body: unknown }): LambdaFunctionURLResult => ({
  statusCode: r.status,
  headers: { 'content-type': 'application/json; charset=utf-8' },
  body: JSON.stringify(r.body),
});
