import type * as z from 'zod';

/** Base of every error Rekindle raises on purpose; `cause` keeps the original error. */
export class RekindleError extends Error {
  override name = 'RekindleError';
}

export interface FieldIssue {
  /** Dotted path into the input, e.g. `detail.items[0].price`. */
  readonly path: string;
  readonly message: string;
}

/** Input that can never succeed, however often it is retried: parked in the DLQ with its reasons. */
export class ValidationError extends RekindleError {
  override name = 'ValidationError';
  constructor(
    readonly issues: readonly FieldIssue[],
    options?: ErrorOptions,
  ) {
    super(issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; '), options);
  }

  static fromZod(error: z.ZodError, prefix = ''): ValidationError {
    const issues = error.issues.map((issue) => ({ path: formatPath(prefix, issue.path), message: issue.message }));
    return new ValidationError(issues, { cause: error });
  }
}

/** A resource that does not exist (mapped to 404 by the admin API). */
export class NotFoundError extends RekindleError {
  override name = 'NotFoundError';
}

function formatPath(prefix: string, path: readonly PropertyKey[]): string {
  let out = prefix;
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}
