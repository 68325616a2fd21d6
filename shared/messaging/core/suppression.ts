/** A suppression entry as stored (by hash of the address): why, since when, and for which channels (null: all). */
export interface Suppression {
  readonly reason: string;
  readonly at: string;
  readonly channels: ReadonlySet<string> | null;
}

/**
 * Whether a suppression still holds for a channel. Bounces, complaints, unsubscribes and STOP replies are permanent:
 * a consent the shop sends later may be a stale copy of its own record, which never learnt of the unsubscribe. A
 * purge's suppression is lifted by the customer opting in again on that channel after it (`optedInAt`: a consent
 * given by a `Customer Updated`); the consent on a new registration is not enough, the sign-up form's default is not
 * the person asking to hear from the shop again.
 */
export function suppresses(suppression: Suppression | null, channel: string, optedInAt: string | undefined): boolean {
  if (suppression === null) return false;
  if (suppression.channels !== null && !suppression.channels.has(channel)) return false;
  if (suppression.reason !== 'purge') return true;
  return optedInAt === undefined || optedInAt <= suppression.at;
}
