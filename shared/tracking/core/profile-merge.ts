import type { ConsentChannel, ProfileChange } from './model.js';
import { consentChannels } from './model.js';

const scalarFields = ['email', 'phone', 'firstName', 'lastName', 'locale', 'timezone', 'birthday'] as const;
type ScalarField = (typeof scalarFields)[number];

/** When each profile field was last set, by the time of the event that set it (`consent:email`, `attr:tier`, ...). */
export type FieldTimes = Readonly<Record<string, string>>;

export interface ProfileUpdate {
  /** Attribute name on the stored profile -> new value; `null` removes it. */
  readonly set: Readonly<Record<string, unknown>>;
  readonly fieldTimes: FieldTimes;
}

/**
 * Per-field last-writer-wins by event time, so events arriving out of order converge on the same profile:
 * an older `Customer Registered` delivered after a newer `Customer Updated` fills gaps without undoing it.
 * Returns null when nothing changes (a duplicate or an entirely older event).
 */
export function mergeProfile(current: FieldTimes, change: ProfileChange): ProfileUpdate | null {
  const set: Record<string, unknown> = {};
  const times: Record<string, string> = { ...current };
  const take = (field: string, attribute: string, value: unknown, winsTies = false): void => {
    const previous = current[field];
    if (previous !== undefined && (previous > change.at || (previous === change.at && !winsTies))) return;
    set[attribute] = value;
    times[field] = change.at;
  };
  for (const field of scalarFields) {
    const value = change[field satisfies ScalarField];
    if (value !== undefined) take(field, field, value);
  }
  for (const channel of consentChannels) {
    const granted = change.consents?.[channel satisfies ConsentChannel];
    if (granted !== undefined) {
      const via = change.registered ? 'registration' : 'update';
      // A withdrawal wins a tie: a box unticked in the second it was ticked (times have second precision) is "no".
      take(`consent:${channel}`, `consent:${channel}`, { granted, at: change.at, via }, !granted);
    }
  }
  for (const [name, value] of Object.entries(change.attributes ?? {})) {
    take(`attr:${name}`, `attr:${name}`, value);
  }
  // The first registration is kept (earliest wins), whatever order the events arrive in.
  const registeredAt = current.registeredAt;
  if (change.registered && (registeredAt === undefined || change.at < registeredAt)) {
    set.registeredAt = change.at;
    times.registeredAt = change.at;
  }
  return Object.keys(set).length === 0 ? null : { set, fieldTimes: times };
}
