import { RekindleError } from '../../platform/errors.js';

/** Base of the errors messaging raises on purpose. */
export class MessagingError extends RekindleError {
  override name = 'MessagingError';
}

/** One problem in a template file, at a line of it when known (1-based). */
export interface TemplateProblem {
  readonly line: number | null;
  readonly message: string;
}

/**
 * A template that cannot be rendered: missing, or a Liquid, MJML or JSON error. The message names the file;
 * `problems` lists each problem with its line, for `rekindle validate` to print as `file:line: message`.
 */
export class TemplateError extends MessagingError {
  override name = 'TemplateError';
  readonly problems: readonly TemplateProblem[];
  constructor(message: string, options?: ErrorOptions & { readonly problems?: readonly TemplateProblem[] }) {
    super(message, options);
    this.problems = options?.problems ?? [{ line: null, message }];
  }
}

/**
 * The template folder has no file for the channel in the customer's locale (nor a fallback locale): rendering
 * again will not help until one is added, so the message is skipped with this reason rather than retried.
 */
export class MissingTemplateError extends TemplateError {
  override name = 'MissingTemplateError';
}

/**
 * The provider refused the message in a way that proves nothing was sent (throttling, a 4xx, a connection that
 * never opened): the send may be tried again later. Any other error from a provider leaves the outcome unknown.
 */
export class NotSentError extends MessagingError {
  override name = 'NotSentError';
  constructor(
    message: string,
    /** True when the refusal is about the rate (throttling, quota): waiting helps. */
    readonly retryable: boolean,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
