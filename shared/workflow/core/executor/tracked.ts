import { RekindleError } from '../../../platform/errors.js';

/** The event is not tracked yet (its profile, cart or order not saved): the delivery is retried later. */
export class NotTrackedYetError extends RekindleError {
  override name = 'NotTrackedYetError';
}

/** Pauses between checks, ~1.6 s in all: tracking the same event in parallel takes milliseconds. */
export const trackedWaitsMs = [20, 40, 80, 160, 320, 960] as const;

/**
 * Storefront events reach tracking and the workflow function at the same time; a workflow must act on the customer
 * as the event leaves them (the consent a registration gives, the cart an update saves). Waits until tracking has
 * recorded the event, else throws so the bus retries the delivery (tracking failed or is slow).
 */
export async function untilTracked(
  isTracked: () => Promise<boolean>,
  what: string,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
): Promise<void> {
  if (await isTracked()) return;
  for (const ms of trackedWaitsMs) {
    await sleep(ms);
    if (await isTracked()) return;
  }
  throw new NotTrackedYetError(`${what} is not tracked yet: the workflow acts on it once it is (retried)`);
}
