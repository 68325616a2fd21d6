import { RekindleError } from './errors.js';

/** Too many concurrent writers on one item in a row: the event is retried by the caller's retry policy (the bus). */
export class ContentionError extends RekindleError {
  override name = 'ContentionError';
}

/** One try of a read–decide–conditional-write: `{ done }` when it committed (or had nothing to do), else lost a race. */
export type Attempt<T> = () => Promise<{ readonly done: T } | undefined>;

/**
 * The optimistic-concurrency loop every store uses: run `attempt` until it commits, pausing a little (jittered,
 * growing to 200 ms) between lost races so concurrent writers spread out. After `maxAttempts` it throws, never gives
 * up silently: the delivery is retried and nothing is lost.
 */
export async function retryOnConflict<T>(what: string, attempt: Attempt<T>, maxAttempts = 30): Promise<T> {
  for (let n = 0; n < maxAttempts; n++) {
    const outcome = await attempt();
    if (outcome) return outcome.done;
    await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(200, 5 * 2 ** n)));
  }
  throw new ContentionError(`${what}: ${maxAttempts} concurrent updates in a row, will be retried`);
}
